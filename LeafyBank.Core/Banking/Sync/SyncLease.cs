using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence;

namespace LeafyBank.Core.Banking.Sync;

/// <summary>
/// One instance's hold on one connection's sync, kept in <c>sync_state</c> (<c>LeaseOwner</c>,
/// <c>LeaseUntil</c>). The lease is short (<see cref="SyncService.LeaseDuration"/>) and a heartbeat
/// renews it every <see cref="SyncService.LeaseRenewal"/> while the sync runs, so a slow sync keeps
/// it for as long as it needs and a lease left by a process that died runs out within seconds.
/// <para>
/// Every renewal changes only <c>LeaseUntil</c>, over the freshest stored document, while it still
/// names this holder (<see cref="SyncStateWrites"/>: a grant or a first-sync request written between
/// the renewal's read and its write makes it read again, never undoes them). When a renewal finds
/// another owner, or no document (a disconnect or an erase deleted it), or cannot reach the store
/// (or get a write in) until the lease has run out, the lease is lost: <see cref="Lost"/> is
/// cancelled, the sync stops, and it writes neither its snapshot nor its state over the new holder's.
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

    private SyncLease(IDocumentCollection<SyncState> states, PartyReference owner, string bankId, string holder, DateTime heldUntil, TimeProvider timeProvider)
    {
        this.states = states;
        this.owner = owner;
        this.bankId = bankId;
        this.holder = holder;
        this.timeProvider = timeProvider;
        this.heldUntil = heldUntil;
    }

    /// <summary>Cancelled when another holder took the lease or the connection's state is gone.</summary>
    public CancellationToken Lost => lost.Token;

    public bool IsLost => lost.IsCancellationRequested;

    /// <summary>
    /// Takes the lease if it is free or has run out, on the freshest stored copy, with
    /// <paramref name="alongside"/> (what the sync records as it starts) in the same write; null when a
    /// live holder has it, or when another sync finished since <paramref name="asRead"/> was read (its
    /// <c>LastAttemptAt</c> moved on): that sync has just read the bank, and reading it again in the same
    /// allowance window would spend the customer's allowance twice. Nothing else of the stored copy
    /// changes, so a grant written since <paramref name="asRead"/> stands.
    /// </summary>
    public static async Task<SyncLease?> TryAcquireAsync(IDocumentCollection<SyncState> states, SyncState asRead, string holder, TimeProvider timeProvider,
        CancellationToken cancellationToken, Action<SyncState>? alongside = null)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var attemptAsRead = asRead.LastAttemptAt;
        var until = now + SyncService.LeaseDuration;
        var write = await states.UpdateAsync(asRead.SyncUser.UserId, asRead.Bank, stored =>
        {
            if (stored.LeaseUntil > now || stored.LastAttemptAt != attemptAsRead)
            {
                return false;
            }
            stored.LeaseOwner = holder;
            stored.LeaseUntil = until;
            alongside?.Invoke(stored);
            return true;
        }, cancellationToken);
        if (!write.Written)
        {
            return null;
        }
        var lease = new SyncLease(states, asRead.SyncUser, asRead.Bank, holder, until, timeProvider);
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
            var until = now + SyncService.LeaseDuration;
            SyncStateWriteOutcome outcome;
            try
            {
                // Only LeaseUntil, on the freshest document and while it still names us: what others wrote meanwhile stays.
                outcome = (await states.UpdateAsync(owner.UserId, bankId, stored =>
                {
                    if (stored.LeaseOwner != holder)
                    {
                        return false;
                    }
                    stored.LeaseUntil = until;
                    return true;
                }, cancellationToken)).Outcome;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                outcome = SyncStateWriteOutcome.Contended;
            }
            switch (outcome)
            {
                case SyncStateWriteOutcome.Written:
                    heldUntil = until;
                    break;
                case SyncStateWriteOutcome.Contended when now < heldUntil:
                    // The store did not answer, or others kept writing: the lease is still ours until it runs out, and no longer after that.
                    break;
                default:
                    await lost.CancelAsync();
                    break;
            }
        }
        finally
        {
            renewing.Release();
        }
    }
}
