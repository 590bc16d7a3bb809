using System.Collections.Concurrent;
using System.Threading.Channels;
using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MongoDB.Bson;

namespace LeafyBank.Core.Banking.Sync;

/// <summary>
/// Runs a connection's first sync, customer-present, once the bank has granted the consent. The
/// OAuth callback hands the connection over and redirects at once; the sync runs here, in the
/// background, for as long as the app runs, whether or not the browser stays. The result page only
/// reads what was stored (<see cref="SyncState.FirstSync"/>), so reloading it, or going back to
/// it, never calls the bank again.
/// <para>
/// The request is recorded in <c>sync_state</c> before the sync starts, so a page can tell a first
/// sync that is about to run from one that never will (the process stopped first): see
/// <see cref="FirstSyncStatus"/>.
/// </para>
/// </summary>
public sealed partial class FirstSyncRunner(IDocumentStore store, SyncService sync, TimeProvider timeProvider, ILogger<FirstSyncRunner> logger)
    : BackgroundService
{
    /// <summary>How long to wait before trying again while another sync of the connection holds its lease.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    /// <summary>How long to keep trying while other syncs hold the lease; after that the page offers "Sync now".</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private readonly Channel<FirstSyncRequest> requests = Channel.CreateUnbounded<FirstSyncRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<(ObjectId UserId, string BankId), Task> inFlight = new();

    private sealed record FirstSyncRequest(PartyReference Owner, string BankId, string ConsentId);

    /// <summary>
    /// Records that the first sync under <paramref name="consentId"/> is wanted and queues it. For the
    /// callback (once per granted consent) and for the result page's "Sync now" when it did not run.
    /// </summary>
    public async Task RequestAsync(PartyReference owner, string bankId, string consentId, CancellationToken cancellationToken = default)
    {
        await MarkRequestedAsync(owner, bankId, consentId, again: true, cancellationToken);
        requests.Writer.TryWrite(new FirstSyncRequest(owner, bankId, consentId));
    }

    /// <summary>Whether this process is running (or retrying) the first sync of the customer's connection at <paramref name="bankId"/>.</summary>
    public bool IsRunning(ObjectId userId, string bankId) => inFlight.ContainsKey((userId, bankId));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var request in requests.Reader.ReadAllAsync(stoppingToken))
            {
                var key = (request.Owner.UserId, request.BankId);
                var begin = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var run = RunTrackedAsync(begin.Task, request, key, stoppingToken);
                // One at a time per connection: the one in flight records its outcome for both.
                if (inFlight.TryAdd(key, run))
                {
                    begin.SetResult();
                }
                else
                {
                    begin.SetCanceled(CancellationToken.None);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the syncs in flight are cancelled with the same token; wait for them to release their leases.
        }
        await Task.WhenAll(inFlight.Values);
    }

    private async Task RunTrackedAsync(Task begin, FirstSyncRequest request, (ObjectId, string) key, CancellationToken stoppingToken)
    {
        try
        {
            await begin;
        }
        catch (OperationCanceledException)
        {
            return;
        }
        try
        {
            await RunAsync(request, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The record stays "started, not finished" (or only requested): the page offers "Sync now".
        }
        catch (Exception exception)
        {
            // Nobody awaits this run: say it in the log; the page sees no finished record and offers "Sync now".
            LogRunFailed(logger, exception, request.BankId);
        }
        finally
        {
            inFlight.TryRemove(key, out _);
        }
    }

    private async Task RunAsync(FirstSyncRequest request, CancellationToken cancellationToken)
    {
        var giveUpAt = timeProvider.GetUtcNow() + Patience;
        while (true)
        {
            var (state, recorded) = await MarkRequestedAsync(request.Owner, request.BankId, request.ConsentId, again: false, cancellationToken);
            if (state is null)
            {
                // Disconnected or erased meanwhile: nothing to sync.
                return;
            }
            if (state.FirstSync is { FinishedAt: not null } done && done.ConsentId == request.ConsentId)
            {
                // Another sync of this connection ran first and recorded how it went; the bank is not read twice.
                return;
            }
            // Only with the request on record, so the sync that runs records its outcome for the page.
            if (recorded)
            {
                var result = await sync.SyncAsync(request.Owner, request.BankId, unattended: false, cancellationToken);
                LogFirstSync(logger, request.BankId, result.Outcome);
                if (result.Outcome != SyncOutcome.AlreadyRunning)
                {
                    return;
                }
            }
            if (timeProvider.GetUtcNow() >= giveUpAt)
            {
                LogGaveUp(logger, request.BankId);
                return;
            }
            await Task.Delay(RetryDelay, timeProvider, cancellationToken);
        }
    }

    /// <summary>
    /// Writes the request into the connection's sync state: always when <paramref name="again"/> (a new
    /// request restarts the clock the page judges by), otherwise only if this consent has no record yet.
    /// A finished record of the same consent is kept. Returns the state (null when there is none) and
    /// whether this consent's record is stored.
    /// </summary>
    private async Task<(SyncState? State, bool Recorded)> MarkRequestedAsync(PartyReference owner, string bankId, string consentId, bool again, CancellationToken cancellationToken)
    {
        var states = store.Collection(OpenFinanceCollections.SyncStates);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var recorded = false;
        // Only FirstSync, over the freshest copy: a sync that took and released the lease since this read keeps what it wrote.
        var write = await states.UpdateAsync(owner.UserId, bankId, state =>
        {
            var existing = state.FirstSync?.ConsentId == consentId ? state.FirstSync : null;
            recorded = existing is not null;
            if (existing is { FinishedAt: not null } || (existing is not null && !again))
            {
                return false;
            }
            // Only while no sync holds the lease: the holder's final write decides the record of its own consent.
            // If one does, the run writes the request again once the lease is free.
            if (state.LeaseUntil > now)
            {
                recorded = false;
                return false;
            }
            state.FirstSync = new FirstSyncRecord { ConsentId = consentId, RequestedAt = now };
            return true;
        }, cancellationToken);
        return write.Outcome switch
        {
            SyncStateWriteOutcome.Written => (write.State, true),
            SyncStateWriteOutcome.Declined => (write.State, recorded),
            SyncStateWriteOutcome.Missing => (null, false),
            // Others kept writing: not recorded this time; the run tries again.
            _ => (await states.FindByKeyAsync([owner.UserId, bankId], cancellationToken), false),
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "First sync of {Bank}: {Outcome}")]
    private static partial void LogFirstSync(ILogger logger, string bank, SyncOutcome outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The first sync of {Bank} waited too long for another sync of the connection; the result page offers to run it")]
    private static partial void LogGaveUp(ILogger logger, string bank);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The first sync of {Bank} failed unexpectedly; the result page offers to run it again")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, string bank);
}
