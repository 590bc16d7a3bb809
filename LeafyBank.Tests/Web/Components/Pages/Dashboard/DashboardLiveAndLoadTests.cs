using DashboardPage = LeafyBank.Web.Components.Pages.Dashboard.Dashboard;

namespace LeafyBank.Tests.Web.Components.Pages.Dashboard;

/// <summary>
/// The dashboard follows syncs of its own customer only, and reads the position once per page
/// view: the prerender's read is handed to the interactive render.
/// </summary>
public sealed class DashboardLiveAndLoadTests : PersonasTestContext
{
    [Fact]
    public void A_finished_sync_for_the_signed_in_customer_re_renders_the_open_dashboard_with_the_new_figures()
    {
        var cut = Render<DashboardPage>();
        cut.WaitForElement("[data-testid=welcome]");
        Assert.Contains("4,625.00 USD", cut.Find("[data-testid=total-balance]").TextContent, StringComparison.Ordinal);
        Assert.Equal(1, Notifier.SubscriberCount(FridaId));

        PositionService.Set(FridaId, Positions.WithGreenBank(Now, TimeSpan.Zero));
        Notifier.Publish(FridaId);

        cut.WaitForAssertion(() => Assert.Contains("12,450.00 USD", cut.Find("[data-testid=total-balance]").TextContent, StringComparison.Ordinal));
        Assert.Contains("Green Bank", cut.Find("[data-testid=by-institution]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=no-links]"));
        Assert.Equal("Updated just now after the update at Green Bank finished.", cut.Find("[data-testid=refreshed]").TextContent.Trim());
        Assert.Equal(2, PositionService.Calls);
    }

