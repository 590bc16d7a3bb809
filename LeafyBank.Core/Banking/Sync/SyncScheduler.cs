using LeafyBank.Core.Audit;
using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MongoDB.Bson;

namespace LeafyBank.Core.Banking.Sync;

/// <summary>
/// The unattended side of open finance: marks consents expired when their validity ends, and
/// refreshes each connected bank when its consent's next allowed sync has come — one in each of
/// the day's <c>frequencyPerDay</c> windows (<see cref="SyncAllowance"/>), later after failures
/// and 429s. It leaves a new connection to its first, customer-present sync for
/// <see cref="FirstSyncGrace"/>, and never starts a sync in the last minutes of a UTC day.
/// Several instances may run this: the sync lease makes sure a connection is synced by one of
/// them at a time.
/// <para>
/// Given the host's <paramref name="lifetime"/>, the first round waits until the app has started:
/// with the bank sandbox in this process, the banks are reached at the app's own address, which
/// is only known once the server listens (on a restart with syncs due, a round before that failed
/// every one of them). Without it, as where a test drives the scheduler, the first round runs at once.
/// </para>
/// </summary>
public sealed partial class SyncScheduler(
    IDocumentStore store,
    SyncService sync,
    TimeProvider timeProvider,
    ILogger<SyncScheduler> logger,
    SyncSchedulerOptions options,
    IHostApplicationLifetime? lifetime = null) : BackgroundService
{
    /// <summary>
    /// How long after a consent is granted the scheduler keeps away from the connection while its
    /// first sync has not been attempted: that sync belongs to the connect flow, with the customer
    /// present (and not counted by the bank). Only if it never comes does the scheduler take over.
    /// </summary>
    public static readonly TimeSpan FirstSyncGrace = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled || !await AppStart.WaitAsync(lifetime, stoppingToken))
        {
            return;
        }
        using var timer = new PeriodicTimer(options.Interval, timeProvider);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // One bad round must not stop the scheduler; the next tick tries again.
                LogRoundFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One round: expire consents, then sync what is due. Returns how many syncs ran.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        await ExpireConsentsAsync(now, cancellationToken);
        if (SyncAllowance.IsNearDayEnd(now))
        {
            return 0;
        }

        var due = await store.Collection(OpenFinanceCollections.SyncStates).FindAcrossOwnersAsync(
            s => s.NextAllowedAt != null && s.NextAllowedAt <= now && (s.LeaseUntil == null || s.LeaseUntil <= now),
            options.BatchSize, cancellationToken);
        var ran = 0;
        foreach (var state in due)
        {
            try
            {
                if (await SyncDueAsync(state, now, cancellationToken))
                {
                    ran++;
                }
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                // One connection that cannot be synced, whatever the reason, must not hold up the ones after it; the next round tries it again.
                LogConnectionFailed(logger, exception, state.Bank);
            }
        }
        return ran;
    }

    /// <summary>Syncs one due connection unless it awaits its first sync; returns whether a sync ran (and asked the bank, or tried to).</summary>
    private async Task<bool> SyncDueAsync(SyncState state, DateTime now, CancellationToken cancellationToken)
    {
        if (await AwaitsFirstSyncAsync(state, now, cancellationToken))
        {
            return false;
        }
        // Refused before this round: the sync below does not ask the bank, nor write, so this round takes it off the schedule.
        var refusedBefore = ConnectionSummary.IsRefusal(state);
        var result = await sync.SyncAsync(state.SyncUser, state.Bank, unattended: true, cancellationToken);
        LogSynced(logger, state.Bank, result.Outcome);
        if (result.Outcome is SyncOutcome.Succeeded or SyncOutcome.Failed || (result.Outcome == SyncOutcome.AccountsRefused && !refusedBefore))
        {
            // A refusal found in this round was written by the sync itself, with no next update scheduled.
            return true;
        }
        if (result.Outcome is SyncOutcome.NotConnected or SyncOutcome.AccountsRefused)
        {
            // Nothing to sync any more (or only another person's accounts): stop scheduling it until the customer connects again.
            await TakeOffScheduleAsync(state, now, cancellationToken);
        }
        return false;
    }

    /// <summary>
    /// Clears the connection's next update on its freshest stored copy, not the one this round read: the sync may have
    /// written it since (a consent that ended while it ran), a renewal that pointed it at a new consent keeps its own plan,
    /// and a write between that read and this one makes it read again (<see cref="SyncStateWrites"/>).
    /// </summary>
    private async Task TakeOffScheduleAsync(SyncState due, DateTime now, CancellationToken cancellationToken)
    {
        var consentId = due.ConsentId;
        // Not written (a sync holds the lease, the connection points elsewhere, or others kept writing): the next round looks again.
        await store.Collection(OpenFinanceCollections.SyncStates).UpdateAsync(due.SyncUser.UserId, due.Bank, current =>
        {
            if (current.ConsentId != consentId || current.LeaseUntil > now)
            {
                return false;
            }
            current.NextAllowedAt = null;
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// Whether the connection's consent was granted less than <see cref="FirstSyncGrace"/> ago and
    /// no sync has been attempted since (a new connection has none at all; a renewed one only
    /// before the new consent).
    /// </summary>
    private async Task<bool> AwaitsFirstSyncAsync(SyncState state, DateTime now, CancellationToken cancellationToken)
    {
        var bank = state.Bank;
        var consent = (await store.Collection(OpenFinanceCollections.Consents)
                .FindAsync(state.SyncUser.UserId, c => c.Bank == bank && c.Status == ConsentStatuses.Valid, cancellationToken))
            .MaxBy(c => c.CreatedAt);
        if (consent is null)
        {
            return false;
        }
        var grantedAt = consent.StatusChangedAt > consent.CreatedAt ? consent.StatusChangedAt : consent.CreatedAt;
        return now < grantedAt + FirstSyncGrace && (state.LastAttemptAt is null || state.LastAttemptAt < grantedAt);
    }

    /// <summary>
    /// Expires every consent whose validity is over, a batch at a time. A consent that could not be expired stays valid
    /// and would be found again: it is skipped for the rest of the round (the next round tries it again), and each later
    /// batch asks for that many more, so consents the store refuses never fill a batch and keep the others valid.
    /// </summary>
    private async Task ExpireConsentsAsync(DateTime now, CancellationToken cancellationToken)
    {
        var consents = store.Collection(OpenFinanceCollections.Consents);
        var failed = new HashSet<ObjectId>();
        // Every consent tried this round, so none is tried twice whatever the store answers next.
        var tried = new HashSet<ObjectId>();
        while (true)
        {
            var limit = options.BatchSize + failed.Count;
            var found = await consents.FindAcrossOwnersAsync(c => c.Status == ConsentStatuses.Valid && c.ValidUntil <= now, limit, cancellationToken);
            var batch = found.Where(consent => tried.Add(consent.Id)).ToList();
            foreach (var consent in batch)
            {
                try
                {
                    await ExpireAsync(consent, now, cancellationToken);
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    // One consent the store cannot expire must not keep the others valid, nor stop the round's syncs.
                    LogExpiryFailed(logger, exception, consent.Bank);
                    failed.Add(consent.Id);
                }
            }
            if (batch.Count == 0 || found.Count < limit)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Ends one consent whose validity is over: its tokens are deleted, then its status flips to expired, then the
    /// ledger records it. In that order because a consent that has flipped is no longer found here: a failure before
    /// the flip leaves it valid, and the next round does it all again (deleting tokens already gone changes nothing),
    /// so its tokens never outlive it.
    /// </summary>
    private async Task ExpireAsync(Consent consent, DateTime now, CancellationToken cancellationToken)
    {
        var consentId = consent.ConsentId;
        // Only this consent's: a renewal's token, under the new consent, stays.
        await store.Collection(OpenFinanceCollections.Tokens).DeleteAsync(consent.ConsentUser.UserId, t => t.ConsentId == consentId, cancellationToken);
        consent.Status = ConsentStatuses.Expired;
        consent.StatusChangedAt = now;
        // Only the instance that flips the status writes the ledger entry.
        if (!await store.Collection(OpenFinanceCollections.Consents).TryReplaceAsync(consent, c => c.Status == ConsentStatuses.Valid, cancellationToken))
        {
            return;
        }
        try
        {
            await new AuditLedger(store, timeProvider).RecordAsync(consent.ConsentUser, AuditKinds.ConsentExpired, consent.Bank, consentId,
                AuditOutcomes.Succeeded,
                $"The consent ended on {DayFormat.Of(consent.ValidUntil)}; Leafy Bank no longer reads this bank. Connect it again to continue.", cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The consent has expired and its tokens are gone; only the entry is missing. It is not tried again: the
            // expired consent is no longer found here, and the ledger is append-only, with no key to write it once by.
            LogExpiryNotRecorded(logger, exception, consent.Bank);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A sync scheduler round failed; the next round will try again")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The scheduled sync of {Bank} failed unexpectedly; the round goes on and the next round tries it again")]
    private static partial void LogConnectionFailed(ILogger logger, Exception exception, string bank);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A consent at {Bank} could not be expired; the round goes on with the others and the next round tries it again")]
    private static partial void LogExpiryFailed(ILogger logger, Exception exception, string bank);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A consent at {Bank} expired, but the ledger entry saying so could not be written")]
    private static partial void LogExpiryNotRecorded(ILogger logger, Exception exception, string bank);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled sync of {Bank}: {Outcome}")]
    private static partial void LogSynced(ILogger logger, string bank, SyncOutcome outcome);
}

public sealed record SyncSchedulerOptions(bool Enabled, TimeSpan Interval, int BatchSize = 50);
