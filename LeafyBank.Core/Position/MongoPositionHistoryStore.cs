using LeafyBank.Core.Persistence;
using LeafyBank.Core.Persistence.MongoDb;
using MongoDB.Bson;
using MongoDB.Driver;

namespace LeafyBank.Core.Position;

/// <summary>
/// Position history on MongoDB. As a plain collection it is an upsert on the natural key
/// (owner, day) like every other collection. As a time series, which takes no unique index
/// and (before 7.0) no updates, a day's new figures are appended as a new measurement and
/// reads keep the last one recorded per day; the same figures again are not appended.
/// </summary>
internal sealed class MongoPositionHistoryStore(MongoDocumentStore store) : IPositionHistoryStore
{
    private static readonly DocumentKind<DailyPosition> Kind = OpenFinanceCollections.PositionHistory;
    private static readonly FilterDefinitionBuilder<DailyPosition> Filter = Builders<DailyPosition>.Filter;

    public string Layout => store.IsTimeSeries(Kind.CollectionName) ? "timeseries" : "collection";

    // A server that is gone reaches callers as the store's own StoreUnavailableException, not the driver's.
    public Task<UpsertOutcome> RecordAsync(DailyPosition snapshot, CancellationToken cancellationToken = default) =>
        store.Failures.Translate(() => RecordCoreAsync(snapshot, cancellationToken));

    private async Task<UpsertOutcome> RecordCoreAsync(DailyPosition snapshot, CancellationToken cancellationToken)
    {
        snapshot.Day = DailyPosition.DayOf(snapshot.Day);
        if (!store.IsTimeSeries(Kind.CollectionName))
        {
            return await store.Collection(Kind).UpsertAsync(snapshot, cancellationToken);
        }
        using var activity = StoreTelemetry.Start("position_history_append", store.Engine, Kind.CollectionName);
        var owner = snapshot.SnapshotUser.UserId;
        var latest = await store.Typed(Kind)
            .Find(Filter.Eq(s => s.SnapshotUser.UserId, owner) & Filter.Eq(s => s.Day, snapshot.Day))
            .SortByDescending(s => s.RecordedAt)
            .Limit(1)
            .FirstOrDefaultAsync(cancellationToken);
        if (latest is not null && latest.SameFiguresAs(snapshot))
        {
            snapshot.Id = latest.Id;
            return UpsertOutcome.Unchanged;
        }
        if (snapshot.Id == ObjectId.Empty)
        {
            snapshot.Id = ObjectId.GenerateNewId();
        }
        await store.Typed(Kind).InsertOneAsync(snapshot, cancellationToken: cancellationToken);
        return latest is null ? UpsertOutcome.Inserted : UpsertOutcome.Updated;
    }

    public Task<IReadOnlyList<DailyPosition>> ReadAsync(ObjectId ownerId, DateOnly fromDay, DateOnly toDay,
        CancellationToken cancellationToken = default) =>
        store.Failures.Translate(() => ReadCoreAsync(ownerId, fromDay, toDay, cancellationToken));

    private async Task<IReadOnlyList<DailyPosition>> ReadCoreAsync(ObjectId ownerId, DateOnly fromDay, DateOnly toDay, CancellationToken cancellationToken)
    {
        using var activity = StoreTelemetry.Start("position_history", store.Engine, Kind.CollectionName);
        var from = fromDay.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var to = toDay.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        // Led by the owner, then the day: the prefix of ix_position_history_user_day.
        var measurements = await store.Typed(Kind)
            .Find(Filter.Eq(s => s.SnapshotUser.UserId, ownerId) & Filter.Gte(s => s.Day, from) & Filter.Lte(s => s.Day, to))
            .SortBy(s => s.Day).ThenBy(s => s.RecordedAt)
            .ToListAsync(cancellationToken);
        return PositionHistoryRules.LastPerDay(measurements);
    }
}