    [Fact]
    public void A_bank_update_that_failed_is_not_called_an_update_and_says_when_the_figures_were_last_good()
    {
        PositionService.Set(FridaId, Positions.WithGreenBank(Now, TimeSpan.FromHours(2)));
        var cut = Render<DashboardPage>();
        cut.WaitForElement("[data-testid=welcome]");

        PositionService.Set(FridaId, Positions.WithGreenBank(Now, TimeSpan.FromHours(2), lastError: "Green Bank did not answer in time"));
        Notifier.Publish(FridaId);

        cut.WaitForElement("[data-testid=refresh-update-failed]");
        var caption = cut.Find("[data-testid=refresh-update-failed]");
        Assert.Equal("Green Bank", caption.GetAttribute("data-bank"));
        Assert.Contains("The latest update at Green Bank failed 5 minutes ago: Green Bank did not answer in time.", caption.TextContent, StringComparison.Ordinal);
        Assert.Contains("Green Bank's figures are from its last successful update, 2 hours ago (", caption.TextContent, StringComparison.Ordinal);
        Assert.Contains("Open Connections", caption.TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=refreshed]"));
        Assert.DoesNotContain("Updated just now", cut.Find("[data-testid=live-status]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("update finished", cut.Find("[data-testid=live-status]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_successful_update_after_a_failed_one_is_called_an_update_again()
    {
        PositionService.Set(FridaId, Positions.WithGreenBank(Now, TimeSpan.FromHours(2)));
        var cut = Render<DashboardPage>();
        cut.WaitForElement("[data-testid=welcome]");
        PositionService.Set(FridaId, Positions.WithGreenBank(Now, TimeSpan.FromHours(2), lastError: "Green Bank did not answer in time"));
        Notifier.Publish(FridaId);
        cut.WaitForElement("[data-testid=refresh-update-failed]");

        PositionService.Set(FridaId, Positions.WithGreenBank(Now, TimeSpan.Zero));
        Notifier.Publish(FridaId);

        cut.WaitForAssertion(() => Assert.Equal("Updated just now after the update at Green Bank finished.", cut.Find("[data-testid=refreshed]").TextContent.Trim()));
        Assert.Empty(cut.FindAll("[data-testid=refresh-update-failed]"));
    }

    [Fact]
    public async Task A_bank_disconnected_in_another_tab_re_renders_the_open_dashboard_and_is_said_as_a_disconnect_not_an_update()
    {
        await GreenBankConsentAsync(ConsentStatuses.Valid, Now.AddDays(-10), Now.AddDays(80), Now.AddDays(-10));
        await GreenBankSyncAsync(Now.AddHours(-2), Now.AddHours(-2), lastError: null);
        PositionService.Set(FridaId, Positions.WithGreenBank(Now, TimeSpan.FromHours(2)));
        var cut = Render<DashboardPage>();
        cut.WaitForElement("[data-testid=welcome]");

        // Disconnected in another tab, keeping the data: the consent ended and its sync state went; no sync finished.
        await GreenBankConsentAsync(ConsentStatuses.TerminatedByTpp, Now.AddDays(-10), Now.AddDays(80), Now);
        await Store.Collection(OpenFinanceCollections.SyncStates).DeleteAsync(FridaId, s => s.Bank == GreenBank.Id, Cancel);
        Notifier.PublishToViews(FridaId);

        cut.WaitForAssertion(() => Assert.Equal("Updated just now: Green Bank was disconnected.", cut.Find("[data-testid=refreshed]").TextContent.Trim()));
        Assert.Empty(cut.FindAll("[data-testid=refresh-update-failed]"));
    }

    [Fact]
    public async Task A_bank_disconnected_with_its_data_deleted_in_another_tab_is_said_as_both()
    {
        await GreenBankConsentAsync(ConsentStatuses.Valid, Now.AddDays(-10), Now.AddDays(80), Now.AddDays(-10));
        await GreenBankSyncAsync(Now.AddHours(-2), Now.AddHours(-2), lastError: null);
        PositionService.Set(FridaId, Positions.WithGreenBank(Now, TimeSpan.FromHours(2)));
        var cut = Render<DashboardPage>();
        cut.WaitForElement("[data-testid=welcome]");

        // "Disconnect" then "Delete data now" in another tab: the consent ended, its sync state and its data went.
        await GreenBankConsentAsync(ConsentStatuses.TerminatedByTpp, Now.AddDays(-10), Now.AddDays(80), Now);
        await Store.Collection(OpenFinanceCollections.SyncStates).DeleteAsync(FridaId, s => s.Bank == GreenBank.Id, Cancel);
        PositionService.Set(FridaId, Positions.LeafyOnly());
        Notifier.PublishToViews(FridaId);

        cut.WaitForAssertion(() => Assert.Equal("Updated just now: Green Bank was disconnected and its data deleted from Leafy Bank.",
            cut.Find("[data-testid=refreshed]").TextContent.Trim()));
    }

    [Fact]
    public async Task An_update_that_stopped_because_its_bank_was_disconnected_meanwhile_is_not_said_to_have_finished()
    {
        await GreenBankConsentAsync(ConsentStatuses.Valid, Now.AddDays(-10), Now.AddDays(80), Now.AddDays(-10));
        await GreenBankSyncAsync(Now.AddHours(-2), Now.AddHours(-2), lastError: null);
        PositionService.Set(FridaId, Positions.WithGreenBank(Now, TimeSpan.FromHours(2)));
        var cut = Render<DashboardPage>();
        cut.WaitForElement("[data-testid=welcome]");

        // Disconnected in another tab, keeping the data, while an update of Green Bank ran there: the consent ended and the
        // sync state went, so Green Bank's freshness keeps only when its data was read.
        await GreenBankConsentAsync(ConsentStatuses.TerminatedByTpp, Now.AddDays(-10), Now.AddDays(80), Now);
        await Store.Collection(OpenFinanceCollections.SyncStates).DeleteAsync(FridaId, s => s.Bank == GreenBank.Id, Cancel);
        var disconnected = Positions.WithGreenBank(Now, TimeSpan.FromHours(2));
        PositionService.Set(FridaId, disconnected with
        {
            Freshness = [.. disconnected.Freshness.Select(f => f.Internal ? f : f with { LastAttemptAt = null })],
        });
        Notifier.PublishToViews(FridaId);
        cut.WaitForAssertion(() => Assert.Equal("Updated just now: Green Bank was disconnected.", cut.Find("[data-testid=refreshed]").TextContent.Trim()));

        // The update then stops (it no longer holds the connection) and tells the page, which reads the same figures again.
        Notifier.Publish(FridaId);
        cut.WaitForAssertion(() => Assert.Equal(3, PositionService.Calls));

        var status = cut.Find("[data-testid=live-status]").TextContent;
        Assert.DoesNotContain("update finished", status, StringComparison.Ordinal);
        Assert.Equal("Updated just now: Green Bank was disconnected.", cut.Find("[data-testid=refreshed]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=refresh-update-failed]"));
    }

    [Fact]
    public async Task An_ended_banks_data_deleted_in_another_tab_is_said_as_a_deletion_not_as_the_disconnect_before()
    {
        await GreenBankConsentAsync(ConsentStatuses.TerminatedByTpp, Now.AddDays(-10), Now.AddDays(80), Now.AddHours(-1));
        await AddAsync(TestDocuments.Account(FridaId, GreenBank.Name, "green-acc-1", 7825m));
        PositionService.Set(FridaId, Positions.WithGreenBank(Now, TimeSpan.FromHours(2)));
        var cut = Render<DashboardPage>();
        cut.WaitForElement("[data-testid=welcome]");

        // "Delete this bank's data" in another tab: the accounts go, the consent stays ended.
        await Store.Collection(OpenFinanceCollections.ExternalAccounts).DeleteAsync(FridaId, a => a.AccountBank == GreenBank.Name, Cancel);
        PositionService.Set(FridaId, Positions.LeafyOnly());
        Notifier.PublishToViews(FridaId);

        cut.WaitForAssertion(() => Assert.Equal("Updated just now: the Green Bank data was deleted from Leafy Bank.", cut.Find("[data-testid=refreshed]").TextContent.Trim()));
    }

    [Fact]
    public void A_sync_of_another_customer_changes_nothing_on_this_dashboard()
    {
        var cut = Render<DashboardPage>();
        cut.WaitForElement("[data-testid=welcome]");
        var before = cut.Markup;

        PositionService.Set(FridaId, Positions.WithGreenBank(Now, TimeSpan.Zero));
        Notifier.Publish(GraceId);

        Assert.Equal(1, PositionService.Calls);
        Assert.Equal(before, cut.Markup);
        Assert.Contains("4,625.00 USD", cut.Find("[data-testid=total-balance]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refresh_that_fails_keeps_the_figures_and_says_so()
    {
        var cut = Render<DashboardPage>();
        cut.WaitForElement("[data-testid=welcome]");

        PositionService.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        PositionService.Gate.SetException(new InvalidOperationException("store down"));
        Notifier.Publish(FridaId);

        cut.WaitForElement("[data-testid=refresh-failed]");
        Assert.Contains("reload the page", cut.Find("[data-testid=refresh-failed]").TextContent, StringComparison.Ordinal);
        Assert.Contains("4,625.00 USD", cut.Find("[data-testid=total-balance]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Leaving_the_dashboard_ends_its_subscription()
    {
        var cut = Render<DashboardPage>();
        cut.WaitForElement("[data-testid=welcome]");
        Assert.Equal(1, Notifier.SubscriberCount(FridaId));

        await DisposeComponentsAsync();

        Assert.Equal(0, Notifier.SubscriberCount(FridaId));
        Notifier.Publish(FridaId);
        Assert.Equal(1, PositionService.Calls);
    }

    [Fact]
    public void The_prerender_reads_once_and_the_interactive_render_reuses_it_instead_of_reading_again()
    {
        PositionService.Set(FridaId, Positions.WithGreenBank(Now, TimeSpan.FromHours(1)));

        // The prerender: reads, renders the figures, and listens for nothing (it has no circuit).
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        var prerendered = Render<DashboardPage>();
        prerendered.WaitForElement("[data-testid=welcome]");
        Assert.Equal(0, Notifier.SubscriberCount(FridaId));
        PersistentState.TriggerOnPersisting();
        Assert.True(PersistentState.TryTake<DashboardSnapshot>(DashboardPage.StateKey, out var persisted));
        Assert.Equal(12450m, persisted!.Position.TotalBalance);
        PersistentState.Persist(DashboardPage.StateKey, persisted);

        // The interactive render: the same figures, from the persisted state.
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var interactive = Render<DashboardPage>();

        interactive.WaitForElement("[data-testid=welcome]");
        Assert.Equal(1, PositionService.Calls);
        Assert.Single(TransactionQuery.Finds);
        Assert.Equal(1, CashFlow.Calls);
        Assert.Contains("12,450.00 USD", interactive.Find("[data-testid=total-balance]").TextContent, StringComparison.Ordinal);
        Assert.Contains("3.75 % a year", interactive.Find("[data-testid=loan-rate]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Savings account focusing on sustainable banking", interactive.Find("[data-testid=green-narratives]").TextContent, StringComparison.Ordinal);
        // …and only the interactive render follows syncs.
        Assert.Equal(1, Notifier.SubscriberCount(FridaId));
    }

    [Fact]
    public void A_persisted_snapshot_of_another_signed_in_user_is_not_used()
    {
        var graces = new DashboardSnapshot("gracehop", GraceId.ToString(), "Grace Hopper",
            Positions.WithGreenBank(Now, TimeSpan.FromHours(1)) with { UserName = "gracehop" }, [], 0,
            new CashFlowComparison("USD", Today, FakeCashFlowQuery.EmptyMonth(Today), FakeCashFlowQuery.EmptyMonth(Today.AddMonths(-1))),
            new LeafyBank.Core.Position.NetWorthHistory("USD", []), Now);
        PersistentState.Persist(DashboardPage.StateKey, graces);

        var cut = Render<DashboardPage>();

        cut.WaitForElement("[data-testid=welcome]");
        Assert.Equal("Welcome, Frida Kahlo", cut.Find("[data-testid=welcome]").TextContent.Trim());
        Assert.Contains("4,625.00 USD", cut.Find("[data-testid=total-balance]").TextContent, StringComparison.Ordinal);
        Assert.Equal(1, PositionService.Calls);
        Assert.Equal(1, Notifier.SubscriberCount(FridaId));
        Assert.Equal(0, Notifier.SubscriberCount(GraceId));
    }
}
