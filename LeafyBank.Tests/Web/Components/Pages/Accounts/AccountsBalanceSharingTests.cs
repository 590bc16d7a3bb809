using AccountsPage = LeafyBank.Web.Components.Pages.Accounts.Accounts;

namespace LeafyBank.Tests.Web.Components.Pages.Accounts;

/// <summary>
/// A bank that shares the accounts but not their balances (the consent left balances out; the connectors store
/// <c>BankExtras.BalanceShared = false</c>): the stored 0 is no balance, so the pages say "Balance not shared" where a
/// customer would read "0.00 EUR" as an empty account, say what the totals leave out, and link to changing what is
/// shared. A balance shared before is shown as the last shared one.
/// </summary>
public sealed class AccountsBalanceSharingTests : PersonasTestContext
{
    private static string Text(AngleSharp.Dom.IElement element) => Regex.Replace(element.TextContent, @"\s+", " ").Trim();

    private ExternalAccount NotShared(string id, decimal balance, string currency = "EUR", string? name = null)
    {
        var account = Account(Frida, "Green Bank", id, AccountTypes.Checking, balance, currency, name: name);
        account.BankExtras = new BsonDocument { { "iban", "DE00" }, { "BalanceShared", false } };
        return account;
    }

    private async Task GreenBankLinkedAsync()
    {
        await GreenBankConsentAsync(ConsentStatuses.Valid, Now.AddDays(-3), Now.AddDays(87), Now.AddDays(-3));
        await GreenBankSyncAsync(lastSuccessAt: Now.AddMinutes(-5), lastAttemptAt: Now.AddMinutes(-5), lastError: null);
    }

    [Fact]
    public async Task A_bank_sharing_no_balance_shows_balance_not_shared_on_each_account_and_instead_of_its_total()
    {
        await AddAsync(NotShared("green-1", 0m, name: "Girokonto"));
        await AddAsync(NotShared("green-2", 0m, name: "Sparkonto"));
        await GreenBankLinkedAsync();

        var cut = Render<AccountsPage>();

        var green = cut.WaitForElement("[data-testid=institution][data-bank='Green Bank']");
        Assert.All(green.QuerySelectorAll("[data-testid=account-amount]"), amount =>
        {
            Assert.Equal("Balance not shared", Text(amount));
            Assert.Equal("not-shared", amount.GetAttribute("data-balance"));
        });
        // No "≈ 0.00 USD" beside it: there is no amount to convert.
        Assert.Empty(green.QuerySelectorAll("[data-testid=account-amount-base]"));
        Assert.Equal("Balances not shared", Text(green.QuerySelector("[data-testid=institution-balance]")!));
        Assert.DoesNotContain("0.00", Text(green), StringComparison.Ordinal);

        var note = Text(cut.Find("[data-testid=accounts-totals-not-shared]"));
        Assert.Equal("Not included: 2 accounts at Green Bank whose balances are not shared with Leafy Bank. " +
                     "To include them, change what you share with Green Bank.", note);
        Assert.Equal("connections/new?bank=greenbank&share=balances", cut.Find("[data-testid=accounts-totals-not-shared] [data-testid=share-balances]").GetAttribute("href"));
    }

    [Fact]
    public async Task A_bank_sharing_some_balances_totals_the_shared_ones_and_says_how_many_are_not()
    {
        await AddAsync(Account(Frida, "Green Bank", "green-1", AccountTypes.Savings, 300m, "USD"));
        await AddAsync(NotShared("green-2", 0m, "USD"));
        await GreenBankLinkedAsync();

        var cut = Render<AccountsPage>();

        var green = cut.WaitForElement("[data-testid=institution][data-bank='Green Bank']");
        Assert.Equal("300.00 USD", Text(green.QuerySelector("[data-testid=institution-balance]")!));
        Assert.Equal("1 account's balance not shared", Text(green.QuerySelector("[data-testid=institution-subtotal-not-shared]")!));
        Assert.Equal("Not included: 1 account at Green Bank whose balance is not shared with Leafy Bank. To include it, change what you share with Green Bank.",
            Text(cut.Find("[data-testid=accounts-totals-not-shared]")));
    }

    [Fact]
    public async Task A_balance_shared_before_shows_as_the_last_shared_balance_and_counts()
    {
        await AddAsync(NotShared("green-1", 120m, "USD"));
        await GreenBankLinkedAsync();

        var cut = Render<AccountsPage>();

        var green = cut.WaitForElement("[data-testid=institution][data-bank='Green Bank']");
        Assert.Equal("120.00 USD", Text(green.QuerySelector("[data-testid=account-amount]")!));
        Assert.Equal("Last shared balance", Text(green.QuerySelector("[data-testid=account-last-shared]")!));
        Assert.Equal("120.00 USD", Text(green.QuerySelector("[data-testid=institution-balance]")!));
        Assert.Equal("1 account at its last shared balance", Text(green.QuerySelector("[data-testid=institution-subtotal-not-shared]")!));
        Assert.Equal("1 account at Green Bank counts at its last shared balance, which is no longer updated. To update it, change what you share with Green Bank.",
            Text(cut.Find("[data-testid=accounts-totals-not-shared]")));
    }

    [Fact]
    public async Task Accounts_whose_balances_are_shared_get_no_such_words()
    {
        var shared = Account(Frida, "Green Bank", "green-1", AccountTypes.Savings, 0m, "USD");
        shared.BankExtras = new BsonDocument("BalanceShared", true);
        await AddAsync(shared);

        var cut = Render<AccountsPage>();

        var green = cut.WaitForElement("[data-testid=institution][data-bank='Green Bank']");
        Assert.Equal("0.00 USD", Text(green.QuerySelector("[data-testid=account-amount]")!));
        Assert.Empty(cut.FindAll("[data-testid=accounts-totals-not-shared], [data-testid=institution-subtotal-not-shared], [data-testid=account-last-shared]"));
    }

    [Fact]
    public async Task The_account_page_says_the_balance_is_not_shared_and_how_to_share_it()
    {
        var account = NotShared("green-1", 0m, name: "Girokonto");
        await AddAsync(account);
        await GreenBankLinkedAsync();

        var cut = OpenAccountPage(account.Id);

        cut.WaitForElement("[data-testid=account-title]");
        Assert.Equal("Balance not shared", Text(cut.Find("[data-testid=account-balance]")));
        // Not "Balance" above "Balance not shared".
        Assert.StartsWith("Balance not shared", Text(cut.Find("[data-testid=account-balance]").ParentElement!), StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=account-balance-base]"));
        Assert.Equal("Green Bank does not share this account's balance with Leafy Bank, so it is not in your totals. " +
                     "To see it here, change what you share with Green Bank.", Text(cut.Find("[data-testid=account-balance-not-shared]")));
        Assert.Equal("connections/new?bank=greenbank&share=balances", cut.Find("[data-testid=share-balances]").GetAttribute("href"));
    }

    [Fact]
    public async Task The_account_page_shows_a_last_shared_balance_as_such()
    {
        var account = NotShared("green-1", 80m);
        await AddAsync(account);
        await GreenBankLinkedAsync();

        var cut = OpenAccountPage(account.Id);

        cut.WaitForElement("[data-testid=account-title]");
        Assert.Equal("80.00 EUR", Text(cut.Find("[data-testid=account-balance]")));
        Assert.Contains("Last shared balance", cut.Markup, StringComparison.Ordinal);
        Assert.StartsWith("This is the last balance Green Bank shared. Green Bank no longer shares it with Leafy Bank, so it is not updated.",
            Text(cut.Find("[data-testid=account-balance-not-shared]")), StringComparison.Ordinal);
    }
}
