using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence;
using LeafyBank.Core.Persistence.MongoDb;
using MongoDB.Bson;
using MongoDB.Driver;

namespace LeafyBank.Core.Position;

/// <summary>
/// The raw material of the global position in one round trip (one <c>aggregate</c> command,
/// MongoDB 4.4+ stages only):
/// <code>
/// internal_accounts: $match owner + rule → $project item
///   → $unionWith external_accounts  [$match owner + rule → $project item]
///   → $unionWith external_products  [$match owner + rule → $project item]
///   → $unionWith sync_state         [$match owner → $project item]
///   → $facet { Buckets: [$match → $group → $project], Loans: [$match], Narratives: [$match],
///              Sources: [$match → $group → $project], SyncStates: [$match], NoLongerShared: [$match] }
/// </code>
/// Every branch starts with a <c>$match</c> on its collection's owner field, so each is an
/// index scan of one customer's documents (owner-leading indexes, see OpenFinanceCollections).
/// The items and facets are the shared expressions of <see cref="PositionQueryShape"/>, written
/// with the driver's typed builders; the only raw stage part is the owner filter, because the
/// owner path is data (<see cref="DocumentKind{TDocument}.Owner"/>), not a typed member.
/// A server without <c>$unionWith</c> (an emulation) gets the branches as four finds instead.
/// </summary>
internal sealed class MongoPositionQuery(MongoDocumentStore store) : IPositionQuery
{
    /// <summary>The server's code for an aggregation stage it does not know.</summary>
    private const int UnrecognizedPipelineStage = 40324;

    // Set once the server has refused $unionWith (wire-protocol emulations; MongoDB has it from 4.4),
    // so later reads go straight to the branch finds.
    private volatile bool unionWithRefused;

    // A server that is gone reaches callers as the store's own StoreUnavailableException, not the driver's.
    public Task<PositionSnapshot> GetSnapshotAsync(ObjectId userId, CancellationToken cancellationToken = default) =>
        store.Failures.Translate(() => GetSnapshotCoreAsync(userId, cancellationToken));

    private async Task<PositionSnapshot> GetSnapshotCoreAsync(ObjectId userId, CancellationToken cancellationToken)
    {
        using var activity = StoreTelemetry.Start("position", store.Engine, "internal_accounts,external_accounts,external_products,sync_state");
        if (unionWithRefused)
        {
            return await GetSnapshotByBranchesAsync(userId, cancellationToken);
        }
        PositionFacets? facets;
        try
        {
            facets = await store.Typed(OpenFinanceCollections.InternalAccounts)
                .Aggregate(BuildPipeline(store, userId), cancellationToken: cancellationToken)
                .SingleOrDefaultAsync(cancellationToken);
        }
        catch (MongoCommandException exception) when (exception.Code == UnrecognizedPipelineStage && exception.ErrorMessage.Contains("$unionWith", StringComparison.Ordinal))
        {
            unionWithRefused = true;
            return await GetSnapshotByBranchesAsync(userId, cancellationToken);
        }
        // $facet always yields one document, even over no input; null only if a server misbehaves.
        return facets is null
            ? PositionSnapshot.Empty
            : new PositionSnapshot(facets.Buckets, facets.Loans, facets.Narratives, facets.Sources, facets.SyncStates, facets.NoLongerShared);
    }

    /// <summary>
    /// Without <c>$unionWith</c>: the pipeline's four branch filters as four owner-scoped finds, sent
    /// together, and the same projections and facets applied in process (as the embedded engine does).
    /// </summary>
    internal async Task<PositionSnapshot> GetSnapshotByBranchesAsync(ObjectId userId, CancellationToken cancellationToken)
    {
        var internalAccounts = store.Typed(OpenFinanceCollections.InternalAccounts)
            .Find(OwnerAnd(OpenFinanceCollections.InternalAccounts, userId, PositionRules.InternalAccountCountsAsBalance)).ToListAsync(cancellationToken);
        var externalAccounts = store.Typed(OpenFinanceCollections.ExternalAccounts)
            .Find(OwnerAnd(OpenFinanceCollections.ExternalAccounts, userId, PositionRules.ExternalAccountCountsAsBalance)).ToListAsync(cancellationToken);
        var debts = store.Typed(OpenFinanceCollections.ExternalProducts)
            .Find(OwnerAnd(OpenFinanceCollections.ExternalProducts, userId, PositionRules.ProductCountsAsDebt)).ToListAsync(cancellationToken);
        var syncStates = store.Typed(OpenFinanceCollections.SyncStates)
            .Find(Owner(OpenFinanceCollections.SyncStates, userId)).ToListAsync(cancellationToken);
        await Task.WhenAll(internalAccounts, externalAccounts, debts, syncStates);
        return PositionQueryShape.EvaluateInProcess(await internalAccounts, await externalAccounts, await debts, await syncStates);
    }

