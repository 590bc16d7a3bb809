using LeafyBank.Web.Components.Layout;
using MudBlazor;

namespace LeafyBank.Tests.Web.Components.Layout;

/// <summary>The banner every page shows: one line per connection that needs the signed-in customer, with its fix.</summary>
public sealed class ConnectionBannerTests : PersonasTestContext
{
    protected override RendererInfo? StartingRenderer => null;

    /// <summary>The banner with a snackbar provider beside it, as in the layout.</summary>
    private IRenderedComponent<Bunit.Rendering.ContainerFragment>? page;

    private IRenderedComponent<ConnectionBanner> RenderBanner()
    {
        var cut = page = Render(builder =>
        {
            builder.OpenComponent<MudSnackbarProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<ConnectionBanner>(1);
            builder.CloseComponent();
        });
        return cut.FindComponent<ConnectionBanner>();
    }

    /// <summary>The banner reads its alerts after the first render and renders again: wait for that before asserting there is nothing.</summary>
    private static void WaitForAlertsRead(IRenderedComponent<ConnectionBanner> cut) =>
        cut.WaitForAssertion(() => Assert.True(cut.RenderCount >= 2), TimeSpan.FromSeconds(10));

    private static void WaitForLines(IRenderedComponent<ConnectionBanner> cut, int count) =>
        cut.WaitForAssertion(() => Assert.Equal(count, cut.FindAll("[data-testid^=banner-][data-kind]").Count), TimeSpan.FromSeconds(10));

    [Fact]
    public void Without_connections_there_is_no_banner()
    {
        var cut = RenderBanner();

        WaitForAlertsRead(cut);
        Assert.Empty(cut.FindAll("[data-testid=connection-banner]"));
    }

    [Fact]
    public async Task Healthy_connections_and_ones_the_customer_ended_raise_nothing()
    {
        await ConnectedAsync(GreenBank, daysLeft: 80, lastSuccess: Now.AddHours(-1));
        await Store.Collection(OpenFinanceCollections.Consents).UpsertAsync(TestDocuments.Consent(Frida, ThamesBank.Id, "consent-thames", Now.AddDays(-20), Now.AddDays(2),
            status: ConsentStatuses.TerminatedByTpp, permissions: ["accounts"], statusChangedAt: Now.AddDays(-1)), Cancel);

        var cut = RenderBanner();

        WaitForAlertsRead(cut);
        Assert.Empty(cut.FindAll("[data-testid=connection-banner]"));
    }

