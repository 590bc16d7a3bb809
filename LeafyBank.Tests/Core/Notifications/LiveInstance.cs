namespace LeafyBank.Tests.Core.Notifications;

/// <summary>One app instance's live-update parts: its store handle, its notifier and its relay, running.</summary>
internal sealed class LiveInstance : IAsyncDisposable
{
    private readonly IDocumentStore? ownedStore;

    private LiveInstance(string name, IDocumentStore store, bool ownsStore)
    {
        ownedStore = ownsStore ? store : null;
        Notifier = new PositionChangeNotifier(NullLogger<PositionChangeNotifier>.Instance);
        Relay = new SyncStateChangeRelay(store, Notifier, new SyncInstance(name), new LiveUpdateSettings(LiveUpdateSettings.DefaultPollInterval),
            TestTime.Running(), NullLogger<SyncStateChangeRelay>.Instance);
    }

    public PositionChangeNotifier Notifier { get; }

    public SyncStateChangeRelay Relay { get; }

    public static async Task<LiveInstance> StartAsync(string name, IDocumentStore store, bool ownsStore)
    {
        var instance = new LiveInstance(name, store, ownsStore);
        await instance.Relay.StartAsync(Xunit.TestContext.Current.CancellationToken);
        return instance;
    }

    /// <summary>Waits (in real time, at most 5 s) until the relay has read customers' states this many times.</summary>
    public async Task UntilCustomersReadAsync(int reads)
    {
        for (var i = 0; i < 500 && (Relay.Reads < reads || Relay.Mode == "starting"); i++)
        {
            await Task.Delay(10, Xunit.TestContext.Current.CancellationToken);
        }
        Assert.True(Relay.Reads >= reads, $"The relay read sync_state {Relay.Reads} times, expected {reads} (mode: {Relay.Mode}).");
    }

    /// <summary>
    /// Lets anything still on its way arrive, before a test says nothing more came: two full
    /// polling rounds, or two poll intervals of a change stream.
    /// </summary>
    public async Task SettleAsync(int customers)
    {
        if (Relay.Mode == "polling")
        {
            await UntilCustomersReadAsync(Relay.Reads + 2 * customers);
        }
        else
        {
            await Task.Delay(2 * LiveUpdateSettings.DefaultPollInterval, Xunit.TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Relay.StopAsync(CancellationToken.None);
        Relay.Dispose();
        if (ownedStore is not null)
        {
            await ownedStore.DisposeAsync();
        }
    }
}
