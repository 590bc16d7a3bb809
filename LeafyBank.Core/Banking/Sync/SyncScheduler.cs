using LeafyBank.Core.Audit;
using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LeafyBank.Core.Banking.Sync;

/// <summary>
/// The unattended side of open finance: marks consents expired when their validity ends, and
/// refreshes each connected bank when its consent's next allowed call has come (the bank's
/// frequencyPerDay, and back-off after failures and 429s). Several instances may run this:
/// the sync lease makes sure a connection is synced by one of them at a time.
/// </summary>
public sealed partial class SyncScheduler(
    IDocumentStore store,
    SyncService sync,
    TimeProvider timeProvider,
    ILogger<SyncScheduler> logger,
    SyncSchedulerOptions options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled)
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

        var due = await store.Collection(OpenFinanceCollections.SyncStates).FindAcrossOwnersAsync(
            s => s.NextAllowedAt != null && s.NextAllowedAt <= now && (s.LeaseUntil == null || s.LeaseUntil <= now),
            options.BatchSize, cancellationToken);
        var ran = 0;
        foreach (var state in due)
        {
            var result = await sync.SyncAsync(state.SyncUser, state.Bank, unattended: true, cancellationToken);
            if (result.Outcome is SyncOutcome.Succeeded or SyncOutcome.Failed)
            {
                ran++;
            }
            else if (result.Outcome == SyncOutcome.NotConnected)
            {
                // Nothing to sync any more: stop scheduling it until the customer reconnects.
                state.NextAllowedAt = null;
                await store.Collection(OpenFinanceCollections.SyncStates).TryReplaceAsync(state, s => s.LeaseUntil == null || s.LeaseUntil <= now, cancellationToken);
            }
            LogSynced(logger, state.Bank, result.Outcome);
        }
        return ran;
    }

    private async Task ExpireConsentsAsync(DateTime now, CancellationToken cancellationToken)
    {
        var consents = store.Collection(OpenFinanceCollections.Consents);
        var ended = await consents.FindAcrossOwnersAsync(c => c.Status == ConsentStatuses.Valid && c.ValidUntil <= now, options.BatchSize, cancellationToken);
        foreach (var consent in ended)
        {
            var expired = consent;
            expired.Status = ConsentStatuses.Expired;
            expired.StatusChangedAt = now;
            // Only the instance that flips the status writes the ledger entry.
            if (!await consents.TryReplaceAsync(expired, c => c.Status == ConsentStatuses.Valid, cancellationToken))
            {
                continue;
            }
            await store.Collection(OpenFinanceCollections.Tokens).DeleteAsync(consent.ConsentUser.UserId, t => t.ConsentId == consent.ConsentId, cancellationToken);
            await new AuditLedger(store, timeProvider).RecordAsync(consent.ConsentUser, AuditKinds.ConsentExpired, consent.Bank, consent.ConsentId,
                AuditOutcomes.Succeeded,
                $"The consent ended on {consent.ValidUntil:yyyy-MM-dd}; Leafy Bank no longer reads this bank. Renew to continue.", cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A sync scheduler round failed; the next round will try again")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled sync of {Bank}: {Outcome}")]
    private static partial void LogSynced(ILogger logger, string bank, SyncOutcome outcome);
}

public sealed record SyncSchedulerOptions(bool Enabled, TimeSpan Interval, int BatchSize = 50);
