using LeafyBank.Web.Components.Pages.Ledger;
using LedgerPage = LeafyBank.Web.Components.Pages.Ledger.Ledger;

namespace LeafyBank.Tests.Web.Components.Pages.Ledger;

/// <summary>
/// An open Ledger page hears a change made elsewhere even when it was made in the gap between the page's read (by the prerender)
/// and its live subscription: it subscribes with when it read (<see cref="PositionChangeNotifier.Subscribe(ObjectId, Action, DateTime?)"/>),
/// as the Connections page and the dashboard do, and this app instance's relay answers the catch-up.
/// </summary>
public sealed class LedgerLiveUpdateTests : PersonasTestContext
{
    private const string StateKey = "ledger-page";

    private IRenderedComponent<LedgerPage> RenderPage()
    {
        var cut = Render<LedgerPage>();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=ledger-loading]")), TimeSpan.FromSeconds(10));
        return cut;
    }

    /// <summary>Renders as the server's prerender does, and hands over what it persisted as the page would carry it.</summary>
    private void PrerenderAndHandOver()
    {
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        RenderPage();
        PersistentState.TriggerOnPersisting();
        Assert.True(PersistentState.TryTake<LedgerPageState>(StateKey, out var handed), "the prerender handed nothing over");
        PersistentState.Persist(StateKey, handed!);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    private Task RecordAsync(string kind, string detail) => Store.Collection(OpenFinanceCollections.AuditEvents).InsertAsync(new AuditEvent
    {
        EventUser = Frida,
        Kind = kind,
        Bank = ThamesBank.Id,
        ConsentId = $"consent-{ThamesBank.Id}-{Frida.UserName}",
        At = Now,
        Outcome = AuditOutcomes.Succeeded,
        Detail = detail,
    }, Cancel);

    private static List<string> Kinds(IRenderedComponent<LedgerPage> cut) =>
        [.. cut.FindAll("[data-testid=ledger-kind]").Select(cell => cell.TextContent.Trim())];

    [Fact]
    public async Task A_disconnect_made_between_the_prerenders_read_and_the_live_subscription_shows_at_once_not_at_the_next_change()
    {
        await ConnectedAsync(ThamesBank, daysLeft: 60, lastSuccess: Now.AddHours(-2));
        await RecordAsync(AuditKinds.ConsentGranted, "Thames Bank granted your accounts until 28 Jan 2027.");
        PrerenderAndHandOver();
        await using var relay = await StartRelayAsync();
        // In the second between the prerender and the page going live, Thames Bank is disconnected in another tab. Nobody
        // watched Frida then, so no relay took note of it; nothing else changes afterwards.
        Clock.Advance(TimeSpan.FromSeconds(1));
        var consents = Store.Collection(OpenFinanceCollections.Consents);
        var consent = (await consents.FindAsync(FridaId, c => c.Bank == ThamesBank.Id, Cancel)).Single();
        consent.Status = ConsentStatuses.TerminatedByTpp;
        consent.StatusChangedAt = Now;
        await consents.UpsertAsync(consent, Cancel);
        await Store.Collection(OpenFinanceCollections.SyncStates).DeleteAsync(FridaId, s => s.Bank == ThamesBank.Id, Cancel);
        await RecordAsync(AuditKinds.ConsentRevoked, "You disconnected Thames Bank and kept its data, read-only: it is no longer updated.");

        var cut = RenderPage();

        await UntilAsync(() => relay.Reads >= 1, "the relay never read the customer it watches");
        cut.WaitForAssertion(() => Assert.Equal(["Consent ended", "Consent granted"], Kinds(cut)), TimeSpan.FromSeconds(5));
        Assert.True(relay.CatchUps >= 1, "the page asked for no catch-up");
    }

    [Fact]
    public async Task A_page_whose_ledger_is_current_when_it_goes_live_is_not_read_again_and_tells_no_other_tab()
    {
        await ConnectedAsync(ThamesBank, daysLeft: 60, lastSuccess: Now.AddHours(-2));
        await RecordAsync(AuditKinds.ConsentGranted, "Thames Bank granted your accounts until 28 Jan 2027.");
        PrerenderAndHandOver();
        await using var relay = await StartRelayAsync();
        var heard = 0;
        using var otherTab = Notifier.Subscribe(FridaId, () => Interlocked.Increment(ref heard));
        Clock.Advance(TimeSpan.FromSeconds(1));

        var cut = RenderPage();

        await UntilAsync(() => relay.CatchUps >= 1, "the relay never answered the page's catch-up");
        Assert.Equal(["Consent granted"], Kinds(cut));
        Assert.Equal(0, Volatile.Read(ref heard));
    }
}
