using LeafyBank.Web.Components.Pages.Connections;

namespace LeafyBank.Tests.Web.Components.Pages.Accounts;

/// <summary>
/// An account page with no transactions says why: "No transactions on this account yet" would read as an unused account
/// when the customer's consent never shared transactions, so then the page says the bank does not share them and how to.
/// </summary>
public sealed class AccountTransactionsSharingTests : PersonasTestContext
{
    private static string Text(AngleSharp.Dom.IElement element) => Regex.Replace(element.TextContent, @"\s+", " ").Trim();

    private async Task<ObjectId> GreenBankAccountAsync(string consentStatus, DateTime validUntil, params string[] permissions)
    {
        var account = Account(Frida, "Green Bank", "green-1", AccountTypes.Checking, 250m, "EUR", name: "Girokonto");
        await AddAsync(account);
        await Store.Collection(OpenFinanceCollections.Consents).UpsertAsync(
            TestDocuments.Consent(Frida, "greenbank", "green-1", Now.AddDays(-3), validUntil, consentStatus, permissions, Now.AddDays(-3)), Cancel);
        await GreenBankSyncAsync(lastSuccessAt: Now.AddMinutes(-5), lastAttemptAt: Now.AddMinutes(-5), lastError: null);
        return account.Id;
    }

    [Fact]
    public async Task A_consent_without_transactions_says_the_bank_does_not_share_them_and_how_to_change_that()
    {
        var reference = await GreenBankAccountAsync(ConsentStatuses.Valid, Now.AddDays(87), ConsentPermissions.Accounts, ConsentPermissions.Balances);

        var cut = OpenAccountPage(reference);

        var empty = cut.WaitForElement("[data-testid=no-transactions]");
        Assert.Equal("Green Bank does not share this account's transactions with Leafy Bank. To see them here, change what you share with Green Bank.",
            Text(empty));
        Assert.Equal(ConnectionView.RenewHref("greenbank", ConsentPermissions.Transactions), cut.Find("[data-testid=share-transactions]").GetAttribute("href"));
    }

    [Fact]
    public async Task An_ended_consent_without_transactions_offers_to_reconnect_and_share_them()
    {
        var reference = await GreenBankAccountAsync(ConsentStatuses.Expired, Now.AddDays(-1), ConsentPermissions.Accounts, ConsentPermissions.Balances);

        var cut = OpenAccountPage(reference);

        var empty = cut.WaitForElement("[data-testid=no-transactions]");
        Assert.Equal("Green Bank does not share this account's transactions with Leafy Bank. To see them here, reconnect Green Bank and share transactions.",
            Text(empty));
        Assert.Equal(ConnectionView.ReconnectHref("greenbank", ConsentPermissions.Transactions), cut.Find("[data-testid=share-transactions]").GetAttribute("href"));
    }

    [Fact]
    public async Task Transactions_shared_under_an_earlier_consent_are_listed_as_no_longer_updated()
    {
        var reference = await GreenBankAccountAsync(ConsentStatuses.Valid, Now.AddDays(87), ConsentPermissions.Accounts, ConsentPermissions.Balances);
        await AddAsync(Transaction("G1", "Green Bank", "green-1", -42.10m, Now.AddDays(-20)));

        var cut = OpenAccountPage(reference);

        cut.WaitForElement("[data-testid=account-transaction-list] tbody tr");
        Assert.Equal("Green Bank no longer shares this account's transactions with Leafy Bank: these are the ones it shared before. " +
                     "To keep them current, change what you share with Green Bank.", Text(cut.Find("[data-testid=transactions-no-longer-shared]")));
        Assert.Equal(ConnectionView.RenewHref("greenbank", ConsentPermissions.Transactions),
            cut.Find("[data-testid=transactions-no-longer-shared] [data-testid=share-transactions]").GetAttribute("href"));
    }

    [Fact]
    public async Task A_consent_sharing_transactions_with_none_stored_yet_says_so_plainly()
    {
        var reference = await GreenBankAccountAsync(ConsentStatuses.Valid, Now.AddDays(87),
            ConsentPermissions.Accounts, ConsentPermissions.Balances, ConsentPermissions.Transactions);

        var cut = OpenAccountPage(reference);

        Assert.Equal("No transactions on this account yet.", Text(cut.WaitForElement("[data-testid=no-transactions]")));
        Assert.Empty(cut.FindAll("[data-testid=share-transactions], [data-testid=transactions-not-shared], [data-testid=transactions-no-longer-shared]"));
    }
}
