using LeafyBank.Core.Persistence;
using LeafyBank.Core.Persistence.Embedded;
using MongoDB.Bson;

namespace LeafyBank.Core.Position;

/// <summary>
/// The raw material of the global position computed in process: the owner's counted documents
/// (read by the owner index, filtered by the shared <see cref="PositionRules"/>), then the same
/// projections and facets the MongoDB pipeline runs (<see cref="PositionQueryShape"/>).
/// </summary>
internal sealed class EmbeddedPositionQuery(SqliteDocumentStore store) : IPositionQuery
{
    public async Task<PositionSnapshot> GetSnapshotAsync(ObjectId userId, CancellationToken cancellationToken = default)
    {
        using var activity = StoreTelemetry.Start("position", store.Engine, "internal_accounts,external_accounts,external_products,sync_state");
        var internalAccounts = await store.Collection(OpenFinanceCollections.InternalAccounts)
            .FindAsync(userId, PositionRules.InternalAccountCountsAsBalance, cancellationToken);
        var externalAccounts = await store.Collection(OpenFinanceCollections.ExternalAccounts)
            .FindAsync(userId, PositionRules.ExternalAccountCountsAsBalance, cancellationToken);
        var debts = await store.Collection(OpenFinanceCollections.ExternalProducts)
            .FindAsync(userId, PositionRules.ProductCountsAsDebt, cancellationToken);
        var syncStates = await store.Collection(OpenFinanceCollections.SyncStates)
            .FindAsync(userId, cancellationToken: cancellationToken);

        return PositionQueryShape.EvaluateInProcess(internalAccounts, externalAccounts, debts, syncStates);
    }
}
