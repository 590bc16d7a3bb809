using LeafyBank.Core.Domain;
using LeafyBank.Core.Position;
using MongoDB.Bson;
using MongoDB.Driver;

namespace LeafyBank.Core.Persistence.MongoDb;

/// <summary>
/// The position sums in one round trip: a pipeline over <c>internal_accounts</c> that
/// <c>$unionWith</c>s the external accounts and the debt products (MongoDB 4.4+), each
/// matched by owner and the shared <see cref="PositionRules"/>, then one <c>$group</c>
/// by institution and currency.
/// </summary>
internal sealed class MongoPositionQuery(MongoDocumentStore store) : IPositionQuery
{
    public async Task<IReadOnlyList<PositionBucket>> GetBucketsAsync(ObjectId userId, CancellationToken cancellationToken = default)
    {
        using var activity = StoreTelemetry.Start("position", store.Engine, "internal_accounts");
        var pipeline = BuildPipeline(store, userId);
        var rows = await store.Typed(OpenFinanceCollections.InternalAccounts)
            .Aggregate(pipeline, cancellationToken: cancellationToken)
            .ToListAsync(cancellationToken);
        return rows
            .Select(row => new PositionBucket(row.Id.Bank, row.Id.Currency, row.Balance, row.Debt, row.Id.Internal))
            .OrderBy(bucket => bucket.Bank, StringComparer.Ordinal)
            .ThenBy(bucket => bucket.Currency, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The pipeline, built with the driver's typed builders (rendered without a server in tests).</summary>
    internal static PipelineDefinition<InternalAccount, PositionGroup> BuildPipeline(MongoDocumentStore store, ObjectId userId)
    {
        var externalAccounts = new EmptyPipelineDefinition<ExternalAccount>()
            .Match(OwnerAnd(OpenFinanceCollections.ExternalAccounts, userId, PositionRules.ExternalAccountCountsAsBalance))
            .Project(account => new PositionRow
            {
                Bank = account.AccountBank,
                Currency = account.AccountCurrency,
                Balance = account.AccountBalance,
                Debt = 0m,
                Internal = false,
            });

        var debtProducts = new EmptyPipelineDefinition<ExternalProduct>()
            .Match(OwnerAnd(OpenFinanceCollections.ExternalProducts, userId, PositionRules.ProductCountsAsDebt))
            .Project(product => new PositionRow
            {
                Bank = product.ProductBank,
                Currency = product.ProductCurrency,
                Balance = 0m,
                Debt = product.ProductAmount,
                Internal = false,
            });

        return new EmptyPipelineDefinition<InternalAccount>()
            .Match(OwnerAnd(OpenFinanceCollections.InternalAccounts, userId, PositionRules.InternalAccountCountsAsBalance))
            .Project(account => new PositionRow
            {
                Bank = PositionRules.LeafyBankInstitution,
                Currency = account.AccountCurrency,
                Balance = account.AccountBalance,
                Debt = 0m,
                Internal = true,
            })
            .UnionWith(store.Typed(OpenFinanceCollections.ExternalAccounts), externalAccounts)
            .UnionWith(store.Typed(OpenFinanceCollections.ExternalProducts), debtProducts)
            .Group(
                row => new PositionKey { Bank = row.Bank, Currency = row.Currency, Internal = row.Internal },
                group => new PositionGroup
                {
                    Id = group.Key,
                    Balance = group.Sum(row => row.Balance),
                    Debt = group.Sum(row => row.Debt),
                });
    }

    private static FilterDefinition<TDocument> OwnerAnd<TDocument>(DocumentKind<TDocument> kind, ObjectId userId,
        System.Linq.Expressions.Expression<Func<TDocument, bool>> rule) where TDocument : class =>
        Builders<TDocument>.Filter.And(
            new BsonDocumentFilterDefinition<TDocument>(new BsonDocument(kind.Owner.Path, userId)),
            Builders<TDocument>.Filter.Where(rule));
}

internal sealed class PositionRow
{
    public string Bank { get; set; } = "";
    public string Currency { get; set; } = "";
    public decimal Balance { get; set; }
    public decimal Debt { get; set; }
    public bool Internal { get; set; }
}

internal sealed class PositionKey
{
    public string Bank { get; set; } = "";
    public string Currency { get; set; } = "";
    public bool Internal { get; set; }
}

internal sealed class PositionGroup
{
    public PositionKey Id { get; set; } = new();
    public decimal Balance { get; set; }
    public decimal Debt { get; set; }
}
