using LeafyBank.Web.Components.Formatting;
using DashboardPage = LeafyBank.Web.Components.Pages.Dashboard.Dashboard;

namespace LeafyBank.Tests.Web.Components.Pages.Dashboard;

/// <summary>
/// A pending payment from a bank Leafy Bank no longer hears from (disconnected, consent ended or
/// revoked) will never change here: the dashboard says it stays as that bank last sent it, instead of
/// "may still change or disappear", which stays for the banks still updated.
/// </summary>
public sealed class PendingPaymentsTests : PersonasTestContext
{
    private IRenderedComponent<DashboardPage> RenderDashboard()
    {
        PositionService.Set(FridaId, Positions.WithGreenBank(Now, TimeSpan.FromDays(2)));
        var cut = Render<DashboardPage>();
        cut.WaitForElement("[data-testid=recent-row]");
        return cut;
    }

    private static AngleSharp.Dom.IElement Status(IRenderedComponent<DashboardPage> cut) =>
        cut.Find("[data-testid=recent-row] [data-testid=booking-status]");

    private static string Notes(IRenderedComponent<DashboardPage> cut) => cut.Find("[data-testid=recent-transactions]").TextContent;

    [Fact]
    public async Task A_pending_payment_from_a_disconnected_bank_says_it_stays_as_the_bank_last_sent_it()
    {
        await GreenBankConsentAsync(ConsentStatuses.TerminatedByTpp, Now.AddDays(-30), Now.AddDays(60), Now.AddDays(-1));
        await AddAsync(Transaction("T1", "Green Bank", "204515807", -42.10m, Now.AddDays(-3), BookingStatuses.Pending));

        var cut = RenderDashboard();

        Assert.Equal("· Last seen pending", Status(cut).TextContent.Trim());
        Assert.Equal("false", Status(cut).GetAttribute("data-updated"));
        var note = cut.Find("[data-testid=pending-not-updated]");
        Assert.Equal("Green Bank", note.GetAttribute("data-bank"));
        Assert.Equal(
            $"Green Bank's pending payments are as Leafy Bank last updated them, {LocalTime.Day(Now.AddDays(-2), TimeZoneInfo.Utc)}. " +
            "Leafy Bank no longer receives updates from Green Bank (disconnected), so they will not change here, even if Green Bank has since booked or dropped them.",
            note.TextContent.Trim());
        Assert.DoesNotContain("may still change", Notes(cut), StringComparison.Ordinal);
        // The same state as the totals' caption names.
        Assert.Contains("Green Bank's kept data (disconnected", cut.Find("[data-testid=totals-as-of]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_narrow_recent_row_never_starts_a_line_with_the_separator_before_pending()
    {
        await GreenBankConsentAsync(ConsentStatuses.Valid, Now.AddDays(-30), Now.AddDays(60), Now.AddDays(-30));
        await GreenBankSyncAsync(Now.AddHours(-1), Now.AddHours(-1), null);
        await AddAsync(Transaction("T1", "Green Bank", "204515807", -42.10m, Now.AddDays(-1), BookingStatuses.Pending));

        var cut = RenderDashboard();

        // Each "·" is joined to the word before it by a non-breaking space, and nothing else (no white space from the
        // markup) sits between the parts: a phone breaks the line after a separator, never before one.
        var where = cut.Find("[data-testid=recent-row] [data-testid=recent-where]").TextContent;
        Assert.Equal("Green Bank\u00A0· Groceries\u00A0· Pending", where);
    }

    [Theory]
    [InlineData(ConsentStatuses.RevokedByPsu, "consent revoked at the bank")]
    [InlineData(ConsentStatuses.Expired, "consent expired")]
    public async Task A_pending_payment_from_a_bank_whose_consent_ended_says_why_it_no_longer_changes(string consent, string because)
    {
        await GreenBankConsentAsync(consent, Now.AddDays(-30), Now.AddDays(60), Now.AddDays(-1));
        await AddAsync(Transaction("T1", "Green Bank", "204515807", -42.10m, Now.AddDays(-3), BookingStatuses.Pending));

        var cut = RenderDashboard();

        Assert.Equal("false", Status(cut).GetAttribute("data-updated"));
        Assert.Contains($"Leafy Bank no longer receives updates from Green Bank ({because})", cut.Find("[data-testid=pending-not-updated]").TextContent,
            StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=pending-may-change]"));
    }

    [Fact]
    public async Task A_pending_payment_from_a_bank_still_updated_may_still_change()
    {
        await GreenBankConsentAsync(ConsentStatuses.Valid, Now.AddDays(-30), Now.AddDays(60), Now.AddDays(-30));
        await AddAsync(Transaction("T1", "Green Bank", "204515807", -42.10m, Now.AddDays(-3), BookingStatuses.Pending));

        var cut = RenderDashboard();

        Assert.Equal("· Pending", Status(cut).TextContent.Trim());
        Assert.Equal("true", Status(cut).GetAttribute("data-updated"));
        Assert.Equal(PendingPayments.MayChange, cut.Find("[data-testid=pending-may-change]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=pending-not-updated]"));
    }

    [Fact]
    public async Task A_disconnected_bank_with_only_booked_payments_listed_gets_no_note_about_pending_ones()
    {
        await GreenBankConsentAsync(ConsentStatuses.TerminatedByTpp, Now.AddDays(-30), Now.AddDays(60), Now.AddDays(-1));
        await AddAsync(Transaction("T1", "Green Bank", "204515807", -42.10m, Now.AddDays(-3)));

        var cut = RenderDashboard();

        Assert.Empty(cut.FindAll("[data-testid=pending-not-updated]"));
        Assert.Equal("", Status(cut).TextContent.Trim());
    }
}
