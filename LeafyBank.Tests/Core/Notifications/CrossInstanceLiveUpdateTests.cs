using LeafyBank.Tests.Core.Banking.Sync;

namespace LeafyBank.Tests.Core.Notifications;

/// <summary>
/// Two app instances on one store: a sync that finishes on instance A refreshes the views of that
/// customer open on instance B within two seconds, and nobody else's; the instance that ran the
/// sync tells its own views once. On every engine (MongoDB through its change stream on a replica
/// set, by polling <c>sync_state</c> on a standalone server and on the embedded engine).
/// </summary>
public abstract class CrossInstanceLiveUpdateTests(IStoreFixture fixture)
{
    private static readonly ObjectId Grace = ObjectId.Parse("65a546ae4a8f64e8f88fb8a0");

    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    /// <summary>How the relay hears other instances on this engine ("polling" or "change stream").</summary>
    protected abstract IReadOnlyList<string> ExpectedModes { get; }

    [Fact]
    public async Task A_sync_finished_on_instance_A_refreshes_the_customers_view_on_instance_B_within_two_seconds_and_nobody_elses()
    {
        await using var bed = await SyncTestBed.ConnectedAsync(fixture);
        bed.Bank.Answer = _ => bed.Snapshot();
        await using var b = await LiveInstance.StartAsync("B", await fixture.ReopenAsync(bed.Store), ownsStore: true);
        var fridaOnB = new HeardCounter();
        var graceOnB = new HeardCounter();
        using var fridaView = b.Notifier.Subscribe(bed.Frida.UserId, fridaOnB.Hear);
        using var graceView = b.Notifier.Subscribe(Grace, graceOnB.Hear);
        await b.UntilCustomersReadAsync(2);
        Assert.Contains(b.Relay.Mode, ExpectedModes);
        Xunit.TestContext.Current.TestOutputHelper?.WriteLine($"{fixture.Engine}: instance B hears other instances by {b.Relay.Mode}");

        var result = await bed.Instance("A", new PositionChangeNotifier(NullLogger<PositionChangeNotifier>.Instance))
            .SyncAsync(bed.Frida, TestBanks.GreenBank.Id, unattended: false, Cancel);
        var sinceFinished = Stopwatch.StartNew();

        Assert.Equal(SyncOutcome.Succeeded, result.Outcome);
        await fridaOnB.Heard.Task.WaitAsync(TimeSpan.FromSeconds(2), Cancel);
        Xunit.TestContext.Current.TestOutputHelper?.WriteLine($"heard on B {sinceFinished.ElapsedMilliseconds} ms after the sync finished on A");
        // The finished sync is announced once, and to Frida's view only.
        await b.SettleAsync(customers: 2);
        Assert.Equal(1, fridaOnB.Count);
        Assert.Equal(0, graceOnB.Count);
    }

    [Fact]
    public async Task A_failed_sync_on_instance_A_refreshes_the_view_on_instance_B_too_because_its_freshness_changed()
    {
        await using var bed = await SyncTestBed.ConnectedAsync(fixture);
        bed.Bank.Answer = _ => throw new BankApiException(BankFailureKind.Unavailable, "Green Bank had a problem (500). Try again later.");
        await using var b = await LiveInstance.StartAsync("B", await fixture.ReopenAsync(bed.Store), ownsStore: true);
        var fridaOnB = new HeardCounter();
        using var fridaView = b.Notifier.Subscribe(bed.Frida.UserId, fridaOnB.Hear);
        await b.UntilCustomersReadAsync(1);

        var result = await bed.Instance("A").SyncAsync(bed.Frida, TestBanks.GreenBank.Id, unattended: false, Cancel);

        Assert.Equal(SyncOutcome.Failed, result.Outcome);
        await fridaOnB.Heard.Task.WaitAsync(TimeSpan.FromSeconds(2), Cancel);
    }

    [Fact]
    public async Task The_instance_that_ran_the_sync_tells_its_own_views_once_not_again_when_it_reads_back_what_it_wrote()
    {
        await using var bed = await SyncTestBed.ConnectedAsync(fixture);
        bed.Bank.Answer = _ => bed.Snapshot();
        await using var a = await LiveInstance.StartAsync("A", bed.Store, ownsStore: false);
        await using var b = await LiveInstance.StartAsync("B", await fixture.ReopenAsync(bed.Store), ownsStore: true);
        var fridaOnA = new HeardCounter();
        var fridaOnB = new HeardCounter();
        using var viewOnA = a.Notifier.Subscribe(bed.Frida.UserId, fridaOnA.Hear);
        using var viewOnB = b.Notifier.Subscribe(bed.Frida.UserId, fridaOnB.Hear);
        await a.UntilCustomersReadAsync(1);
        await b.UntilCustomersReadAsync(1);

        await bed.Instance("A", a.Notifier).SyncAsync(bed.Frida, TestBanks.GreenBank.Id, unattended: false, Cancel);
        await fridaOnB.Heard.Task.WaitAsync(TimeSpan.FromSeconds(2), Cancel);
        await bed.Instance("A", a.Notifier).SyncAsync(bed.Frida, TestBanks.GreenBank.Id, unattended: false, Cancel);
        await fridaOnB.UntilAsync(2);

        // A has read the state back since (its relay saw both versions); it must not announce them again.
        await a.SettleAsync(customers: 1);
        Assert.Equal(2, fridaOnA.Count);
        Assert.Equal(2, fridaOnB.Count);
    }

