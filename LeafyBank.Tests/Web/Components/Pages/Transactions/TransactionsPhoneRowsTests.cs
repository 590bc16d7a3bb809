using TransactionsPage = LeafyBank.Web.Components.Pages.Transactions.Transactions;

namespace LeafyBank.Tests.Web.Components.Pages.Transactions;

/// <summary>
/// On a phone the account and category columns give way; the lines under each description still say
/// which account paid (two accounts at one bank are told apart) and in which category, filtered or not.
/// </summary>
public sealed class TransactionsPhoneRowsTests : PersonasTestContext
{
    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    private async Task TwoAccountsAtGreenBankAsync()
    {
        var current = TestDocuments.Account(FridaId, "Green Bank", "204515807", 1200m);
        current.AccountName = "Classic Current Account";
        await AddAsync(current);
        var savings = TestDocuments.Account(FridaId, "Green Bank", "330011", 7825m, type: AccountTypes.Savings);
        savings.AccountName = "Easy Saver";
        await AddAsync(savings);
        await AddAsync(Transaction("C1", "Green Bank", "204515807", -42.10m, Now.AddDays(-1), description: "Green Grocer", category: "Groceries"));
        await AddAsync(Transaction("S1", "Green Bank", "330011", -9.99m, Now.AddDays(-2), description: "Cafe Sacher", category: "Eating out"));
        // An account the bank no longer lists: only its number is known, never its raw id shown whole.
        await AddAsync(Transaction("X1", "Green Bank", "99887766", -5m, Now.AddDays(-3), description: "Old card", category: null));
    }

    private static AngleSharp.Dom.IElement PhoneLinesOf(IRenderedComponent<TransactionsPage> cut, string description) =>
        TransactionRow(cut, description).QuerySelector("[data-testid=transaction-phone-meta]")!;

    [Fact]
    public async Task Each_phone_row_names_its_account_with_the_masked_number_and_its_category()
    {
        await TwoAccountsAtGreenBankAsync();

        var cut = Render<TransactionsPage>();
        cut.WaitForElement("[data-testid=transactions-list]");

        var groceries = PhoneLinesOf(cut, "Green Grocer");
        Assert.Contains(" · Groceries", groceries.TextContent, StringComparison.Ordinal);
        Assert.Equal("Green Bank · Classic Current Account ••••\u00A05807", groceries.QuerySelector("[data-testid=transaction-phone-account]")!.TextContent.Trim());
        var cafe = PhoneLinesOf(cut, "Cafe Sacher");
        Assert.Contains(" · Eating out", cafe.TextContent, StringComparison.Ordinal);
        Assert.Equal("Green Bank · Easy Saver ••••\u00A00011", cafe.QuerySelector("[data-testid=transaction-phone-account]")!.TextContent.Trim());
        var old = PhoneLinesOf(cut, "Old card");
        Assert.Contains(" · Uncategorised", old.TextContent, StringComparison.Ordinal);
        Assert.Equal("Green Bank · Account ••••\u00A07766", old.QuerySelector("[data-testid=transaction-phone-account]")!.TextContent.Trim());
        Assert.DoesNotContain("99887766", old.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filtered_by_category_each_phone_row_still_says_its_category_and_one_accounts_list_does_not_repeat_the_account()
    {
        await TwoAccountsAtGreenBankAsync();
        Navigation.NavigateTo("transactions?category=Groceries");

        var cut = Render<TransactionsPage>();
        cut.WaitForElement("[data-testid=transactions-list]");
        Assert.Contains(" · Groceries", PhoneLinesOf(cut, "Green Grocer").TextContent, StringComparison.Ordinal);

        // One account's list: the account is in the filter's chip, not under every row.
        Navigation.NavigateTo("transactions?bank=Green%20Bank&account=204515807");
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=transactions-list] tbody tr")));
        Assert.Empty(cut.FindAll("[data-testid=transaction-phone-account]"));
        Assert.Contains(" · Groceries", PhoneLinesOf(cut, "Green Grocer").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_merchant_is_shown_under_the_description_only_when_neither_the_description_nor_the_account_already_names_it()
    {
        await AddAsync(TestDocuments.Account(FridaId, "Green Bank", "204515807", 1200m));
        await AddAsync(TestDocuments.Transaction(FridaId, "T1", Now.AddDays(-1), -18.60m, "Green Bank", "204515807", BookingStatuses.Booked, "USD",
            "Card payment Starbucks", merchant: "Starbucks", category: "Dining"));
        await AddAsync(TestDocuments.Transaction(FridaId, "T2", Now.AddDays(-2), -1923m, "Green Bank", "204515807", BookingStatuses.Booked, "USD",
            "Rent December 2026", merchant: "Parkside Property Management", category: "Rent"));
        await AddAsync(TestDocuments.Transaction(FridaId, "T3", Now.AddDays(-3), 2.74m, "Green Bank", "204515807", BookingStatuses.Booked, "USD",
            "Interest November 2026", merchant: "Green Bank", category: "Interest"));

        var cut = Render<TransactionsPage>();
        cut.WaitForElement("[data-testid=transactions-list]");

        Assert.Null(TransactionRow(cut, "Card payment Starbucks").QuerySelector("[data-testid=transaction-merchant]"));
        // The bank's own interest names the bank as its merchant: the account line already says "Green Bank · …", so it is said once.
        var interest = TransactionRow(cut, "Interest November 2026");
        Assert.Null(interest.QuerySelector("[data-testid=transaction-merchant]"));
        Assert.Equal(1, Regex.Count(interest.QuerySelector("[data-testid=transaction-description]")!.ParentElement!.TextContent, "Green Bank"));
        Assert.Equal("Parkside Property Management",
            TransactionRow(cut, "Rent December 2026").QuerySelector("[data-testid=transaction-merchant]")!.TextContent.Trim());
    }
}
