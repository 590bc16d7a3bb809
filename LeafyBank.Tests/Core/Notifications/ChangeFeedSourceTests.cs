using System.Threading.Channels;
using LeafyBank.Tests.Core.Banking.Sync;

namespace LeafyBank.Tests.Core.Notifications;

/// <summary>
/// The relay's two sources on a store that has a change feed (as MongoDB replica sets do): the
/// feed's changes are announced without polling, and a server that turns the feed down is polled
/// instead. A scripted feed stands in for the change stream, which needs a replica set.
/// </summary>
public sealed class ChangeFeedSourceTests(EmbeddedStoreFixture fixture) : IClassFixture<EmbeddedStoreFixture>
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_a_change_feed_a_sync_finished_on_another_instance_is_announced_from_the_feed_once()
    {
        await using var bed = await SyncTestBed.ConnectedAsync(fixture);
        bed.Bank.Answer = _ => bed.Snapshot();
        var feed = new ScriptedFeed();
        await using var b = await LiveInstance.StartAsync("B", new StoreWithFeed(await fixture.ReopenAsync(bed.Store), feed), ownsStore: true);
        var fridaOnB = new HeardCounter();
        using var fridaView = b.Notifier.Subscribe(bed.Frida.UserId, fridaOnB.Hear);
        await b.UntilCustomersReadAsync(1);
        Assert.Equal("change stream", b.Relay.Mode);

        await bed.Instance("A").SyncAsync(bed.Frida, TestBanks.GreenBank.Id, unattended: false, Cancel);
        // Not polled: nothing is heard until the feed reports the write.
        await Task.Delay(2 * LiveUpdateSettings.DefaultPollInterval, Cancel);
        Assert.Equal(0, fridaOnB.Count);

        var written = SyncStateChange.From(await bed.StateAsync());
        await feed.Changes.Writer.WriteAsync(written, Cancel);
        await feed.Changes.Writer.WriteAsync(written, Cancel);
        await fridaOnB.Heard.Task.WaitAsync(TimeSpan.FromSeconds(2), Cancel);
        await feed.Changes.Writer.WriteAsync(written with { Owner = MongoDB.Bson.ObjectId.GenerateNewId() }, Cancel);
        await Task.Delay(LiveUpdateSettings.DefaultPollInterval, Cancel);
        Assert.Equal(1, fridaOnB.Count);
    }

    [Fact]
    public async Task With_a_change_feed_a_consent_that_ends_elsewhere_is_announced_from_the_feed_once_and_a_request_not_granted_is_not()
    {
        await using var bed = await SyncTestBed.ConnectedAsync(fixture);
        var feed = new ScriptedFeed();
        await using var b = await LiveInstance.StartAsync("B", new StoreWithFeed(await fixture.ReopenAsync(bed.Store), feed), ownsStore: true);
        var fridaOnB = new HeardCounter();
        using var fridaView = b.Notifier.Subscribe(bed.Frida.UserId, fridaOnB.Hear);
        await b.UntilCustomersReadAsync(1);

        var green = TestBanks.GreenBank.Id;
        // A request sent to another bank, then declined there: no connection came or went.
        await feed.ConsentChanges.Writer.WriteAsync(new ConsentStatusChange(bed.Frida.UserId, TestBanks.ThamesBank.Id, "thames-1", ConsentStatuses.Received), Cancel);
        await feed.ConsentChanges.Writer.WriteAsync(new ConsentStatusChange(bed.Frida.UserId, TestBanks.ThamesBank.Id, "thames-1", ConsentStatuses.Rejected), Cancel);
        // Green Bank disconnected (reported twice, as a resumed stream may), and another customer's consent ended.
        var ended = new ConsentStatusChange(bed.Frida.UserId, green, SyncTestBed.ConsentId, ConsentStatuses.TerminatedByTpp);
        await feed.ConsentChanges.Writer.WriteAsync(ended, Cancel);
        await feed.ConsentChanges.Writer.WriteAsync(ended, Cancel);
        await feed.ConsentChanges.Writer.WriteAsync(ended with { Owner = MongoDB.Bson.ObjectId.GenerateNewId() }, Cancel);

        await fridaOnB.Heard.Task.WaitAsync(TimeSpan.FromSeconds(2), Cancel);
        await Task.Delay(LiveUpdateSettings.DefaultPollInterval, Cancel);
        Assert.Equal(1, fridaOnB.Count);
    }

    [Fact]
    public async Task With_a_change_feed_the_data_of_an_ended_connection_deleted_elsewhere_is_announced_from_the_feed_once()
    {
        await using var bed = await SyncTestBed.ConnectedAsync(fixture);
        var feed = new ScriptedFeed();
        await using var b = await LiveInstance.StartAsync("B", new StoreWithFeed(await fixture.ReopenAsync(bed.Store), feed), ownsStore: true);
        var fridaOnB = new HeardCounter();
        using var fridaView = b.Notifier.Subscribe(bed.Frida.UserId, fridaOnB.Hear);
        await b.UntilCustomersReadAsync(1);
        var ended = new ConsentStatusChange(bed.Frida.UserId, TestBanks.GreenBank.Id, SyncTestBed.ConsentId, ConsentStatuses.TerminatedByTpp);
        await feed.ConsentChanges.Writer.WriteAsync(ended, Cancel);
        await fridaOnB.Heard.Task.WaitAsync(TimeSpan.FromSeconds(2), Cancel);

        // Its kept data deleted (reported twice, as a resumed stream may): a second announcement, and only one.
        var deleted = ended with { DataDeletedAt = bed.Now };
        await feed.ConsentChanges.Writer.WriteAsync(deleted, Cancel);
        await feed.ConsentChanges.Writer.WriteAsync(deleted, Cancel);
        await fridaOnB.UntilAsync(2);
        await Task.Delay(LiveUpdateSettings.DefaultPollInterval, Cancel);
        Assert.Equal(2, fridaOnB.Count);
    }

    [Fact]
    public async Task A_server_without_change_streams_is_polled_instead()
    {
        await using var bed = await SyncTestBed.ConnectedAsync(fixture);
        bed.Bank.Answer = _ => bed.Snapshot();
        var feed = new ScriptedFeed { Unavailable = true };
        await using var b = await LiveInstance.StartAsync("B", new StoreWithFeed(await fixture.ReopenAsync(bed.Store), feed), ownsStore: true);
        var fridaOnB = new HeardCounter();
        using var fridaView = b.Notifier.Subscribe(bed.Frida.UserId, fridaOnB.Hear);
        await b.UntilCustomersReadAsync(1);
        Assert.Equal("polling", b.Relay.Mode);

        await bed.Instance("A").SyncAsync(bed.Frida, TestBanks.GreenBank.Id, unattended: false, Cancel);

        await fridaOnB.Heard.Task.WaitAsync(TimeSpan.FromSeconds(2), Cancel);
    }

    /// <summary>A change feed whose changes the test writes; or one that the server turns down.</summary>
    private sealed class ScriptedFeed : ISyncStateChangeFeed
    {
        public bool Unavailable { get; init; }

        public Channel<SyncStateChange> Changes { get; } = Channel.CreateUnbounded<SyncStateChange>();

        public Channel<ConsentStatusChange> ConsentChanges { get; } = Channel.CreateUnbounded<ConsentStatusChange>();

        public async Task WatchAsync(Action onOpened, Action<SyncStateChange> onChange, Action<ConsentStatusChange> onConsentChange, CancellationToken cancellationToken)
        {
            if (Unavailable)
            {
                throw new ChangeFeedUnavailableException("this MongoDB server has no change streams (a standalone server)");
            }
            onOpened();
            var consents = Task.Run(async () =>
            {
                await foreach (var change in ConsentChanges.Reader.ReadAllAsync(cancellationToken))
                {
                    onConsentChange(change);
                }
            }, cancellationToken);
            await foreach (var change in Changes.Reader.ReadAllAsync(cancellationToken))
            {
                onChange(change);
            }
            await consents;
        }
    }

    /// <summary>A real store that also offers a change feed.</summary>
    private sealed class StoreWithFeed(IDocumentStore inner, ISyncStateChangeFeed feed) : IDocumentStore
    {
        public string Engine => inner.Engine;

        public string Location => inner.Location;

        public ISyncStateChangeFeed SyncStateChanges => feed;

        public Task InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);

        public Task<StoreHealth> CheckHealthAsync(CancellationToken cancellationToken = default) => inner.CheckHealthAsync(cancellationToken);

        public IDocumentCollection<TDocument> Collection<TDocument>(DocumentKind<TDocument> kind) where TDocument : class => inner.Collection(kind);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
