using LeafyBank.Core.Persistence;
using MongoDB.Bson;

namespace LeafyBank.Core.Position;

/// <summary>
/// The raw material of a customer's global position, fetched in one query per engine: an
/// aggregation pipeline on MongoDB (one round trip, <c>$unionWith</c> + <c>$facet</c>), in
/// process on the embedded store. Both engines build it from the same expressions in
/// <c>Position/PositionRules</c> and <c>Position/PositionQueryShape</c>; what the figures mean
/// (conversion, totals, payments, shares) is computed once, by <c>GlobalPositionService.Compute</c>.
/// </summary>
public interface IPositionQuery
{
    Task<PositionSnapshot> GetSnapshotAsync(ObjectId userId, CancellationToken cancellationToken = default);

    /// <summary>The engine's own query, for code that holds a store rather than a container.</summary>
    static IPositionQuery For(IDocumentStore store) =>
        store.ForEngine<IPositionQuery>(mongo => new MongoPositionQuery(mongo), embedded => new EmbeddedPositionQuery(embedded));
}
