using LeafyBank.Core.Persistence;
using LeafyBank.Core.Persistence.Embedded;
using MongoDB.Bson;

namespace LeafyBank.Core.Position;

/// <summary>Position history on the embedded engine: a table with the natural key (owner, day), so a day is upserted in place.</summary>
internal sealed class EmbeddedPositionHistoryStore(SqliteDocumentStore store) : IPositionHistoryStore
{
    private static readonly DocumentKind<DailyPosition> Kind = OpenFinanceCollections.PositionHistory;

    public string Layout => "table";

    public Task<UpsertOutcome> RecordAsync(DailyPosition snapshot, CancellationToken cancellationToken = default)
    {
        snapshot.Day = DailyPosition.DayOf(snapshot.Day);
        return store.Collection(Kind).UpsertAsync(snapshot, cancellationToken);
    }

    public async Task<IReadOnlyList<DailyPosition>> ReadAsync(ObjectId ownerId, DateOnly fromDay, DateOnly toDay,
        CancellationToken cancellationToken = default)
    {
        using var activity = StoreTelemetry.Start("position_history", store.Engine, Kind.CollectionName);
        var from = fromDay.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var to = toDay.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var days = await store.Collection(Kind).FindAsync(ownerId, s => s.Day >= from && s.Day <= to, cancellationToken);
        return PositionHistoryRules.LastPerDay(days);
    }
}
