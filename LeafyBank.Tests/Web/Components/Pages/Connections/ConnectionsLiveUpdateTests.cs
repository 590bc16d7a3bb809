using LeafyBank.Core.Banking.Authorization;
using LeafyBank.Core.Banking.Sync;
using LeafyBank.Web.Components.Pages.Connections;
using MudBlazor;
using ConnectionsPage = LeafyBank.Web.Components.Pages.Connections.Connections;

namespace LeafyBank.Tests.Web.Components.Pages.Connections;

/// <summary>
/// An open Connections page hears a connection made or ended elsewhere (another tab, another device, another app
/// instance: <see cref="PositionChangeNotifier"/>, fed across instances by <c>SyncStateChangeRelay</c>) and shows it at
/// once, for the signed-in customer only, instead of finding out when the customer next presses a button.
/// </summary>
public sealed class ConnectionsLiveUpdateTests : PersonasTestContext
{
    private IRenderedComponent<ConnectionsPage> RenderPage()
    {
        var cut = Render<ConnectionsPage>();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=connections-loading]")), TimeSpan.FromSeconds(10));
        return cut;
    }

    /// <summary>The page with the dialog and snackbar providers the layout gives it, for the tests that open its dialogs.</summary>
    private IRenderedComponent<Bunit.Rendering.ContainerFragment> RenderPageWithDialogs()
    {
        var cut = RenderWithProviders<ConnectionsPage>();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=connections-loading]")), TimeSpan.FromSeconds(10));
        return cut;
    }

    /// <summary>Renders as the server's prerender does, and hands over what it persisted as the page would carry it.</summary>
    private IRenderedComponent<ConnectionsPage> PrerenderAndHandOver()
    {
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        var prerendered = RenderPage();
        PersistentState.TriggerOnPersisting();
        Assert.True(PersistentState.TryTake<ConnectionsPageState>("connections-page", out var handed), "the prerender handed nothing over");
        PersistentState.Persist("connections-page", handed!);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return prerendered;
    }

    private async Task DisconnectElsewhereAsync(BankDirectoryEntry bank, DateTime at)
    {
        // What a disconnect that keeps the data writes, made in another tab: the consent ended, the connection's sync state gone.
        var consents = Store.Collection(OpenFinanceCollections.Consents);
        var consent = (await consents.FindAsync(FridaId, c => c.Bank == bank.Id, Cancel)).Single();
        consent.Status = ConsentStatuses.TerminatedByTpp;
        consent.StatusChangedAt = at;
        await consents.UpsertAsync(consent, Cancel);
        await Store.Collection(OpenFinanceCollections.SyncStates).DeleteAsync(FridaId, s => s.Bank == bank.Id, Cancel);
    }

    [Fact]
    public async Task A_disconnect_made_between_the_prerenders_read_and_the_live_subscription_shows_at_once_not_at_the_next_change()
    {
        await ConnectedAsync(ThamesBank, daysLeft: 60, lastSuccess: Now.AddHours(-2));
        await LinkedDataAsync(ThamesBank, Frida);
        var prerendered = PrerenderAndHandOver();
        Assert.Equal("Active", prerendered.Find("[data-testid=connection-thamesbank]").GetAttribute("data-status"));
        await using var live = await StartRelayAsync();

        // In the second between the prerender and the page going live, Thames Bank is disconnected in another tab. Nobody
        // watched Frida then, so no relay took note of it; nothing else changes afterwards.
        Clock.Advance(TimeSpan.FromSeconds(1));
        await DisconnectElsewhereAsync(ThamesBank, Now);
        var cut = RenderPage();

        await UntilAsync(() => live.CatchUps >= 1, "the relay never answered the page's catch-up");
        cut.WaitForAssertion(() => Assert.Equal("ReadOnly", cut.Find("[data-testid=connection-thamesbank]").GetAttribute("data-status")), TimeSpan.FromSeconds(5));
        Assert.Equal("Disconnected, read-only", cut.Find("[data-testid=connection-thamesbank] [data-testid=status]").TextContent.Trim());
    }

    [Fact]
    public async Task A_page_whose_cards_are_current_when_it_goes_live_is_not_read_again()
    {
        await ConnectedAsync(ThamesBank, daysLeft: 60, lastSuccess: Now.AddHours(-2));
        PrerenderAndHandOver();
        await using var live = await StartRelayAsync();
        var heard = 0;
        using var otherTab = Notifier.Subscribe(FridaId, () => Interlocked.Increment(ref heard));
        Clock.Advance(TimeSpan.FromSeconds(1));

        var cut = RenderPage();

        await UntilAsync(() => live.CatchUps >= 1, "the relay never answered the page's catch-up");
        Assert.Equal("Active", cut.Find("[data-testid=connection-thamesbank]").GetAttribute("data-status"));
        // Nothing changed since the prerender: neither this page nor the customer's other tab was told anything.
        Assert.Equal(0, Volatile.Read(ref heard));
    }

    [Fact]
    public async Task Deleting_an_ended_banks_data_in_another_tab_shows_on_the_open_page_and_tells_no_other_customer()
    {
        await ConnectedAsync(ThamesBank, daysLeft: 60, lastSuccess: Now.AddHours(-2));
        await LinkedDataAsync(ThamesBank, Frida);
        await DisconnectElsewhereAsync(ThamesBank, Now.AddHours(-5));
        await using var live = await StartRelayAsync();
        var cut = RenderPage();
        var card = cut.Find("[data-testid=connection-thamesbank]");
        Assert.Equal("ReadOnly", card.GetAttribute("data-status"));
        var graceHeard = 0;
        using var gracesView = Notifier.Subscribe(GraceId, () => Interlocked.Increment(ref graceHeard));
        await UntilAsync(() => live.Reads >= 2, "the relay never read the watched customers");

        // "Delete this bank's data" pressed in another tab (or on another app instance): no consent becomes or stops being valid.
        Assert.True(await Services.GetRequiredService<ConnectionService>().DeleteDataAsync(Frida, ThamesBank.Id, Cancel));
        var readsBefore = live.Reads;
        Clock.Advance(LiveUpdateSettings.DefaultPollInterval);
        await UntilAsync(() => live.Reads >= readsBefore + 2, "the relay did not read the watched customers again");

        cut.WaitForAssertion(() =>
        {
            var deleted = cut.Find("[data-testid=connection-thamesbank]");
            Assert.Equal("Deleted", deleted.GetAttribute("data-status"));
            Assert.Equal("None kept in Leafy Bank", deleted.QuerySelector("[data-testid=accounts]")!.TextContent.Trim());
            Assert.Null(deleted.QuerySelector("[data-testid=delete-data]"));
        }, TimeSpan.FromSeconds(5));
        Assert.Equal(0, Volatile.Read(ref graceHeard));
    }

    [Fact]
    public async Task The_disconnect_dialog_open_when_the_bank_is_disconnected_in_another_tab_says_so_instead_of_asking()
    {
        await ConnectedAsync(ThamesBank, daysLeft: 60, lastSuccess: Now.AddHours(-2));
        await LinkedDataAsync(ThamesBank, Frida);
        var cut = RenderPageWithDialogs();
        cut.Find("[data-testid=connection-thamesbank] [data-testid=disconnect]").Click();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=disconnect-keep]")), TimeSpan.FromSeconds(10));

        await DisconnectElsewhereAsync(ThamesBank, Now);
        Notifier.PublishToViews(FridaId);

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("Thames Bank was disconnected in another window or on another device. Its data stays in Leafy Bank, read-only.",
                cut.Find("[data-testid=disconnect-ended-elsewhere]").TextContent.Trim());
            Assert.Contains("Thames Bank is no longer connected", cut.Find(".mud-dialog").TextContent, StringComparison.Ordinal);
            // Nothing left to choose: no button offers to disconnect it (again).
            Assert.Empty(cut.FindAll("[data-testid=disconnect-keep]"));
            Assert.Empty(cut.FindAll("[data-testid=disconnect-delete]"));
        }, TimeSpan.FromSeconds(5));
        Assert.Equal("ReadOnly", cut.Find("[data-testid=connection-thamesbank]").GetAttribute("data-status"));

        cut.Find("[data-testid=disconnect-ok]").Click();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".mud-dialog")), TimeSpan.FromSeconds(5));
        // Said once, in the dialog: no "already disconnected" afterwards.
        Assert.DoesNotContain("already disconnected", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_disconnect_question_for_a_bank_with_nothing_kept_says_it_was_disconnected_elsewhere_and_that_nothing_was_kept()
    {
        // Connected, nothing from the bank kept (never read): the question is only whether to disconnect.
        await ConnectedAsync(ThamesBank, daysLeft: 60);
        var cut = RenderPageWithDialogs();
        cut.Find("[data-testid=connection-thamesbank] [data-testid=disconnect]").Click();
        cut.WaitForAssertion(() => Assert.Equal(
            "Leafy Bank will end its consent at Thames Bank. Nothing from Thames Bank is kept in Leafy Bank, so nothing else changes.",
            cut.Find("[data-testid=disconnect-nothing-kept]").TextContent.Trim()), TimeSpan.FromSeconds(10));
        Assert.Empty(cut.FindAll("[data-testid=disconnect-keep]"));

        await DisconnectElsewhereAsync(ThamesBank, Now);
        Notifier.PublishToViews(FridaId);

        // Told while it asks, in words true of a bank nothing was kept from: not "its data was deleted".
        cut.WaitForAssertion(() =>
        {
            Assert.Equal("Thames Bank was disconnected in another window or on another device. Nothing from Thames Bank was kept in Leafy Bank.",
                cut.Find("[data-testid=disconnect-ended-elsewhere]").TextContent.Trim());
            Assert.Empty(cut.FindAll("[data-testid=disconnect-confirm]"));
        }, TimeSpan.FromSeconds(5));

        cut.Find("[data-testid=disconnect-ok]").Click();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".mud-dialog")), TimeSpan.FromSeconds(5));
        Assert.DoesNotContain("already disconnected", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("is disconnected.", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_disconnect_dialog_says_the_data_was_deleted_when_the_other_tab_deleted_it()
    {
        await ConnectedAsync(ThamesBank, daysLeft: 60, lastSuccess: Now.AddHours(-2));
        await LinkedDataAsync(ThamesBank, Frida);
        var cut = RenderPageWithDialogs();
        cut.Find("[data-testid=connection-thamesbank] [data-testid=disconnect]").Click();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=disconnect-delete]")), TimeSpan.FromSeconds(10));

        // What "Disconnect" with "Delete data now" writes in the other tab: the consent ended, the sync state and the data gone.
        await DisconnectElsewhereAsync(ThamesBank, Now);
        await Store.Collection(OpenFinanceCollections.ExternalAccounts).DeleteAsync(FridaId, a => a.AccountBank == ThamesBank.Name, Cancel);
        await Store.Collection(OpenFinanceCollections.ExternalProducts).DeleteAsync(FridaId, p => p.ProductBank == ThamesBank.Name, Cancel);
        await Store.Collection(OpenFinanceCollections.ExternalTransactions).DeleteAsync(FridaId, t => t.TransactionBank == ThamesBank.Name, Cancel);
        Notifier.PublishToViews(FridaId);

        cut.WaitForAssertion(() => Assert.Equal(
            "Thames Bank was disconnected in another window or on another device. Its data was deleted from Leafy Bank.",
            cut.Find("[data-testid=disconnect-ended-elsewhere]").TextContent.Trim()), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_bank_disconnected_in_another_tab_turns_read_only_on_the_open_page_and_another_customers_change_does_not_touch_it()
    {
        await ConnectedAsync(ThamesBank, daysLeft: 60, lastSuccess: Now.AddHours(-2));
        await LinkedDataAsync(ThamesBank, Frida);
        var cut = RenderPage();
        Assert.Equal("Active", cut.Find("[data-testid=connection-thamesbank]").GetAttribute("data-status"));

        // What a disconnect that keeps the data writes, made in another tab: the consent ended, the connection's sync state gone.
        var consents = Store.Collection(OpenFinanceCollections.Consents);
        var consent = (await consents.FindAsync(FridaId, c => c.Bank == ThamesBank.Id, Cancel)).Single();
        consent.Status = ConsentStatuses.TerminatedByTpp;
        consent.StatusChangedAt = Now;
        await consents.UpsertAsync(consent, Cancel);
        await Store.Collection(OpenFinanceCollections.SyncStates).DeleteAsync(FridaId, s => s.Bank == ThamesBank.Id, Cancel);

        // Another customer's change is never this page's business: it is not read again for it.
        Notifier.PublishToViews(GraceId);
        await Task.Delay(200, Cancel);
        Assert.Equal("Active", cut.Find("[data-testid=connection-thamesbank]").GetAttribute("data-status"));
        Assert.Equal(1, Notifier.SubscriberCount(FridaId));
        Assert.Equal(0, Notifier.SubscriberCount(GraceId));

        Notifier.PublishToViews(FridaId);

        cut.WaitForAssertion(() =>
        {
            var card = cut.Find("[data-testid=connection-thamesbank]");
            Assert.Equal("ReadOnly", card.GetAttribute("data-status"));
            Assert.Equal("Disconnected, read-only", card.QuerySelector("[data-testid=status]")!.TextContent.Trim());
            Assert.Contains("Thames Bank", card.QuerySelector("[data-testid=explanation]")!.TextContent, StringComparison.Ordinal);
            Assert.Equal(Day(Now), card.QuerySelector("[data-testid=ended]")!.TextContent.Trim());
            // Read-only: nothing offers to update it or to disconnect it again.
            Assert.Null(card.QuerySelector("[data-testid=sync-now]"));
            Assert.Null(card.QuerySelector("[data-testid=disconnect]"));
            Assert.NotNull(card.QuerySelector("[data-testid=delete-data]"));
        }, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_bank_connected_in_another_tab_appears_on_the_open_page()
    {
        await ConnectedAsync(GreenBank, daysLeft: 60, lastSuccess: Now.AddHours(-2));
        var cut = RenderPage();
        Assert.Empty(cut.FindAll("[data-testid=connection-thamesbank]"));

        await ConnectedAsync(ThamesBank, daysLeft: 90);
        Notifier.PublishToViews(FridaId);

        cut.WaitForAssertion(() => Assert.Equal("Active", cut.Find("[data-testid=connection-thamesbank]").GetAttribute("data-status")), TimeSpan.FromSeconds(5));
    }
}