    [Fact]
    public async Task A_consent_revoked_at_the_bank_offers_reconnect_and_never_sync_now()
    {
        await ConnectedAsync(ThamesBank, daysLeft: 170, lastError: "Thames Bank no longer accepts Leafy Bank's access.");
        await LinkedDataAsync(ThamesBank, Frida);
        var consents = Store.Collection(OpenFinanceCollections.Consents);
        var consent = (await consents.FindAsync(Frida.UserId, cancellationToken: Cancel)).Single();
        consent.Status = ConsentStatuses.RevokedByPsu;
        consent.StatusChangedAt = Now.AddHours(-1);
        await consents.UpsertAsync(consent, Cancel);

        var cut = RenderBanner();

        WaitForLines(cut, 1);
        var line = cut.Find("[data-testid=banner-thamesbank]");
        Assert.Equal("Revoked", line.GetAttribute("data-kind"));
        Assert.Contains("the consent was ended at Thames Bank; the data already here is kept. Reconnect to resume.", line.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("days left", line.TextContent, StringComparison.Ordinal);
        Assert.Equal("Reconnect", line.QuerySelector("[data-testid=banner-reconnect]")!.TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=banner-sync]"));
    }

    [Fact]
    public async Task A_consent_ending_within_seven_days_offers_one_click_renewal()
    {
        await ConnectedAsync(GreenBank, daysLeft: 5);

        var cut = RenderBanner();

        WaitForLines(cut, 1);
        var line = cut.Find("[data-testid=banner-greenbank]");
        Assert.Equal("ExpiringSoon", line.GetAttribute("data-kind"));
        Assert.Contains($"ends in 5 days ({Day(Now.AddDays(5))})", line.TextContent, StringComparison.Ordinal);
        var renew = line.QuerySelector("[data-testid=banner-renew]")!;
        Assert.Equal("connections/new?bank=greenbank", renew.GetAttribute("href"));
        Assert.Equal("Renew your consent at Green Bank", renew.GetAttribute("aria-label"));
    }

    [Fact]
    public async Task An_expired_consent_offers_to_reconnect_for_a_month_then_leaves_it_to_the_connections_page()
    {
        await ConnectedAsync(GreenBank, daysLeft: -3);
        await ConnectedAsync(ThamesBank, daysLeft: -40);

        var cut = RenderBanner();

        WaitForLines(cut, 1);
        var line = cut.Find("[data-testid=banner-greenbank]");
        Assert.Equal("Expired", line.GetAttribute("data-kind"));
        Assert.Contains($"ended on {Day(Now.AddDays(-3))}", line.TextContent, StringComparison.Ordinal);
        Assert.Equal("connections/new?bank=greenbank", line.QuerySelector("[data-testid=banner-reconnect]")!.GetAttribute("href"));
        Assert.Empty(cut.FindAll("[data-testid=banner-thamesbank]"));
    }

    [Fact]
    public async Task A_failing_connection_offers_try_again_which_runs_the_sync_and_reports_it()
    {
        await ConnectedAsync(ThamesBank, daysLeft: 60, lastError: "Thames Bank could not be reached. Try again later.");

        var cut = RenderBanner();

        WaitForLines(cut, 1);
        var line = cut.Find("[data-testid=banner-thamesbank]");
        Assert.Equal("Failing", line.GetAttribute("data-kind"));
        Assert.Contains("Updating Thames Bank failed: Thames Bank could not be reached.", line.TextContent, StringComparison.Ordinal);
        // The bank erred: trying again is the fix; reconnecting would not help.
        Assert.Equal("Try again", line.QuerySelector("[data-testid=banner-sync]")!.TextContent.Trim());
        Assert.Null(line.QuerySelector("[data-testid=banner-reconnect]"));
        var attemptsBefore = (await Store.Collection(OpenFinanceCollections.SyncStates).FindByKeyAsync([Frida.UserId, ThamesBank.Id], Cancel))!.LastAttemptAt;

        await cut.Find("[data-testid=banner-sync]").ClickAsync(new());

        // The sync really ran (no connector reads Thames Bank here, so it fails and says why, in the snackbar and the line).
        cut.WaitForAssertion(() => Assert.Contains("cannot read Thames Bank", cut.Find("[data-testid=banner-message]").TextContent, StringComparison.Ordinal),
            TimeSpan.FromSeconds(10));
        Assert.Contains("cannot read Thames Bank", page!.Find(".mud-snackbar").TextContent, StringComparison.Ordinal);
        Assert.NotEqual(attemptsBefore, (await Store.Collection(OpenFinanceCollections.SyncStates).FindByKeyAsync([Frida.UserId, ThamesBank.Id], Cancel))!.LastAttemptAt);
    }

    [Fact]
    public async Task Several_problems_get_one_line_each_the_most_urgent_first()
    {
        await ConnectedAsync(GreenBank, daysLeft: 6);
        await ConnectedAsync(ThamesBank, daysLeft: 60, lastError: "Thames Bank had a problem (503). Try again later.");

        var cut = RenderBanner();

        WaitForLines(cut, 2);
        var kinds = cut.FindAll("[data-testid^=banner-][data-kind]").Select(line => line.GetAttribute("data-kind")).ToList();
        Assert.Equal(["Failing", "ExpiringSoon"], kinds);
    }

    [Fact]
    public async Task Another_customers_problems_never_show_and_their_bank_id_cannot_be_synced_from_here()
    {
        await ConnectedAsync(GreenBank, daysLeft: 2, owner: Grace);
        await ConnectedAsync(ThamesBank, daysLeft: 60, lastError: "Thames Bank had a problem (503).", owner: Grace);
        var graceState = await Store.Collection(OpenFinanceCollections.SyncStates).FindByKeyAsync([Grace.UserId, ThamesBank.Id], Cancel);

        var cut = RenderBanner();
        WaitForAlertsRead(cut);
        await cut.InvokeAsync(() => cut.Instance.SyncNowAsync(ThamesBank.Id));

        Assert.Empty(cut.FindAll("[data-testid=connection-banner]"));
        var after = await Store.Collection(OpenFinanceCollections.SyncStates).FindByKeyAsync([Grace.UserId, ThamesBank.Id], Cancel);
        Assert.Equal((graceState!.LastAttemptAt, graceState.LastError), (after!.LastAttemptAt, after.LastError));
        Assert.Empty(await Store.Collection(OpenFinanceCollections.AuditEvents).FindAsync(Grace.UserId, cancellationToken: Cancel));
    }

    [Fact]
    public async Task Nobody_signed_in_gets_no_banner()
    {
        await ConnectedAsync(GreenBank, daysLeft: 2);
        Authorization.SetNotAuthorized();

        var cut = RenderBanner();

        WaitForAlertsRead(cut);
        Assert.Empty(cut.FindAll("[data-testid=connection-banner]"));
    }

    [Fact]
    public async Task On_the_connections_page_the_cards_speak_and_the_banner_stays_quiet_until_the_customer_leaves_it()
    {
        await ConnectedAsync(ThamesBank, daysLeft: 60, lastError: "Thames Bank had a problem (503).");
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("connections");
        var cut = RenderBanner();
        WaitForAlertsRead(cut);
        Assert.Empty(cut.FindAll("[data-testid=connection-banner]"));

        // Picking a bank to connect is another page: the line is back.
        await cut.InvokeAsync(() => navigation.NavigateTo("connections/new"));
        WaitForLines(cut, 1);
        await cut.InvokeAsync(() => navigation.NavigateTo("connections?bank=thamesbank"));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=connection-banner]")), TimeSpan.FromSeconds(10));
        await cut.InvokeAsync(() => navigation.NavigateTo("dashboard"));
        WaitForLines(cut, 1);
    }

