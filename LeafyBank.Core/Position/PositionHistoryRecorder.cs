using System.Threading.Channels;
using LeafyBank.Core.Customers;
using LeafyBank.Core.Domain;
using LeafyBank.Core.Notifications;
using LeafyBank.Core.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MongoDB.Bson;

namespace LeafyBank.Core.Position;

/// <summary>
/// Writes the position history: a snapshot for every customer once a day (at start-up, then just
/// after each midnight in the customers' time zones, skipping customers who already have that day's),
/// and one for a customer each time a sync of theirs finishes (heard from
/// <see cref="PositionChangeNotifier"/>, so the sync itself is unchanged). A failure is logged and
/// never reaches the sync or the page.
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

    // Customers whose daily snapshot failed: the next pass, at the next midnight anywhere, tries them again.
    private readonly HashSet<ObjectId> failed = [];

    private readonly Channel<ObjectId> synced = Channel.CreateUnbounded<ObjectId>(new UnboundedChannelOptions { SingleReader = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = changes.SubscribeToEveryone(userId => synced.Writer.TryWrite(userId));
        var afterSyncs = RecordAfterSyncsAsync(stoppingToken);
        try
        {
            DateTimeOffset? lastPass = null;
            IReadOnlyCollection<TimeZoneInfo> zones = [];
            while (!stoppingToken.IsCancellationRequested)
            {
                var now = clock.GetUtcNow();
                // A pass that could not list the customers is not a pass: the next one looks back as far.
                if (await RecordDailyPassAsync(lastPass, now, stoppingToken) is { } seen)
                {
                    (lastPass, zones) = (now, seen);
                }
                // Aimed from the pass's start: a long pass (many customers) does not push the next one later.
                var wait = now + UntilNextPass(zones, now) - clock.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, clock, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        synced.Writer.TryComplete();
        await afterSyncs;
    }

    /// <summary>
    /// How long to wait from <paramref name="now"/>: a minute past the next midnight in any of <paramref name="zones"/>
    /// or UTC (where a customer not yet seen counts days), and never less than a minute or more than a day.
    /// </summary>
    public static TimeSpan UntilNextPass(IEnumerable<TimeZoneInfo> zones, DateTimeOffset now)
    {
        var nextMidnight = zones.Append(TimeZoneInfo.Utc).Min(zone => CustomerCalendar.NextMidnightIn(zone, now));
        return TimeSpan.FromMinutes(1) + TimeSpan.FromTicks(Math.Clamp((nextMidnight - now).Ticks, 0, TimeSpan.TicksPerDay));
    }

    /// <summary>
    /// Today's snapshot for every customer who has none yet, of those whose day has changed since
    /// <paramref name="lastPass"/> (all of them on the first pass) or whose snapshot failed last time.
    /// Returns the customers' time zones, or null when the customers could not be listed.
    /// </summary>
    public async Task<IReadOnlyCollection<TimeZoneInfo>?> RecordDailyPassAsync(DateTimeOffset? lastPass, DateTimeOffset now, CancellationToken cancellationToken)
    {
        IReadOnlyList<LeafyUser> users;
        try
        {
            users = await store.Collection(OpenFinanceCollections.Users).FindAcrossOwnersAsync(_ => true, DailyPassLimit, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "The daily position snapshots could not list the customers");
            return null;
        }
        var zones = new HashSet<TimeZoneInfo>();
        foreach (var user in users)
        {
            var zone = CustomerCalendar.ZoneOf(user);
            zones.Add(zone);
            if (lastPass is { } last && CustomerCalendar.DayIn(zone, last) == CustomerCalendar.DayIn(zone, now) && !failed.Contains(user.Id))
            {
                continue;
            }
            try
            {
                await history.RecordDailyAsync(user, cancellationToken);
                failed.Remove(user.Id);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                failed.Add(user.Id);
                logger.LogWarning(exception, "The daily position snapshot of one customer failed; the next pass tries again");
            }
        }
        return zones;
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
