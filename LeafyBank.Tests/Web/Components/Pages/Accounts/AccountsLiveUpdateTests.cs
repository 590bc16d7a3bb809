using LeafyBank.Core.Banking.Authorization;
using LeafyBank.Core.Banking.Sync;
using LeafyBank.Web.Components.Pages.Accounts;
using AccountsPage = LeafyBank.Web.Components.Pages.Accounts.Accounts;

namespace LeafyBank.Tests.Web.Components.Pages.Accounts;

/// <summary>
/// The Accounts list and an account's page hear a change made elsewhere (another tab, another device, another app instance:
/// <see cref="PositionChangeNotifier"/>, fed across instances by <c>SyncStateChangeRelay</c>) and show it without a reload,
/// for the signed-in customer only: new figures after an update, an account removed, a bank's data deleted, an account its
/// bank no longer shares. A change read between the page's read and its subscription is caught up at once.
/// </summary>
public sealed class AccountsLiveUpdateTests : PersonasTestContext
{
    private const string CurrentId = "204515800";
    private const string SaverId = "204515807";

    /// <summary>Frida at Green Bank, connected: a current account it shares, and a saver she unticked at the bank three days ago.</summary>
    private async Task<(ExternalAccount Current, ExternalAccount Saver)> GreenBankAsync()
    {
        var current = Account(Frida, "Green Bank", CurrentId, AccountTypes.Checking, 300m, "USD", name: "Green Current");
        await AddAsync(current);
        var saver = Account(Frida, "Green Bank", SaverId, AccountTypes.Savings, 1_000m, "USD", name: "Green Saver");
        saver.Source!.RetrievedAt = Now.AddDays(-3);
        saver.NoLongerSharedSince = Now.AddDays(-3).AddHours(1);
        await AddAsync(saver);
        await AddAsync(TestDocuments.Transaction(FridaId, "tx-current-1", Now.AddDays(-1), -12.5m, "Green Bank", CurrentId, currency: "USD", description: "Coffee"));
        await GreenBankConsentAsync(ConsentStatuses.Valid, Now.AddDays(-3), Now.AddDays(150), statusChangedAt: Now.AddDays(-3));
        await GreenBankSyncAsync(lastSuccessAt: Now.AddMinutes(-30), lastAttemptAt: Now.AddMinutes(-30), lastError: null);
        return (current, saver);
    }

    /// <summary>
    /// What an update that finished in another tab or on another instance writes: the account's new balance, and the
    /// connection's sync state moved on (its version, by another instance), which the relay and the catch-up look for.
    /// </summary>
    private async Task SyncedElsewhereAsync(decimal currentBalance, bool untickCurrent = false)
    {
        var accounts = Store.Collection(OpenFinanceCollections.ExternalAccounts);
        var current = (await accounts.FindAsync(FridaId, a => a.AccountId == CurrentId, Cancel)).Single();
        current.AccountBalance = currentBalance;
        current.Source!.RetrievedAt = Now;
        if (untickCurrent)
        {
            current.NoLongerSharedSince = Now;
        }
        await accounts.UpsertAsync(current, Cancel);
        var states = Store.Collection(OpenFinanceCollections.SyncStates);
        var state = (await states.FindAsync(FridaId, s => s.Bank == "greenbank", Cancel)).Single();
        state.LastSuccessAt = Now;
        state.LastAttemptAt = Now;
        state.SyncVersion++;
        state.SyncedAt = Now;
        state.SyncedBy = "another-instance";
        await states.UpsertAsync(state, Cancel);
    }

