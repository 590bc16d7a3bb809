namespace LeafyBank.Tests.Web.Components;

/// <summary>
/// This app instance's relay (<see cref="SyncStateChangeRelay"/>) on a page test's store, notifier and frozen clock, as the app
/// runs it: it tells an open page what another tab or instance wrote (the embedded engine has no change feed, so it reads the
/// store each time the clock moves a second). Tests wait for its own progress counters, never for a guessed time.
/// </summary>
public sealed class LiveRelay : IAsyncDisposable
{
    private readonly SyncStateChangeRelay relay;

    private LiveRelay(SyncStateChangeRelay relay) => this.relay = relay;

    public int Reads => relay.Reads;

    public int CatchUps => relay.CatchUps;

    public static async Task<LiveRelay> StartAsync(IDocumentStore store, PositionChangeNotifier notifier, TimeProvider clock)
    {
        var relay = new SyncStateChangeRelay(store, notifier, new SyncInstance("bunit"), new LiveUpdateSettings(LiveUpdateSettings.DefaultPollInterval),
            clock, NullLogger<SyncStateChangeRelay>.Instance);
        await relay.StartAsync(TestContext.Current.CancellationToken);
        return new LiveRelay(relay);
    }

    /// <summary>Waits (at most 5 s of real time) for a progress counter (the relay's, or a page's reads), never for a guessed time.</summary>
    public static async Task UntilAsync(Func<bool> done, string what)
    {
        for (var i = 0; i < 500 && !done(); i++)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
        Assert.True(done(), what);
    }

    public async ValueTask DisposeAsync()
    {
        await relay.StopAsync(CancellationToken.None);
        relay.Dispose();
    }
}
