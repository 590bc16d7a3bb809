using System.Threading.Channels;
using LeafyBank.Core.Domain;
using LeafyBank.Core.Notifications;
using LeafyBank.Core.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MongoDB.Bson;

namespace LeafyBank.Core.Position;

/// <summary>
/// Writes the position history: a snapshot for every customer once a day (at start-up and after
/// each UTC midnight, skipping customers who already have today's), and one for a customer each
/// time a sync of theirs finishes (heard from <see cref="PositionChangeNotifier"/>, so the sync
/// itself is unchanged). A failure is logged and never reaches the sync or the page.
/// </summary>
public sealed class PositionHistoryRecorder(
    PositionHistoryService history,
    PositionChangeNotifier changes,
    IDocumentStore store,
    TimeProvider clock,
    ILogger<PositionHistoryRecorder> logger) : BackgroundService
{
    /// <summary>At most this many customers per daily pass (the store's cross-owner read is bounded).</summary>
    public const int DailyPassLimit = 100_000;

    private readonly Channel<ObjectId> synced = Channel.CreateUnbounded<ObjectId>(new UnboundedChannelOptions { SingleReader = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = changes.SubscribeToEveryone(userId => synced.Writer.TryWrite(userId));
        var afterSyncs = RecordAfterSyncsAsync(stoppingToken);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await RecordDailyPassAsync(stoppingToken);
                var now = clock.GetUtcNow();
                var nextMidnight = new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
                await Task.Delay(nextMidnight - now + TimeSpan.FromMinutes(1), clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        synced.Writer.TryComplete();
        await afterSyncs;
    }

    /// <summary>Today's snapshot for every customer who has none yet.</summary>
    public async Task RecordDailyPassAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<LeafyUser> users;
        try
        {
            users = await store.Collection(OpenFinanceCollections.Users).FindAcrossOwnersAsync(_ => true, DailyPassLimit, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "The daily position snapshots could not list the customers");
            return;
        }
        foreach (var user in users)
        {
            try
            {
                await history.RecordDailyAsync(user, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "The daily position snapshot of one customer failed");
            }
        }
    }

    private async Task RecordAfterSyncsAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var userId in synced.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    var found = await store.Collection(OpenFinanceCollections.Users).FindAsync(userId, cancellationToken: stoppingToken);
                    if (found is [var user, ..])
                    {
                        await history.RecordAsync(user, DailyPositionSources.Sync, stoppingToken);
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    logger.LogWarning(exception, "Recording the position after a sync failed");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
