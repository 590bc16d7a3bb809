using LeafyBank.Web.Components.Formatting;
using TransactionsPage = LeafyBank.Web.Components.Pages.Transactions.Transactions;

namespace LeafyBank.Tests.Web.Components.Pages.Transactions;

/// <summary>
/// The transactions page reads each bank's connection as the dashboard does: a pending payment from a
/// bank Leafy Bank no longer hears from is marked as last seen pending, with why, beside the
/// pending payments of banks still updated, which are marked as before.
/// </summary>
public sealed class TransactionsPendingTests : PersonasTestContext
{
    private async Task PendingAtGreenAndThamesAsync()
    {
        await AddAsync(Transaction("G1", "Green Bank", "204515807", -42.10m, Now.AddDays(-1), BookingStatuses.Pending, "Green Grocer"));
        await AddAsync(Transaction("D1", "Thames Bank", "GB-99", -9.99m, Now.AddDays(-2), BookingStatuses.Pending, "Cafe Sacher"));
        await Store.Collection(OpenFinanceCollections.Consents).UpsertAsync(
            TestDocuments.Consent(Frida, TestBanks.ThamesBank.Id, "thames-1", Now.AddDays(-10), Now.AddDays(80), ConsentStatuses.Valid, [ConsentPermissions.Accounts],
                Now.AddDays(-10)), Cancel);
    }

    private static AngleSharp.Dom.IElement StatusOf(IRenderedComponent<TransactionsPage> cut, string description) =>
        TransactionRow(cut, description).QuerySelector("[data-testid=booking-status]")!;

    [Fact]
    public async Task A_pending_payment_from_a_bank_whose_consent_was_revoked_is_pending_when_last_updated()
    {
        await PendingAtGreenAndThamesAsync();
        await GreenBankConsentAsync(ConsentStatuses.RevokedByPsu, Now.AddDays(-30), Now.AddDays(60), Now.AddDays(-1));
        await GreenBankSyncAsync(lastSuccessAt: Now.AddDays(-2), lastAttemptAt: Now.AddDays(-1), lastError: null);

        var cut = Render<TransactionsPage>();
        cut.WaitForElement("[data-testid=transactions-list]");

        var green = StatusOf(cut, "Green Grocer");
        Assert.Equal("Last seen pending", green.TextContent.Trim());
        Assert.Equal("false", green.GetAttribute("data-updated"));
        var thames = StatusOf(cut, "Cafe Sacher");
        Assert.Equal("Pending", thames.TextContent.Trim());
        Assert.Equal("true", thames.GetAttribute("data-updated"));
        var note = Assert.Single(cut.FindAll("[data-testid=pending-not-updated]"));
        Assert.Equal("Green Bank", note.GetAttribute("data-bank"));
        Assert.Contains($"Green Bank's pending payments are as Leafy Bank last updated them, {LocalTime.Day(Now.AddDays(-2), TimeZoneInfo.Utc)}.", note.TextContent, StringComparison.Ordinal);
        Assert.Contains("Leafy Bank no longer receives updates from Green Bank (consent revoked at the bank)", note.TextContent, StringComparison.Ordinal);
        // The phone's line under the description says it too.
        Assert.Contains("Last seen pending", cut.FindAll("[data-testid=transaction-phone-meta]")[0].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bank_disconnected_with_its_data_kept_dates_its_pending_payments_by_the_data_it_left()
    {
        await PendingAtGreenAndThamesAsync();
        // Disconnecting removes the bank's sync state: the kept accounts say when they were read.
        var savings = TestDocuments.Account(FridaId, "Green Bank", "204515807", 7825m);
        savings.Source = new DataSource { Origin = DataOrigins.BankApi, RetrievedAt = Now.AddDays(-3) };
        await AddAsync(savings);
        await GreenBankConsentAsync(ConsentStatuses.TerminatedByTpp, Now.AddDays(-30), Now.AddDays(60), Now.AddDays(-1));

        var cut = Render<TransactionsPage>();
        cut.WaitForElement("[data-testid=transactions-list]");

        Assert.Equal("Last seen pending", StatusOf(cut, "Green Grocer").TextContent.Trim());
        var note = cut.Find("[data-testid=pending-not-updated]").TextContent;
        Assert.Contains($"Green Bank's pending payments are as Leafy Bank last updated them, {LocalTime.Day(Now.AddDays(-3), TimeZoneInfo.Utc)}.", note, StringComparison.Ordinal);
        Assert.Contains("Leafy Bank no longer receives updates from Green Bank (disconnected)", note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pending_payments_from_banks_still_updated_are_marked_as_before_with_no_note()
    {
        await PendingAtGreenAndThamesAsync();
        await GreenBankConsentAsync(ConsentStatuses.Valid, Now.AddDays(-30), Now.AddDays(60), Now.AddDays(-30));

        var cut = Render<TransactionsPage>();
        cut.WaitForElement("[data-testid=transactions-list]");

        Assert.Equal("Pending", StatusOf(cut, "Green Grocer").TextContent.Trim());
        Assert.Equal("Pending", StatusOf(cut, "Cafe Sacher").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=pending-not-updated]"));
    }
}
