namespace LeafyBank.Tests.Core.Banking.Sync;

/// <summary>
/// The first sync after a grant: requested once, run once in the background, its outcome stored for
/// the result page; a lease left by a dead instance delays it only until the lease runs out; an app
/// that stops mid-sync leaves a record the page reports as "did not run".
/// </summary>
public abstract class FirstSyncRunnerTests(IStoreFixture fixture)
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private static FirstSyncRunner Runner(SyncTestBed bed, string instance = "instance-a") =>
        new(bed.Store, bed.Instance(instance), bed.Clock, NullLogger<FirstSyncRunner>.Instance);

    private static async Task<ConnectionSummary> ConnectionAsync(SyncTestBed bed) =>
        (await new ConnectionOverview(bed.Store, new FixedBankDirectory(TestBanks.GreenBank), bed.Clock).FindAsync(bed.Frida.UserId, "greenbank", Cancel))!;

    private static async Task<int> DataPulledAsync(SyncTestBed bed) =>
        (await bed.Store.Collection(OpenFinanceCollections.AuditEvents).FindAsync(bed.Frida.UserId, e => e.Kind == AuditKinds.DataPulled, Cancel)).Count;

    [Fact]
    public async Task A_requested_first_sync_runs_once_and_stores_its_counts_for_the_result_page()
    {
        await using var bed = await SyncTestBed.ConnectedAsync(fixture);
        bed.Bank.Answer = _ => bed.Snapshot(transactions: 5);
        var runner = Runner(bed);
        await runner.StartAsync(Cancel);
        try
        {
            await runner.RequestAsync(bed.Frida, "greenbank", SyncTestBed.ConsentId, Cancel);
            await bed.UntilStateAsync(s => s.FirstSync?.FinishedAt is not null, "the first sync finished");

            var record = (await bed.StateAsync()).FirstSync!;
            Assert.Equal((SyncTestBed.ConsentId, AuditOutcomes.Succeeded, 1, 1, 5), (record.ConsentId, record.Outcome, record.Accounts, record.Products, record.Transactions));
            Assert.Equal((bed.Now, bed.Now, bed.Now), (record.RequestedAt, record.StartedAt, record.FinishedAt));
            Assert.Equal(FirstSyncStage.Succeeded, FirstSyncStatus.Of(await ConnectionAsync(bed), bed.Now, runningHere: false).Stage);

            // Asked again for the same consent (a second tab, a retried request): the stored outcome stands, the bank is not read again.
            await runner.RequestAsync(bed.Frida, "greenbank", SyncTestBed.ConsentId, Cancel);
            await Task.Delay(200, Cancel);
            Assert.Equal(1, bed.Bank.Calls);
            Assert.Equal(1, await DataPulledAsync(bed));
            Assert.Equal(record.FinishedAt, (await bed.StateAsync()).FirstSync!.FinishedAt);
        }
        finally
        {
            await runner.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_sync_that_runs_between_the_requests_read_and_write_keeps_what_it_recorded()
    {
        FaultyStore store = null!;
        await using var bed = await SyncTestBed.ConnectedAsync(fixture, inner => store = new FaultyStore(inner));
        bed.Bank.Answer = _ => bed.Snapshot();

        // The request has read the sync state; another instance's sync takes the lease and releases it before the request writes.
        SyncResult? other = null;
        store.BeforeFirstWriteTo(OpenFinanceCollections.SyncStates.CollectionName,
            async () => other = await bed.Instance("instance-b").SyncAsync(bed.Frida, "greenbank", unattended: false, Cancel));
        // Not started: only the request is recorded, nothing runs it.
        await Runner(bed).RequestAsync(bed.Frida, "greenbank", SyncTestBed.ConsentId, Cancel);

        Assert.True(other?.Outcome == SyncOutcome.Succeeded, other?.Message);
        var state = await bed.StateAsync();
        // The request's.
        Assert.Equal((SyncTestBed.ConsentId, bed.Now, (DateTime?)null), (state.FirstSync?.ConsentId, state.FirstSync?.RequestedAt, state.FirstSync?.FinishedAt));
        // The sync's: its attempt and success, its plan, one more finished sync, the lease released.
        Assert.Equal((bed.Now, bed.Now, other!.NextAllowedAt, 1L, "instance-b", (string?)null),
            (state.LastAttemptAt, state.LastSuccessAt, state.NextAllowedAt, state.SyncVersion, state.SyncedBy, state.LeaseOwner));
    }

    [Fact]
    public async Task A_failed_first_sync_is_stored_with_the_reason_in_words()
    {
        await using var bed = await SyncTestBed.ConnectedAsync(fixture);
        bed.Bank.Answer = _ => throw new BankApiException(BankFailureKind.Unavailable, "Green Bank is not answering right now. Leafy Bank will try again later.");
        var runner = Runner(bed);
        await runner.StartAsync(Cancel);
        try
        {
            await runner.RequestAsync(bed.Frida, "greenbank", SyncTestBed.ConsentId, Cancel);
            await bed.UntilStateAsync(s => s.FirstSync?.FinishedAt is not null, "the first sync finished");
        }
        finally
        {
            await runner.StopAsync(CancellationToken.None);
        }

        var status = FirstSyncStatus.Of(await ConnectionAsync(bed), bed.Now, runningHere: false);
        Assert.Equal(FirstSyncStage.Failed, status.Stage);
        Assert.Equal("Green Bank is not answering right now. Leafy Bank will try again later.", status.Record!.Message);
    }

    [Fact]
    public async Task A_first_sync_waits_out_a_lease_left_by_a_dead_instance_then_runs_once()
    {
        await using var bed = await SyncTestBed.ConnectedAsync(fixture);
        bed.Bank.Answer = _ => bed.Snapshot();
        await bed.LeaseHeldByAsync("instance-that-died", bed.Now + SyncService.LeaseDuration);
        var runner = Runner(bed);
        await runner.StartAsync(Cancel);
        try
        {
            await runner.RequestAsync(bed.Frida, "greenbank", SyncTestBed.ConsentId, Cancel);
            await Task.Delay(100, Cancel);
            Assert.True(runner.IsRunning(bed.Frida.UserId, "greenbank"), "the runner keeps trying while the lease is held");
            Assert.Equal(FirstSyncStage.Running, FirstSyncStatus.Of(await ConnectionAsync(bed), bed.Now, runningHere: false).Stage);

            // Step the clock through the dead lease, retry by retry.
            for (var retry = 0; retry < 50 && (await bed.StateAsync()).FirstSync?.FinishedAt is null; retry++)
            {
                bed.Clock.Advance(FirstSyncRunner.RetryDelay);
                await Task.Delay(50, Cancel);
            }
            await bed.UntilStateAsync(s => s.FirstSync?.FinishedAt is not null, "the first sync finished after the lease ran out");

            Assert.Equal(AuditOutcomes.Succeeded, (await bed.StateAsync()).FirstSync!.Outcome);
            Assert.Equal(1, bed.Bank.Calls);
        }
        finally
        {
            await runner.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task An_app_stopping_mid_sync_releases_the_lease_and_leaves_the_first_sync_for_sync_now()
    {
        await using var bed = await SyncTestBed.ConnectedAsync(fixture);
        bed.Bank.Answer = _ => bed.Snapshot();
        bed.Bank.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runner = Runner(bed);
        await runner.StartAsync(Cancel);
        await runner.RequestAsync(bed.Frida, "greenbank", SyncTestBed.ConsentId, Cancel);
        await bed.UntilBankCalledAsync(1);
        Assert.Equal(FirstSyncStage.Running, FirstSyncStatus.Of(await ConnectionAsync(bed), bed.Now, runningHere: false).Stage);

        await runner.StopAsync(CancellationToken.None);

        var state = await bed.StateAsync();
        Assert.Equal((null, null), (state.LeaseOwner, state.LeaseUntil));
        Assert.Equal((bed.Now, (DateTime?)null), (state.FirstSync!.StartedAt, state.FirstSync.FinishedAt));
        Assert.Equal(0, await bed.CountAsync(OpenFinanceCollections.ExternalAccounts));
        Assert.Equal(FirstSyncStage.DidNotRun, FirstSyncStatus.Of(await ConnectionAsync(bed), bed.Now, runningHere: false).Stage);
    }
}

public sealed class EmbeddedFirstSyncRunnerTests(EmbeddedStoreFixture fixture) : FirstSyncRunnerTests(fixture), IClassFixture<EmbeddedStoreFixture>;

public sealed class MongoFirstSyncRunnerTests(MongoStoreFixture fixture) : FirstSyncRunnerTests(fixture), IClassFixture<MongoStoreFixture>;