    /// <summary>The pipeline, built with the driver's typed builders (rendered without a server in tests).</summary>
    internal static PipelineDefinition<InternalAccount, PositionFacets> BuildPipeline(MongoDocumentStore store, ObjectId userId)
    {
        var externalAccounts = new EmptyPipelineDefinition<ExternalAccount>()
            .Match(OwnerAnd(OpenFinanceCollections.ExternalAccounts, userId, PositionRules.ExternalAccountCountsAsBalance))
            .Project(PositionQueryShape.ExternalAccountItem);

        var debtProducts = new EmptyPipelineDefinition<ExternalProduct>()
            .Match(OwnerAnd(OpenFinanceCollections.ExternalProducts, userId, PositionRules.ProductCountsAsDebt))
            .Project(PositionQueryShape.ProductItem);

        var syncStates = new EmptyPipelineDefinition<SyncState>()
            .Match(Owner(OpenFinanceCollections.SyncStates, userId))
            .Project(PositionQueryShape.SyncStateItem);

        return new EmptyPipelineDefinition<InternalAccount>()
            .Match(OwnerAnd(OpenFinanceCollections.InternalAccounts, userId, PositionRules.InternalAccountCountsAsBalance))
            .Project(PositionQueryShape.InternalAccountItem)
            .UnionWith(store.Typed(OpenFinanceCollections.ExternalAccounts), externalAccounts)
            .UnionWith(store.Typed(OpenFinanceCollections.ExternalProducts), debtProducts)
            .UnionWith(store.Typed(OpenFinanceCollections.SyncStates), syncStates)
            .Facet<InternalAccount, PositionItem, PositionFacets>(
            [
                AggregateFacet.Create(nameof(PositionFacets.Buckets), new EmptyPipelineDefinition<PositionItem>()
                    .Match(PositionQueryShape.HasAmount)
                    .Group(PositionQueryShape.BucketKey, PositionQueryShape.Bucket)),
                AggregateFacet.Create(nameof(PositionFacets.Loans), new EmptyPipelineDefinition<PositionItem>()
                    .Match(PositionQueryShape.IsLoan)),
                AggregateFacet.Create(nameof(PositionFacets.Narratives), new EmptyPipelineDefinition<PositionItem>()
                    .Match(PositionQueryShape.IsGreen)),
                AggregateFacet.Create(nameof(PositionFacets.Sources), new EmptyPipelineDefinition<PositionItem>()
                    .Match(PositionQueryShape.IsExternal)
                    .Group(PositionQueryShape.SourceKey, PositionQueryShape.Source)),
                AggregateFacet.Create(nameof(PositionFacets.SyncStates), new EmptyPipelineDefinition<PositionItem>()
                    .Match(PositionQueryShape.IsSyncState)),
                AggregateFacet.Create(nameof(PositionFacets.NoLongerShared), new EmptyPipelineDefinition<PositionItem>()
                    .Match(PositionQueryShape.IsNoLongerShared)),
            ]);
    }

    private static FilterDefinition<TDocument> Owner<TDocument>(DocumentKind<TDocument> kind, ObjectId userId) where TDocument : class =>
        new BsonDocumentFilterDefinition<TDocument>(new BsonDocument(kind.Owner.Path, userId));

    private static FilterDefinition<TDocument> OwnerAnd<TDocument>(DocumentKind<TDocument> kind, ObjectId userId,
        System.Linq.Expressions.Expression<Func<TDocument, bool>> rule) where TDocument : class =>
        Builders<TDocument>.Filter.And(Owner(kind, userId), Builders<TDocument>.Filter.Where(rule));
}

/// <summary>The one document <c>$facet</c> returns: each branch's results by name.</summary>
internal sealed class PositionFacets
{
    public List<PositionBucket> Buckets { get; set; } = [];
    public List<PositionItem> Loans { get; set; } = [];
    public List<PositionItem> Narratives { get; set; } = [];
    public List<InstitutionSource> Sources { get; set; } = [];
    public List<PositionItem> SyncStates { get; set; } = [];
    public List<PositionItem> NoLongerShared { get; set; } = [];
}