    [Fact]
    public async Task A_sync_state_write_that_is_not_a_finished_sync_refreshes_nothing_on_another_instance()
    {
        await using var bed = await SyncTestBed.ConnectedAsync(fixture);
        await using var b = await LiveInstance.StartAsync("B", await fixture.ReopenAsync(bed.Store), ownsStore: true);
        var fridaOnB = new HeardCounter();
        using var fridaView = b.Notifier.Subscribe(bed.Frida.UserId, fridaOnB.Hear);
        await b.UntilCustomersReadAsync(1);

        // A lease taken and renewed, as a running sync on A writes every few seconds.
        await bed.LeaseHeldByAsync("A", bed.Now.AddSeconds(20));
        await bed.LeaseHeldByAsync("A", bed.Now.AddSeconds(25));

        await b.SettleAsync(customers: 1);
        Assert.Equal(0, fridaOnB.Count);
    }

    [Fact]
    public async Task A_disconnect_on_instance_A_reaches_the_customers_view_on_instance_B_within_two_seconds_and_nobody_elses()
    {
        await using var bed = await SyncTestBed.ConnectedAsync(fixture);
        await using var b = await LiveInstance.StartAsync("B", await fixture.ReopenAsync(bed.Store), ownsStore: true);
        var fridaOnB = new HeardCounter();
        var graceOnB = new HeardCounter();
        using var fridaView = b.Notifier.Subscribe(bed.Frida.UserId, fridaOnB.Hear);
        using var graceView = b.Notifier.Subscribe(Grace, graceOnB.Hear);
        await b.UntilCustomersReadAsync(2);

        // What ConnectionService.DisconnectAsync writes on instance A: the consent ended, the connection's sync state gone (no sync finishes).
        await EndConsentOnAAsync(bed);
        await bed.States.DeleteAsync(bed.Frida.UserId, state => state.Bank == TestBanks.GreenBank.Id, Cancel);

        await fridaOnB.Heard.Task.WaitAsync(TimeSpan.FromSeconds(2), Cancel);
        await b.SettleAsync(customers: 2);
        Assert.Equal(1, fridaOnB.Count);
        Assert.Equal(0, graceOnB.Count);
    }

    [Fact]
    public async Task A_bank_connected_on_instance_A_reaches_the_customers_view_on_instance_B_before_its_first_sync_finishes()
    {
        await using var bed = await SyncTestBed.ConnectedAsync(fixture);
        await using var b = await LiveInstance.StartAsync("B", await fixture.ReopenAsync(bed.Store), ownsStore: true);
        var fridaOnB = new HeardCounter();
        using var fridaView = b.Notifier.Subscribe(bed.Frida.UserId, fridaOnB.Hear);
        await b.UntilCustomersReadAsync(1);

        // A consent request sent to the bank is not a connection yet: nothing to show.
        var consents = bed.Store.Collection(OpenFinanceCollections.Consents);
        var requested = TestDocuments.Consent(bed.Frida, TestBanks.ThamesBank.Id, "thames-1", bed.Now, bed.Now.AddDays(90), status: ConsentStatuses.Received);
        await consents.UpsertAsync(requested, Cancel);
        await b.SettleAsync(customers: 1);
        Assert.Equal(0, fridaOnB.Count);

        // Granted at the bank: the new connection shows.
        requested.Status = ConsentStatuses.Valid;
        await consents.UpsertAsync(requested, Cancel);
        await fridaOnB.Heard.Task.WaitAsync(TimeSpan.FromSeconds(2), Cancel);
        await b.SettleAsync(customers: 1);
        Assert.Equal(1, fridaOnB.Count);
    }

