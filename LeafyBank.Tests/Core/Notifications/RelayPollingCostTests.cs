using Microsoft.Extensions.Time.Testing;

namespace LeafyBank.Tests.Core.Notifications;

/// <summary>
/// What the relay's polling costs (the embedded engine and standalone MongoDB, which have no change feed): each poll reads
/// every watched customer's <c>sync_state</c> and <c>consents</c> once, two owner-indexed reads, so N customers with a view
/// open cost 2N reads a second. Measured here on the embedded engine, on the poll clock moved by hand; the numbers are
/// written to the test output and summarised in docs/performance.md.
/// </summary>
public sealed class RelayPollingCostTests(EmbeddedStoreFixture fixture) : IClassFixture<EmbeddedStoreFixture>
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_poll_reads_every_watched_customer_once_and_its_cost_is_measured()
    {
        const int customers = 500;
        const int rounds = 5;
        await using var store = await fixture.CreateStoreAsync();
        var now = TestTime.Frozen().GetUtcNow().UtcDateTime;
        var owners = Enumerable.Range(0, customers).Select(i => new PartyReference { UserName = $"customer{i}", UserId = ObjectId.GenerateNewId() }).ToList();
        foreach (var owner in owners)
        {
            // A typical customer: two banks connected, one ended earlier.
            await store.Collection(OpenFinanceCollections.Consents).UpsertAsync(TestDocuments.Consent(owner, "greenbank", $"g-{owner.UserName}", now.AddDays(-10), now.AddDays(80)), Cancel);
            await store.Collection(OpenFinanceCollections.Consents).UpsertAsync(TestDocuments.Consent(owner, "thamesbank", $"t-{owner.UserName}", now.AddDays(-10), now.AddDays(80)), Cancel);
            await store.Collection(OpenFinanceCollections.Consents).UpsertAsync(
                TestDocuments.Consent(owner, "donaubank", $"d-{owner.UserName}", now.AddDays(-200), now.AddDays(-110), ConsentStatuses.Expired), Cancel);
            foreach (var bank in new[] { "greenbank", "thamesbank" })
            {
                await store.Collection(OpenFinanceCollections.SyncStates).UpsertAsync(
                    new SyncState { SyncUser = owner, Bank = bank, SyncVersion = 3, SyncedBy = "A", SyncedAt = now.AddHours(-1) }, Cancel);
            }
        }
        var clock = new FakeTimeProvider(now);
        var notifier = new PositionChangeNotifier(NullLogger<PositionChangeNotifier>.Instance);
        var relay = new SyncStateChangeRelay(store, notifier, new SyncInstance("B"), new LiveUpdateSettings(LiveUpdateSettings.DefaultPollInterval),
            clock, NullLogger<SyncStateChangeRelay>.Instance);
        // Their views open before the relay starts: its first poll reads them all (once), as the app's do after a restart.
        var views = owners.Select(owner => notifier.Subscribe(owner.UserId, () => { })).ToList();
        await relay.StartAsync(Cancel);
        try
        {
            await UntilAsync(() => relay.Polls >= 1);
            Assert.Equal(customers, relay.Reads);
            var perRound = new List<double>();
            for (var round = 0; round < rounds; round++)
            {
                var before = relay.Reads;
                var polls = relay.Polls;
                var watch = Stopwatch.StartNew();
                clock.Advance(LiveUpdateSettings.DefaultPollInterval);
                await UntilAsync(() => relay.Polls > polls);
                perRound.Add(watch.Elapsed.TotalMilliseconds);
                // One read of each watched customer per poll, no more.
                Assert.Equal(before + customers, relay.Reads);
            }
            var median = perRound.Order().ElementAt(rounds / 2);
            Xunit.TestContext.Current.TestOutputHelper?.WriteLine(
                $"{customers} watched customers: {2 * customers} store reads per poll; a poll took {string.Join(", ", perRound.Select(ms => $"{ms:F0}"))} ms " +
                $"(median {median:F0} ms, {median / customers * 1000:F0} µs per customer), i.e. {median / LiveUpdateSettings.DefaultPollInterval.TotalMilliseconds:P0} of each second on the relay's loop");
        }
        finally
        {
            foreach (var view in views)
            {
                view.Dispose();
            }
            await relay.StopAsync(CancellationToken.None);
            relay.Dispose();
        }
    }

    private static async Task UntilAsync(Func<bool> done)
    {
        for (var i = 0; i < 3000 && !done(); i++)
        {
            await Task.Delay(10, Cancel);
        }
        Assert.True(done(), "the relay did not finish its reads within 30 s");
    }
}
