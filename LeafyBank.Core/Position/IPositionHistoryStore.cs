using LeafyBank.Core.Persistence;
using MongoDB.Bson;

namespace LeafyBank.Core.Position;

/// <summary>
/// The per-engine half of the position history (<see cref="PositionHistoryService"/> holds the
/// rules): one snapshot per owner and day, always scoped to one owner.
/// </summary>
public interface IPositionHistoryStore
{
    /// <summary>
    /// Stores <paramref name="snapshot"/> as its owner's figure for its day. Idempotent per owner
    /// and day: the same figures again change nothing (<c>Unchanged</c>); new figures replace the
    /// day's (<c>Updated</c>).
    /// </summary>
    Task<Persistence.UpsertOutcome> RecordAsync(DailyPosition snapshot, CancellationToken cancellationToken = default);

    /// <summary>The owner's snapshot per day from <paramref name="fromDay"/> to <paramref name="toDay"/> inclusive, oldest first, one per day.</summary>
    Task<IReadOnlyList<DailyPosition>> ReadAsync(ObjectId ownerId, DateOnly fromDay, DateOnly toDay, CancellationToken cancellationToken = default);

    /// <summary>"timeseries" or "collection" on MongoDB, "table" on the embedded engine: what /health and the docs can say.</summary>
    string Layout { get; }

    /// <summary>The engine's own implementation, for code that holds a store rather than a container.</summary>
    static IPositionHistoryStore For(IDocumentStore store) =>
        store.ForEngine<IPositionHistoryStore>(mongo => new MongoPositionHistoryStore(mongo), embedded => new EmbeddedPositionHistoryStore(embedded));
}