    [Fact]
    public async Task An_ended_connections_data_deleted_on_instance_A_reaches_the_customers_view_on_instance_B_and_nobody_elses()
    {
        await using var bed = await SyncTestBed.ConnectedAsync(fixture);
        await EndConsentOnAAsync(bed);
        await bed.States.DeleteAsync(bed.Frida.UserId, state => state.Bank == TestBanks.GreenBank.Id, Cancel);
        await using var b = await LiveInstance.StartAsync("B", await fixture.ReopenAsync(bed.Store), ownsStore: true);
        var fridaOnB = new HeardCounter();
        var graceOnB = new HeardCounter();
        using var fridaView = b.Notifier.Subscribe(bed.Frida.UserId, fridaOnB.Hear);
        using var graceView = b.Notifier.Subscribe(Grace, graceOnB.Hear);
        await b.UntilCustomersReadAsync(2);

        // What ConnectionService.DeleteDataAsync writes on instance A once the bank's data is gone: no consent becomes or
        // stops being valid; the ended consent records the deletion.
        var consents = bed.Store.Collection(OpenFinanceCollections.Consents);
        var consent = (await consents.FindAsync(bed.Frida.UserId, c => c.ConsentId == SyncTestBed.ConsentId, Cancel)).Single();
        consent.DataDeletedAt = bed.Now;
        await consents.UpsertAsync(consent, Cancel);

        await fridaOnB.Heard.Task.WaitAsync(TimeSpan.FromSeconds(2), Cancel);
        await b.SettleAsync(customers: 2);
        Assert.Equal(1, fridaOnB.Count);
        Assert.Equal(0, graceOnB.Count);
    }

    [Fact]
    public async Task A_view_that_subscribes_after_reading_hears_a_disconnect_made_in_between_at_once_and_alone()
    {
        await using var bed = await SyncTestBed.ConnectedAsync(fixture);
        await using var b = await LiveInstance.StartAsync("B", await fixture.ReopenAsync(bed.Store), ownsStore: true);

        // A view on B reads Frida's connections; then, before it subscribes, Green Bank is disconnected on A. Nobody watched
        // her on B, so the relay's first look already finds the connection ended: nothing it sees afterwards changes.
        var readAt = bed.Now;
        await EndConsentOnAAsync(bed);
        await bed.States.DeleteAsync(bed.Frida.UserId, state => state.Bank == TestBanks.GreenBank.Id, Cancel);
        var newView = new HeardCounter();
        using var subscription = b.Notifier.Subscribe(bed.Frida.UserId, newView.Hear, readAt);

        // Told by the catch-up, at once, and only once: no later change comes to tell it.
        await UntilCaughtUpAsync(b, 1);
        await b.SettleAsync(customers: 1);
        Assert.Equal(1, newView.Count);
    }

    [Fact]
    public async Task A_view_that_subscribes_after_reading_is_not_told_anything_when_nothing_changed_since()
    {
        await using var bed = await SyncTestBed.ConnectedAsync(fixture);
        await using var b = await LiveInstance.StartAsync("B", await fixture.ReopenAsync(bed.Store), ownsStore: true);
        var view = new HeardCounter();

        using var subscription = b.Notifier.Subscribe(bed.Frida.UserId, view.Hear, bed.Now.AddSeconds(1));

        await UntilCaughtUpAsync(b, 1);
        await b.SettleAsync(customers: 1);
        Assert.Equal(0, view.Count);
    }

    private static async Task UntilCaughtUpAsync(LiveInstance instance, int answered)
    {
        for (var i = 0; i < 500 && instance.Relay.CatchUps < answered; i++)
        {
            await Task.Delay(10, Cancel);
        }
        Assert.True(instance.Relay.CatchUps >= answered, $"The relay answered {instance.Relay.CatchUps} catch-ups, expected {answered}.");
    }

    private static async Task EndConsentOnAAsync(SyncTestBed bed)
    {
        var consents = bed.Store.Collection(OpenFinanceCollections.Consents);
        var consent = (await consents.FindAsync(bed.Frida.UserId, c => c.ConsentId == SyncTestBed.ConsentId, Cancel)).Single();
        consent.Status = ConsentStatuses.TerminatedByTpp;
        consent.StatusChangedAt = bed.Now;
        await consents.UpsertAsync(consent, Cancel);
    }
}

public sealed class EmbeddedCrossInstanceLiveUpdateTests(EmbeddedStoreFixture fixture)
    : CrossInstanceLiveUpdateTests(fixture), IClassFixture<EmbeddedStoreFixture>
{
    protected override IReadOnlyList<string> ExpectedModes => ["polling"];
}

/// <summary>Skipped unless <c>LEAFYBANK_TEST_MONGODB_URI</c> (or Docker) gives a server: a replica set is heard by change stream, a standalone server by polling.</summary>
public sealed class MongoCrossInstanceLiveUpdateTests(MongoStoreFixture fixture)
    : CrossInstanceLiveUpdateTests(fixture), IClassFixture<MongoStoreFixture>
{
    protected override IReadOnlyList<string> ExpectedModes => ["change stream", "polling"];
}
