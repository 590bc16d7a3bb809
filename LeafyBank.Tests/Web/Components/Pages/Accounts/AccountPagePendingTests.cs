using LeafyBank.Web.Components.Formatting;
using LeafyBank.Web.Components.Pages.Accounts;

namespace LeafyBank.Tests.Web.Components.Pages.Accounts;

/// <summary>
/// An account page reads its bank's connection as the dashboard does: once the customer disconnected
/// the bank, a pending payment on the account is pending as of the bank's last update and will not
/// change here, and the page says so — also when the interactive render takes what the prerender read.
/// </summary>
public sealed class AccountPagePendingTests : PersonasTestContext
{
    private readonly ExternalAccount greenSavings;

    public AccountPagePendingTests() => greenSavings = Account(Frida, "Green Bank", "204515807", AccountTypes.Savings, 7825m, "USD", name: "Green Savings");

    private IRenderedComponent<AccountPage> Open() => OpenAccountPage(greenSavings.Id);

    private async Task GreenBankAccountWithAPendingPaymentAsync(string consent)
    {
        await AddAsync(greenSavings);
        await AddAsync(TestDocuments.Transaction(Frida.UserId, "G1", Now.AddDays(-3), -42.10m, "Green Bank", "204515807", BookingStatuses.Pending, "USD",
            "Green Grocer"));
        await GreenBankConsentAsync(consent, Now.AddDays(-30), Now.AddDays(60), Now.AddDays(-1));
        await GreenBankSyncAsync(lastSuccessAt: Now.AddDays(-2), lastAttemptAt: Now.AddDays(-2), lastError: null);
    }

    private void SaysThePendingPaymentStaysAsLastSent(IRenderedComponent<AccountPage> cut)
    {
        var status = cut.Find("[data-testid=account-transaction-list] [data-testid=booking-status]");
        Assert.Equal("Last seen pending", status.TextContent.Trim());
        Assert.Equal("false", status.GetAttribute("data-updated"));
        var note = cut.Find("[data-testid=pending-not-updated]").TextContent.Trim();
        Assert.Equal(
            $"Green Bank's pending payments are as Leafy Bank last updated them, {LocalTime.Day(Now.AddDays(-2), TimeZoneInfo.Utc)}. " +
            "Leafy Bank no longer receives updates from Green Bank (disconnected), so they will not change here, even if Green Bank has since booked or dropped them.",
            note);
    }

    [Fact]
    public async Task A_pending_payment_at_a_disconnected_bank_says_it_stays_as_the_bank_last_sent_it()
    {
        await GreenBankAccountWithAPendingPaymentAsync(ConsentStatuses.TerminatedByTpp);

        var cut = Open();
        cut.WaitForElement("[data-testid=account-transaction-list]");

        SaysThePendingPaymentStaysAsLastSent(cut);
    }

    [Fact]
    public async Task A_pending_payment_at_a_bank_still_updated_is_marked_pending_with_no_note()
    {
        await GreenBankAccountWithAPendingPaymentAsync(ConsentStatuses.Valid);

        var cut = Open();
        cut.WaitForElement("[data-testid=account-transaction-list]");

        Assert.Equal("Pending", cut.Find("[data-testid=account-transaction-list] [data-testid=booking-status]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=pending-not-updated]"));
    }

    [Fact]
    public async Task The_interactive_render_takes_the_bank_state_the_prerender_read()
    {
        await GreenBankAccountWithAPendingPaymentAsync(ConsentStatuses.TerminatedByTpp);
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        Open().WaitForElement("[data-testid=account-transaction-list]");
        PersistentState.TriggerOnPersisting();
        Assert.True(PersistentState.TryTake<AccountPageState>("account-page", out var handed));
        PersistentState.Persist("account-page", handed!);

        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var cut = Open();
        cut.WaitForElement("[data-testid=account-transaction-list]");

        SaysThePendingPaymentStaysAsLastSent(cut);
        Assert.Equal(1, PositionService.Calls);
    }
}
