using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence;

namespace LeafyBank.Core.Banking.Sync;

/// <summary>
/// One instance's hold on one connection's sync, kept in <c>sync_state</c> (<c>LeaseOwner</c>,
/// <c>LeaseUntil</c>). The lease is short (<see cref="SyncService.LeaseDuration"/>) and a heartbeat
/// renews it every <see cref="SyncService.LeaseRenewal"/> while the sync runs, so a slow sync keeps
/// it for as long as it needs and a lease left by a process that died runs out within seconds.
/// <para>
/// Every renewal is a conditional replace on <c>LeaseOwner == me</c> over the freshest stored
/// document (only <c>LeaseUntil</c> changes). When a renewal finds another owner, or no document
/// (a disconnect or an erase deleted it), or cannot reach the store until the lease has run out,
/// the lease is lost: <see cref="Lost"/> is cancelled, the sync stops, and it writes neither its
/// snapshot nor its state over the new holder's.
/// </para>
/// </summary>
internal sealed class SyncLease : IAsyncDisposable
{
    private readonly IDocumentCollection<SyncState> states;
    private readonly PartyReference owner;
    private readonly string bankId;
    private readonly string holder;
    private readonly TimeProvider timeProvider;
    private readonly CancellationTokenSource lost = new();
    private readonly CancellationTokenSource stopped = new();
    private readonly SemaphoreSlim renewing = new(1, 1);
    private DateTime heldUntil;
    private Task heartbeat = Task.CompletedTask;

    private SyncLease(IDocumentCollection<SyncState> states, SyncState state, string holder, TimeProvider timeProvider)
    {
        this.states = states;
        owner = state.SyncUser;
        bankId = state.Bank;
        this.holder = holder;
        this.timeProvider = timeProvider;
        heldUntil = state.LeaseUntil!.Value;
    }

    /// <summary>Cancelled when another holder took the lease or the connection's state is gone.</summary>
    public CancellationToken Lost => lost.Token;

    public bool IsLost => lost.IsCancellationRequested;

    /// <summary>
    /// Takes the lease if it is free or has run out, writing <paramref name="state"/> (with the lease
    /// set) in the same conditional replace; null when a live holder has it, or when another sync
    /// finished since <paramref name="state"/> was read (its <c>LastAttemptAt</c> moved on): taking
    /// a just-released lease with that stale copy would undo what that sync recorded and read the
    /// bank a second time in the same allowance window.
    /// </summary>
    public static async Task<SyncLease?> TryAcquireAsync(IDocumentCollection<SyncState> states, SyncState state, string holder, TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var attemptAsRead = state.LastAttemptAt;
        state.LeaseOwner = holder;
        state.LeaseUntil = now + SyncService.LeaseDuration;
        if (!await states.TryReplaceAsync(state, s => (s.LeaseUntil == null || s.LeaseUntil <= now) && s.LastAttemptAt == attemptAsRead, cancellationToken))
        {
            return null;
        }
        var lease = new SyncLease(states, state, holder, timeProvider);
        lease.heartbeat = lease.HeartbeatAsync();
        return lease;
    }

    /// <summary>
    /// Renews now and throws <see cref="OperationCanceledException"/> on <see cref="Lost"/> unless the
    /// lease is still ours: called right before the snapshot is written, so a sync whose lease was
    /// taken over while it waited on the bank never writes.
    /// </summary>
    public async Task ConfirmAsync(CancellationToken cancellationToken)
    {
        await RenewAsync(cancellationToken);
        lost.Token.ThrowIfCancellationRequested();
    }

    /// <summary>Stops the heartbeat, so the caller's final write is the last one this lease makes.</summary>
    public async Task StopAsync()
    {
        if (!stopped.IsCancellationRequested)
        {
            await stopped.CancelAsync();
        }
        await heartbeat;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        lost.Dispose();
        stopped.Dispose();
        renewing.Dispose();
    }

    private async Task HeartbeatAsync()
    {
        using var timer = new PeriodicTimer(SyncService.LeaseRenewal, timeProvider);
        try
        {
            while (!IsLost && await timer.WaitForNextTickAsync(stopped.Token))
            {
                await RenewAsync(stopped.Token);
            }
        }
        catch (OperationCanceledException) when (stopped.IsCancellationRequested)
        {
            // The sync finished: its own final write releases the lease.
        }
    }

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        await renewing.WaitAsync(cancellationToken);
        try
        {
            if (IsLost)
            {
                return;
            }
            var now = timeProvider.GetUtcNow().UtcDateTime;
            bool renewed;
            try
            {
                // The freshest document, so a renewal changes LeaseUntil and leaves what others wrote meanwhile.
                var current = await states.FindByKeyAsync([owner.UserId, bankId], cancellationToken);
                var me = holder;
                renewed = false;
                if (current is not null && current.LeaseOwner == me)
                {
                    current.LeaseUntil = now + SyncService.LeaseDuration;
                    renewed = await states.TryReplaceAsync(current, s => s.LeaseOwner == me, cancellationToken);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The store did not answer: the lease is still ours until it runs out, and no longer after that.
                if (now >= heldUntil)
                {
                    await lost.CancelAsync();
                }
                return;
            }
            if (renewed)
            {
                heldUntil = now + SyncService.LeaseDuration;
            }
            else
            {
                await lost.CancelAsync();
            }
        }
        finally
        {
            renewing.Release();
        }
    }
}
