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