    [Fact]
    public async Task A_change_elsewhere_in_the_circuit_refreshes_the_banner()
    {
        await ConnectedAsync(ThamesBank, daysLeft: 60, lastError: "Thames Bank had a problem (503).");
        var cut = RenderBanner();
        WaitForLines(cut, 1);

        // The Connections page synced it successfully meanwhile.
        var states = Store.Collection(OpenFinanceCollections.SyncStates);
        var state = await states.FindByKeyAsync([Frida.UserId, ThamesBank.Id], Cancel);
        state!.LastError = null;
        await states.UpsertAsync(state, Cancel);
        await cut.InvokeAsync(() => Services.GetRequiredService<ConnectionChanges>().NotifyAsync(source: null));

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=connection-banner]")), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task When_the_store_cannot_be_read_the_banner_stays_out_of_the_way()
    {
        await ConnectedAsync(GreenBank, daysLeft: 2);
        var unreachable = new UnreachableStore();
        Services.AddSingleton<IDocumentStore>(unreachable);
        Services.AddSingleton(new ConnectionOverview(unreachable, new NoDirectory(), Clock));

        var cut = RenderBanner();

        WaitForAlertsRead(cut);
        Assert.Empty(cut.FindAll("[data-testid=connection-banner]"));
    }

    [Fact]
    public async Task When_the_bank_directory_cannot_be_read_the_line_still_shows_naming_the_bank_by_its_id()
    {
        await ConnectedAsync(GreenBank, daysLeft: 2);
        Banks = new NoDirectory();

        var cut = RenderBanner();

        WaitForLines(cut, 1);
        Assert.Contains("Your consent at greenbank ends in 2 days", cut.Find("[data-testid=banner-greenbank]").TextContent, StringComparison.Ordinal);
    }

    private sealed class NoDirectory : IBankDirectory
    {
        public Task<IReadOnlyList<BankDirectoryEntry>> ListAsync(CancellationToken cancellationToken = default) =>
            throw new BankApiException(BankFailureKind.Unavailable, "The list of banks could not be read.");
    }

    private sealed class UnreachableStore : IDocumentStore
    {
        public string Engine => "mongodb";

        public string Location => "db.test";

        public Task InitializeAsync(CancellationToken cancellationToken = default) => throw Unreachable();

        public Task<StoreHealth> CheckHealthAsync(CancellationToken cancellationToken = default) => throw Unreachable();

        public IDocumentCollection<TDocument> Collection<TDocument>(DocumentKind<TDocument> kind) where TDocument : class => throw Unreachable();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private static StoreUnavailableException Unreachable() => new("db.test cannot be reached.");
    }

    [Fact]
    public async Task Accounts_refused_as_someone_elses_ask_to_connect_again_and_never_offer_try_again()
    {
        await ConnectedAsync(GreenBank, daysLeft: 80, lastError: "The accounts Green Bank shared are not in your name (Frida Kahlo), so Leafy Bank did not store them.");
        var states = Store.Collection(OpenFinanceCollections.SyncStates);
        var state = (await states.FindByKeyAsync([Frida.UserId, GreenBank.Id], Cancel))!;
        state.LastFailureKind = nameof(BankFailureKind.NotTheCustomersAccounts);
        await states.UpsertAsync(state, Cancel);

        var cut = RenderBanner();

        WaitForLines(cut, 1);
        var line = cut.Find("[data-testid=banner-greenbank]");
        Assert.Equal("AccountsRefused", line.GetAttribute("data-kind"));
        Assert.Contains("someone else's name", line.TextContent, StringComparison.Ordinal);
        Assert.Equal("Connect again", line.QuerySelector("[data-testid=banner-reconnect]")!.TextContent.Trim());
        Assert.Null(line.QuerySelector("[data-testid=banner-sync]"));
        Assert.DoesNotContain("Try again", line.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Sync now", line.TextContent, StringComparison.Ordinal);
    }
}
