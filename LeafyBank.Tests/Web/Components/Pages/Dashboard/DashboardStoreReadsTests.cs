using DashboardPage = LeafyBank.Web.Components.Pages.Dashboard.Dashboard;

namespace LeafyBank.Tests.Web.Components.Pages.Dashboard;

/// <summary>
/// What one dashboard visit (the prerender, then the interactive render) asks of the store, with
/// the real global position over the embedded store. The connection states are read once, beside
/// the position, which has already counted each bank's accounts and products: those two
/// collections are not read a second time for them.
/// </summary>
public sealed class DashboardStoreReadsTests : PersonasTestContext
{
    private const string TestSourceName = "LeafyBank.Tests.DashboardStoreReads";
    private static readonly ActivitySource TestSource = new(TestSourceName);

    /// <summary>The store operations started under <paramref name="run"/>'s trace (an embedded position's own finds count as part of it).</summary>
    private static IReadOnlyList<string> StoreOperations(Action run)
    {
        var operations = new ConcurrentQueue<string>();
        ActivityTraceId? trace = null;
        using var listener = new ActivityListener
        {
            // By name, not by reference: the test's source may first be created inside this check, and asks it while its field is still null.
            ShouldListenTo = source => source.Name is StoreTelemetry.SourceName or TestSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = activity =>
            {
                if (activity.Source.Name == StoreTelemetry.SourceName && activity.TraceId == trace
                    && activity.Parent?.Source.Name != StoreTelemetry.SourceName)
                {
                    operations.Enqueue(activity.DisplayName);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        using (var visit = TestSource.StartActivity("dashboard visit"))
        {
            trace = visit!.TraceId;
            run();
        }
        return [.. operations];
    }

    [Fact]
    public async Task A_visit_reads_the_position_once_and_beside_it_only_the_consents_and_sync_states()
    {
        await GreenBankConsentAsync(ConsentStatuses.RevokedByPsu, Now.AddDays(-30), Now.AddDays(150), statusChangedAt: Now.AddMinutes(-5));
        await Store.Collection(OpenFinanceCollections.ExternalAccounts).UpsertAsync(new ExternalAccount
        {
            AccountId = "204515807",
            AccountBank = "Green Bank",
            AccountUser = Frida,
            AccountType = AccountTypes.Savings,
            AccountBalance = 7825m,
            AccountCurrency = "USD",
            Source = new DataSource { Origin = DataOrigins.BankApi, RetrievedAt = Now.AddHours(-3) },
        }, Cancel);

        var prerender = StoreOperations(() =>
        {
            SetRendererInfo(new RendererInfo("Static", isInteractive: false));
            Render<DashboardPage>().WaitForElement("[data-testid=institution-row][data-bank='Green Bank']");
            PersistentState.TriggerOnPersisting();
            Assert.True(PersistentState.TryTake<DashboardSnapshot>(DashboardPage.StateKey, out var persisted));
            PersistentState.Persist(DashboardPage.StateKey, persisted!);
        });
        var interactive = StoreOperations(() =>
        {
            SetRendererInfo(new RendererInfo("Server", isInteractive: true));
            var cut = Render<DashboardPage>();
            cut.WaitForElement("[data-testid=institution-row][data-bank='Green Bank']");
            Assert.Equal(nameof(ConnectionStatus.Revoked),
                cut.Find("[data-testid=institution-row][data-bank='Green Bank'] [data-testid=institution-freshness]").GetAttribute("data-connection"));
        });

        var visit = string.Join(", ", prerender.Concat(interactive));
        Xunit.TestContext.Current.TestOutputHelper?.WriteLine($"prerender {prerender.Count}: {string.Join(", ", prerender)}; interactive {interactive.Count}: {string.Join(", ", interactive)}");
        Assert.Single(prerender, operation => operation.StartsWith("position ", StringComparison.Ordinal));
        Assert.Single(prerender, operation => operation == "find consents");
        Assert.Single(prerender, operation => operation == "find sync_state");
        // The recent transactions come from the real query over the same store: one page read. Green Bank's consent leaves
        // transactions out, so one more read of one transaction finds the last it shared (none here), for the figures to say so.
        Assert.Equal(2, prerender.Count(operation => operation.StartsWith("transactions_page ", StringComparison.Ordinal)));
        Assert.DoesNotContain(prerender, operation => operation is "find external_accounts" or "find external_products");
        Assert.True(prerender.Count <= 6, $"the prerender asked the store {prerender.Count} times: {visit}");
        Assert.Empty(interactive);
    }

    [Fact]
    public async Task Recent_transactions_add_one_read_of_the_linked_accounts_for_their_links_and_none_of_the_products()
    {
        var savings = TestDocuments.Account(FridaId, "Green Bank", "204515807", 7825m);
        await AddAsync(savings);
        await AddAsync(Transaction("T1", "Green Bank", "204515807", -42.10m, Now.AddDays(-1)));

        IRenderedComponent<DashboardPage>? cut = null;
        var visit = StoreOperations(() =>
        {
            cut = Render<DashboardPage>();
            cut.WaitForElement("[data-testid=recent-row]");
        });

        Assert.Equal($"accounts/{savings.Id}", cut!.Find("[data-testid=recent-row] a").GetAttribute("href"));
        Assert.Single(visit, operation => operation == "find external_accounts");
        Assert.DoesNotContain(visit, operation => operation == "find external_products");
    }
}
