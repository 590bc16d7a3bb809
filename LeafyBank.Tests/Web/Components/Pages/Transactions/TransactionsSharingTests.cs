using LeafyBank.Web.Components.Pages.Connections;
using TransactionsPage = LeafyBank.Web.Components.Pages.Transactions.Transactions;

namespace LeafyBank.Tests.Web.Components.Pages.Transactions;

/// <summary>
/// A linked bank whose consent leaves transactions out is named above the list, with the step that shares them: without it
/// the customer sees none of that bank's payments (or, filtering by it, "no bank of that name") and cannot tell why.
/// </summary>
public sealed class TransactionsSharingTests : PersonasTestContext
{
    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    private static string Text(AngleSharp.Dom.IElement element) => Regex.Replace(element.TextContent, @"\s+", " ").Trim();

    /// <summary>Green Bank linked for accounts and balances only (its consent in <paramref name="status"/>); Thames Bank sharing everything, with one payment.</summary>
    private async Task GreenBankWithoutTransactionsAsync(string status = ConsentStatuses.Valid, DateTime? validUntil = null)
    {
        await Store.Collection(OpenFinanceCollections.Consents).UpsertAsync(TestDocuments.Consent(Frida, "greenbank", "green-1", Now.AddDays(-3),
            validUntil ?? Now.AddDays(87), status, [ConsentPermissions.Accounts, ConsentPermissions.Balances], Now.AddDays(-3)), Cancel);
        await GreenBankSyncAsync(lastSuccessAt: Now.AddMinutes(-5), lastAttemptAt: Now.AddMinutes(-5), lastError: null);
        await ConnectedAsync(ThamesBank, daysLeft: 80, lastSuccess: Now.AddMinutes(-5));
        await AddAsync(Transaction("T1", ThamesBank.Name, "GB-99", -9.99m, Now.AddDays(-2), description: "Cafe Sacher"));
    }

    [Fact]
    public async Task A_linked_bank_that_shares_no_transactions_is_named_above_the_list_with_how_to_share_them()
    {
        await GreenBankWithoutTransactionsAsync();

        var cut = Render<TransactionsPage>();
        cut.WaitForElement("[data-testid=transactions-list]");

        var note = Assert.Single(cut.FindAll("[data-testid=transactions-not-shared]"));
        Assert.Equal("Green Bank", note.GetAttribute("data-bank"));
        Assert.Equal("Green Bank does not share transactions with Leafy Bank, so none of its payments are listed here. " +
                     "To see them, change what you share with Green Bank.", Text(note));
        Assert.Equal(ConnectionView.RenewHref("greenbank", ConsentPermissions.Transactions), note.QuerySelector("[data-testid=share-transactions]")!.GetAttribute("href"));
        // The bank that shares them lists its payment as before.
        TransactionRow(cut, "Cafe Sacher");
    }

    [Fact]
    public async Task Filtered_to_that_bank_the_page_says_why_instead_of_calling_it_no_bank_of_that_name()
    {
        await GreenBankWithoutTransactionsAsync(ConsentStatuses.Expired, Now.AddDays(-1));
        Navigation.NavigateTo("transactions?bank=Green%20Bank");

        var cut = Render<TransactionsPage>();

        var note = cut.WaitForElement("[data-testid=transactions-not-shared]");
        Assert.Equal("Green Bank does not share transactions with Leafy Bank, so none of its payments are listed here. " +
                     "To see them, reconnect Green Bank and share transactions.", Text(note));
        Assert.Equal(ConnectionView.ReconnectHref("greenbank", ConsentPermissions.Transactions), note.QuerySelector("[data-testid=share-transactions]")!.GetAttribute("href"));
        Assert.Empty(cut.FindAll("[data-testid=filter-problem], [data-testid=transactions-list], [data-testid=no-transactions]"));
        Assert.Empty(TransactionQuery.Finds);
    }

    [Fact]
    public async Task Payments_a_bank_shared_before_its_consent_left_them_out_are_listed_as_no_longer_updated()
    {
        await GreenBankWithoutTransactionsAsync();
        await AddAsync(Transaction("G1", "Green Bank", "204515807", -42.10m, Now.AddDays(-20), description: "Green Grocer"));
        Navigation.NavigateTo("transactions?bank=Green%20Bank");

        var cut = Render<TransactionsPage>();
        cut.WaitForElement("[data-testid=transactions-list]");

        TransactionRow(cut, "Green Grocer");
        Assert.Equal("Green Bank no longer shares transactions with Leafy Bank: its payments listed here are those it shared before, " +
                     "and new ones are not added. To keep them current, change what you share with Green Bank.",
            Text(Assert.Single(cut.FindAll("[data-testid=transactions-not-shared]"))));
    }

    [Fact]
    public async Task Banks_that_share_transactions_and_other_banks_filters_get_no_note()
    {
        await GreenBankWithoutTransactionsAsync();
        Navigation.NavigateTo("transactions?bank=Thames%20Bank");

        var cut = Render<TransactionsPage>();
        cut.WaitForElement("[data-testid=transactions-list]");

        TransactionRow(cut, "Cafe Sacher");
        Assert.Empty(cut.FindAll("[data-testid=transactions-not-shared]"));
    }
}