    private IRenderedComponent<AccountsPage> RenderList()
    {
        var cut = Render<AccountsPage>();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=accounts-loading]")), TimeSpan.FromSeconds(10));
        return cut;
    }

    private IRenderedComponent<AccountPage> RenderAccount(ObjectId reference)
    {
        var cut = OpenAccountPage(reference);
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=account-loading]")), TimeSpan.FromSeconds(10));
        return cut;
    }

    private static string Amount(IRenderedComponent<AccountsPage> cut, string name) =>
        cut.FindAll("[data-testid=account-row]")
            .Single(row => row.QuerySelector("[data-testid=account-name]")!.TextContent.Trim() == name)
            .QuerySelector("[data-testid=account-amount]")!.TextContent.Trim();

    private static IReadOnlyList<string> Names(IRenderedComponent<AccountsPage> cut, string bank) =>
        [.. cut.FindAll($"[data-testid=institution][data-bank='{bank}'] [data-testid=account-name]").Select(n => n.TextContent.Trim())];

    /// <summary>Renders as the server's prerender does, and hands over what it persisted as the page would carry it.</summary>
    private void PrerenderAndHandOver<TState, TPage>(Func<IRenderedComponent<TPage>> render, string key, string readyTestId) where TPage : IComponent
    {
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        var prerendered = render();
        prerendered.WaitForElement($"[data-testid={readyTestId}]", TimeSpan.FromSeconds(10));
        PersistentState.TriggerOnPersisting();
        Assert.True(PersistentState.TryTake<TState>(key, out var handed), "the prerender handed nothing over");
        PersistentState.Persist(key, handed!);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    [Fact]
    public async Task An_update_finished_in_another_tab_shows_its_new_figures_and_totals_on_the_open_list_and_says_so()
    {
        await GreenBankAsync();
        var cut = RenderList();
        Assert.Equal("300.00 USD", Amount(cut, "Green Current"));
        var netWorthBefore = cut.Find("[data-testid=accounts-net-worth] dd").TextContent.Trim();
        Assert.Empty(cut.FindAll("[data-testid=accounts-refreshed]"));
        Clock.Advance(TimeSpan.FromMinutes(1));

        await SyncedElsewhereAsync(450m);
        Notifier.PublishToViews(FridaId);

        cut.WaitForAssertion(() => Assert.Equal("450.00 USD", Amount(cut, "Green Current")), TimeSpan.FromSeconds(5));
        Assert.NotEqual(netWorthBefore, cut.Find("[data-testid=accounts-net-worth] dd").TextContent.Trim());
        Assert.Equal("Updated just now after the update at Green Bank finished.", cut.Find("[data-testid=accounts-refreshed]").TextContent.Trim());
        // Inside the polite live region, so a screen reader says it.
        Assert.Equal("polite", cut.Find("[data-testid=accounts-live-status]").GetAttribute("aria-live"));
        Assert.Equal("Updated just now", cut.FindAll("[data-testid=account-row]")
            .Single(r => r.QuerySelector("[data-testid=account-name]")!.TextContent.Trim() == "Green Current")
            .QuerySelector("[data-testid=account-freshness]")!.TextContent.Trim());
    }

    [Fact]
    public async Task Another_customers_change_is_not_heard_and_a_change_that_leaves_the_list_as_it_is_draws_nothing()
    {
        await GreenBankAsync();
        var cut = RenderList();
        var reads = PositionService.Calls;
        await SyncedElsewhereAsync(450m);

        // Grace's update is never this page's business: it is not read again for it.
        Notifier.PublishToViews(GraceId);
        await Task.Delay(200, Cancel);
        Assert.Equal(reads, PositionService.Calls);
        Assert.Equal("300.00 USD", Amount(cut, "Green Current"));
        Assert.Equal(1, Notifier.SubscriberCount(FridaId));
        Assert.Equal(0, Notifier.SubscriberCount(GraceId));

        // Frida's own is.
        Notifier.PublishToViews(FridaId);
        cut.WaitForAssertion(() => Assert.Equal("450.00 USD", Amount(cut, "Green Current")), TimeSpan.FromSeconds(5));
        var renders = cut.RenderCount;
        var caption = cut.Find("[data-testid=accounts-refreshed]").TextContent.Trim();

        // Told again with nothing new: read, found the same, and nothing is drawn again (no flicker, the scroll stays).
        reads = PositionService.Calls;
        Notifier.PublishToViews(FridaId);
        await UntilAsync(() => PositionService.Calls > reads, "the page did not read again");
        await Task.Delay(100, Cancel);
        Assert.Equal(renders, cut.RenderCount);
        Assert.Equal(caption, cut.Find("[data-testid=accounts-refreshed]").TextContent.Trim());
    }

    [Fact]
    public async Task An_account_removed_in_another_tab_leaves_the_open_list_and_its_totals_and_the_line_names_it()
    {
        var (_, saver) = await GreenBankAsync();
        var cut = RenderList();
        Assert.Equal(["Green Current", "Green Saver"], Names(cut, "Green Bank"));
        var balanceBefore = cut.Find("[data-testid=accounts-total-balance] dd").TextContent.Trim();

        var removal = await Services.GetRequiredService<ConnectionService>().RemoveUnsharedDataAsync(Frida, saver.Id.ToString(), Cancel);
        Assert.Equal(UnsharedRemovalOutcome.Removed, removal.Outcome);
        Notifier.PublishToViews(FridaId);

        cut.WaitForAssertion(() => Assert.Equal(["Green Current"], Names(cut, "Green Bank")), TimeSpan.FromSeconds(5));
        Assert.NotEqual(balanceBefore, cut.Find("[data-testid=accounts-total-balance] dd").TextContent.Trim());
        Assert.Equal("Updated just now: Green Saver ••••\u00A05807 was removed from Leafy Bank.",
            cut.Find("[data-testid=accounts-refreshed]").TextContent.Trim());
    }

    [Fact]
    public async Task An_ended_banks_data_deleted_in_another_tab_goes_from_the_open_list_as_the_dashboard_says_it()
    {
        await ConnectedAsync(ThamesBank, daysLeft: 60, lastSuccess: Now.AddHours(-2));
        await LinkedDataAsync(ThamesBank, Frida);
        var consents = Store.Collection(OpenFinanceCollections.Consents);
        var consent = (await consents.FindAsync(FridaId, c => c.Bank == ThamesBank.Id, Cancel)).Single();
        consent.Status = ConsentStatuses.TerminatedByTpp;
        consent.StatusChangedAt = Now.AddHours(-1);
        await consents.UpsertAsync(consent, Cancel);
        await Store.Collection(OpenFinanceCollections.SyncStates).DeleteAsync(FridaId, s => s.Bank == ThamesBank.Id, Cancel);
        await using var live = await StartRelayAsync();
        var cut = RenderList();
        Assert.NotEmpty(cut.FindAll("[data-testid=institution][data-bank='Thames Bank']"));
        await UntilAsync(() => live.Reads >= 1 && live.CatchUps >= 1, "the relay never read the watched customer");

        Assert.True(await Services.GetRequiredService<ConnectionService>().DeleteDataAsync(Frida, ThamesBank.Id, Cancel));
        var readsBefore = live.Reads;
        Clock.Advance(LiveUpdateSettings.DefaultPollInterval);
        await UntilAsync(() => live.Reads >= readsBefore + 1, "the relay did not read the watched customer again");

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=institution][data-bank='Thames Bank']")), TimeSpan.FromSeconds(5));
        Assert.Equal("Updated just now: the Thames Bank data was deleted from Leafy Bank.", cut.Find("[data-testid=accounts-refreshed]").TextContent.Trim());
    }

    [Fact]
    public async Task A_consent_renewed_with_fewer_accounts_marks_the_one_left_out_on_the_open_list_and_says_which()
    {
        await GreenBankAsync();
        var cut = RenderList();
        Clock.Advance(TimeSpan.FromMinutes(1));

        // The renewal's first update: the current account is no longer among those the bank sends.
        await SyncedElsewhereAsync(300m, untickCurrent: true);
        Notifier.PublishToViews(FridaId);

        cut.WaitForAssertion(() => Assert.Equal(
            "Updated just now after the update at Green Bank finished: Green Bank no longer shares Green Current ••••\u00A05800 with Leafy Bank.",
            cut.Find("[data-testid=accounts-refreshed]").TextContent.Trim()), TimeSpan.FromSeconds(5));
        Assert.StartsWith("No longer shared", cut.FindAll("[data-testid=account-row]")
            .Single(r => r.QuerySelector("[data-testid=account-name]")!.TextContent.Trim() == "Green Current")
            .QuerySelector("[data-testid=account-freshness]")!.TextContent.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_update_finished_between_the_prerenders_read_and_the_live_subscription_shows_at_once_on_the_list()
    {
        await GreenBankAsync();
        PrerenderAndHandOver<AccountsPageState, AccountsPage>(() => Render<AccountsPage>(), "accounts-page", "institution");
        await using var live = await StartRelayAsync();

        // In the second between the prerender and the page going live, an update finishes on another instance; nothing follows.
        Clock.Advance(TimeSpan.FromSeconds(1));
        await SyncedElsewhereAsync(450m);
        var cut = RenderList();

        await UntilAsync(() => live.CatchUps >= 1, "the relay never answered the page's catch-up");
        cut.WaitForAssertion(() => Assert.Equal("450.00 USD", Amount(cut, "Green Current")), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task An_account_removed_in_another_tab_is_no_longer_shown_as_live_on_its_open_page()
    {
        var (_, saver) = await GreenBankAsync();
        await using var live = await StartRelayAsync();
        var cut = RenderAccount(saver.Id);
        Assert.Equal("1,000.00 USD", cut.Find("[data-testid=account-balance]").TextContent.Trim());
        await UntilAsync(() => live.Reads >= 1 && live.CatchUps >= 1, "the relay never read the watched customer");

        // "Remove this account's data" pressed on the same account in another tab (or on another app instance).
        var removal = await Services.GetRequiredService<ConnectionService>().RemoveUnsharedDataAsync(Frida, saver.Id.ToString(), Cancel);
        Assert.Equal(UnsharedRemovalOutcome.Removed, removal.Outcome);
        var readsBefore = live.Reads;
        Clock.Advance(LiveUpdateSettings.DefaultPollInterval);
        await UntilAsync(() => live.Reads >= readsBefore + 1, "the relay did not read the watched customer again");

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=account-no-longer-held]")), TimeSpan.FromSeconds(5));
        Assert.Equal("This account's data is no longer in Leafy Bank: it was removed after you opened this page, so its balance and " +
                     "details are not shown any more. Your account at Green Bank itself is not affected.",
            System.Text.RegularExpressions.Regex.Replace(cut.Find("[data-testid=account-no-longer-held]").TextContent.Trim(), @"\s+", " "));
        Assert.Equal("Green Saver", cut.Find("[data-testid=account-title]").TextContent.Trim());
        // Nothing of it reads as live any more: no balance, no facts, no offer to remove it again.
        Assert.Empty(cut.FindAll("[data-testid=account-balance]"));
        Assert.Empty(cut.FindAll("[data-testid=account-facts]"));
        Assert.Empty(cut.FindAll("[data-testid=remove-unshared]"));
        Assert.DoesNotContain("1,000.00", cut.Markup, StringComparison.Ordinal);
        Assert.Equal("accounts", cut.Find("[data-testid=back-to-accounts]").GetAttribute("href"));
    }

    [Fact]
    public async Task An_open_account_page_shows_the_figures_of_an_update_finished_elsewhere_and_ignores_another_customers()
    {
        var (current, _) = await GreenBankAsync();
        var cut = RenderAccount(current.Id);
        Assert.Equal("300.00 USD", cut.Find("[data-testid=account-balance]").TextContent.Trim());
        var reads = PositionService.Calls;
        Clock.Advance(TimeSpan.FromMinutes(1));
        await SyncedElsewhereAsync(450m);
        await AddAsync(TestDocuments.Transaction(FridaId, "tx-current-2", Now, -20m, "Green Bank", CurrentId, currency: "USD", description: "Bakery"));

        Notifier.PublishToViews(GraceId);
        await Task.Delay(200, Cancel);
        Assert.Equal(reads, PositionService.Calls);
        Assert.Equal("300.00 USD", cut.Find("[data-testid=account-balance]").TextContent.Trim());

        Notifier.PublishToViews(FridaId);

        cut.WaitForAssertion(() => Assert.Equal("450.00 USD", cut.Find("[data-testid=account-balance]").TextContent.Trim()), TimeSpan.FromSeconds(5));
        Assert.Contains("Bakery", cut.Find("[data-testid=account-transactions]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=account-no-longer-held]"));
        Assert.Empty(cut.FindAll("[data-testid=account-loading]"));
    }

    [Fact]
    public async Task An_account_removed_between_the_prerenders_read_and_the_live_subscription_is_caught_up_on_its_page()
    {
        var (_, saver) = await GreenBankAsync();
        PrerenderAndHandOver<AccountPageState, AccountPage>(() => OpenAccountPage(saver.Id), "account-page", "account-balance");
        await using var live = await StartRelayAsync();

        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(UnsharedRemovalOutcome.Removed,
            (await Services.GetRequiredService<ConnectionService>().RemoveUnsharedDataAsync(Frida, saver.Id.ToString(), Cancel)).Outcome);
        var cut = OpenAccountPage(saver.Id);

        await UntilAsync(() => live.CatchUps >= 1, "the relay never answered the page's catch-up");
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=account-no-longer-held]")), TimeSpan.FromSeconds(5));
        Assert.Empty(cut.FindAll("[data-testid=account-balance]"));
    }

    [Fact]
    public async Task Leaving_either_page_stops_listening()
    {
        var (current, _) = await GreenBankAsync();
        RenderList();
        RenderAccount(current.Id);
        Assert.Equal(2, Notifier.SubscriberCount(FridaId));

        await DisposeComponentsAsync();

        Assert.Equal(0, Notifier.SubscriberCount(FridaId));
    }
}
