namespace LeafyBank.Tests.Core.Banking.Sync;

/// <summary>
/// Sync leases on a frozen clock, on every storage engine: a lease left by an instance that died
/// is taken over within one lease duration; a live sync, however slow, keeps its lease through its
/// heartbeat; and a sync that lost its lease writes nothing over the new holder's.
/// </summary>
public abstract class SyncLeaseTests(IStoreFixture fixture)
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public void A_lease_is_short_and_renewed_several_times_before_it_runs_out()
    {
        Assert.True(SyncService.LeaseDuration <= TimeSpan.FromSeconds(30), "a dead instance's lease is reclaimed within seconds");
        Assert.True(SyncService.LeaseRenewal * 3 <= SyncService.LeaseDuration, "a renewal may fail twice before the lease runs out");
        Assert.True(LeafyBank.Core.Banking.LinkedDataEraser.RunningSyncWait > SyncService.LeaseDuration, "the eraser outwaits a dead instance's lease");
    }

    [Fact]
    public async Task A_lease_left_by_an_instance_that_died_is_taken_over_once_it_runs_out()
    {
        await using var bed = await SyncTestBed.ConnectedAsync(fixture);
        bed.Bank.Answer = _ => bed.Snapshot();
        // The instance took the lease and was killed: nobody renews it.
        await bed.LeaseHeldByAsync("instance-that-died", bed.Now + SyncService.LeaseDuration);
        var survivor = bed.Instance("instance-b");

        var whileHeld = await survivor.SyncAsync(bed.Frida, "greenbank", unattended: false, Cancel);
        bed.Clock.Advance(SyncService.LeaseDuration - TimeSpan.FromSeconds(1));
        var justBefore = await survivor.SyncAsync(bed.Frida, "greenbank", unattended: false, Cancel);
        bed.Clock.Advance(TimeSpan.FromSeconds(1));
        var after = await survivor.SyncAsync(bed.Frida, "greenbank", unattended: false, Cancel);

        Assert.Equal((SyncOutcome.AlreadyRunning, "Green Bank is already being updated."), (whileHeld.Outcome, whileHeld.Message));
        Assert.Equal(SyncOutcome.AlreadyRunning, justBefore.Outcome);
        Assert.True(after.Outcome == SyncOutcome.Succeeded, after.Message);
        Assert.Equal(1, bed.Bank.Calls);
        var state = await bed.StateAsync();
        Assert.Equal((null, null), (state.LeaseOwner, state.LeaseUntil));
        Assert.Equal(1, await bed.CountAsync(OpenFinanceCollections.ExternalAccounts));
    }

    [Fact]
    public async Task A_copy_read_before_another_sync_finished_cannot_take_the_lease_that_sync_just_released()
    {
        await using var bed = await SyncTestBed.ConnectedAsync(fixture);
        bed.Bank.Answer = _ => bed.Snapshot();
        // Instance B reads the state; before it takes the lease, instance A syncs and releases it.
        var readByB = await bed.StateAsync();
        bed.Clock.Advance(TimeSpan.FromSeconds(1));
        var byA = await bed.Instance("instance-a").SyncAsync(bed.Frida, "greenbank", unattended: false, Cancel);
        Assert.True(byA.Outcome == SyncOutcome.Succeeded, byA.Message);
        var afterA = await bed.StateAsync();

        var lease = await SyncLease.TryAcquireAsync(bed.States, readByB, "instance-b", bed.Clock, Cancel);

        Assert.Null(lease);
        var state = await bed.StateAsync();
        Assert.Equal((null, afterA.LastAttemptAt, afterA.NextAllowedAt), (state.LeaseOwner, state.LastAttemptAt, state.NextAllowedAt));
    }

    [Fact]
    public async Task A_sync_slower_than_its_lease_keeps_it_through_the_heartbeat_and_another_instance_is_turned_away()
    {
        await using var bed = await SyncTestBed.ConnectedAsync(fixture);
        bed.Bank.Answer = _ => bed.Snapshot();
        bed.Bank.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = bed.Instance("instance-a").SyncAsync(bed.Frida, "greenbank", unattended: false, Cancel);
        await bed.UntilBankCalledAsync(1);

        // Three lease durations pass while the bank takes its time; each heartbeat moves the lease on.
        var started = bed.Now;
        while (bed.Now - started < SyncService.LeaseDuration * 3)
        {
            bed.Clock.Advance(SyncService.LeaseRenewal);
            var expected = bed.Now + SyncService.LeaseDuration;
            await bed.UntilStateAsync(s => s.LeaseOwner == "instance-a" && s.LeaseUntil == expected, $"instance-a's lease renewed until {expected:O}");
        }
        var other = await bed.Instance("instance-b").SyncAsync(bed.Frida, "greenbank", unattended: false, Cancel);

        Assert.Equal((SyncOutcome.AlreadyRunning, "Green Bank is already being updated."), (other.Outcome, other.Message));
        Assert.Equal(1, bed.Bank.Calls);
        bed.Bank.Gate.SetResult();
        var done = await slow;
        Assert.True(done.Outcome == SyncOutcome.Succeeded, done.Message);

        // Released, and the stopped heartbeat does not take it again.
        bed.Clock.Advance(SyncService.LeaseRenewal * 2);
        await Task.Delay(50, Cancel);
        var state = await bed.StateAsync();
        Assert.Equal((null, null), (state.LeaseOwner, state.LeaseUntil));
    }

    [Fact]
    public async Task A_sync_whose_heartbeat_finds_its_lease_taken_stops_and_writes_nothing_over_the_new_holders()
    {
        await using var bed = await SyncTestBed.ConnectedAsync(fixture);
        bed.Bank.Answer = _ => bed.Snapshot();
        bed.Bank.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var paused = bed.Instance("instance-a").SyncAsync(bed.Frida, "greenbank", unattended: false, Cancel);
        await bed.UntilBankCalledAsync(1);

        // Instance A stalled past its lease (a long GC pause, a frozen VM) and instance B took the connection over.
        await bed.LeaseHeldByAsync("instance-b", bed.Now + SyncService.LeaseDuration);
        var taken = await bed.StateAsync();
        bed.Clock.Advance(SyncService.LeaseRenewal);

        var result = await paused.WaitAsync(TimeSpan.FromSeconds(10), Cancel);

        Assert.Equal(SyncOutcome.AlreadyRunning, result.Outcome);
        Assert.Equal(0, await bed.CountAsync(OpenFinanceCollections.ExternalAccounts));
        var state = await bed.StateAsync();
        Assert.Equal(("instance-b", taken.LeaseUntil), (state.LeaseOwner, state.LeaseUntil));
        Assert.Null(state.LastAttemptAt);
        var audit = Assert.Single(await bed.Store.Collection(OpenFinanceCollections.AuditEvents).FindAsync(bed.Frida.UserId, cancellationToken: Cancel));
        Assert.Equal((AuditKinds.DataPulled, AuditOutcomes.Failed), (audit.Kind, audit.Outcome));
        Assert.Contains("another update took over", audit.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sync_whose_lease_was_taken_while_the_bank_answered_checks_before_writing_and_writes_nothing()
    {
        await using var bed = await SyncTestBed.ConnectedAsync(fixture);
        bed.Bank.Answer = _ => bed.Snapshot();
        bed.Bank.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var paused = bed.Instance("instance-a").SyncAsync(bed.Frida, "greenbank", unattended: false, Cancel);
        await bed.UntilBankCalledAsync(1);

        // Taken over between two heartbeats: no renewal has noticed yet when the bank's answer arrives.
        await bed.LeaseHeldByAsync("instance-b", bed.Now + SyncService.LeaseDuration);
        bed.Bank.Gate.SetResult();
        var result = await paused.WaitAsync(TimeSpan.FromSeconds(10), Cancel);

        Assert.Equal(SyncOutcome.AlreadyRunning, result.Outcome);
        Assert.Equal(0, await bed.CountAsync(OpenFinanceCollections.ExternalAccounts));
        Assert.Equal(0, await bed.CountAsync(OpenFinanceCollections.ExternalTransactions));
        Assert.Equal("instance-b", (await bed.StateAsync()).LeaseOwner);
    }

    [Fact]
    public async Task A_sync_whose_connection_was_deleted_meanwhile_stops_without_writing_it_back()
    {
        await using var bed = await SyncTestBed.ConnectedAsync(fixture);
        bed.Bank.Answer = _ => bed.Snapshot();
        bed.Bank.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = bed.Instance("instance-a").SyncAsync(bed.Frida, "greenbank", unattended: false, Cancel);
        await bed.UntilBankCalledAsync(1);

        // Disconnect or "delete all my linked data" removed the connection's sync state.
        await bed.States.DeleteAsync(bed.Frida.UserId, s => s.Bank == "greenbank", Cancel);
        bed.Clock.Advance(SyncService.LeaseRenewal);
        var result = await running.WaitAsync(TimeSpan.FromSeconds(10), Cancel);

        Assert.Equal(SyncOutcome.AlreadyRunning, result.Outcome);
        Assert.Equal(0, await bed.CountAsync(OpenFinanceCollections.ExternalAccounts));
        Assert.Equal(0, await bed.CountAsync(OpenFinanceCollections.SyncStates));
    }
}

public sealed class EmbeddedSyncLeaseTests(EmbeddedStoreFixture fixture) : SyncLeaseTests(fixture), IClassFixture<EmbeddedStoreFixture>;

public sealed class MongoSyncLeaseTests(MongoStoreFixture fixture) : SyncLeaseTests(fixture), IClassFixture<MongoStoreFixture>;
