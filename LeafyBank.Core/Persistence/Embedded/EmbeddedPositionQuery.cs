using LeafyBank.Core.Position;
using MongoDB.Bson;

namespace LeafyBank.Core.Persistence.Embedded;

/// <summary>The position sums computed in process from the owner's documents, with the shared rules.</summary>
internal sealed class EmbeddedPositionQuery(SqliteDocumentStore store) : IPositionQuery
{
    public async Task<IReadOnlyList<PositionBucket>> GetBucketsAsync(ObjectId userId, CancellationToken cancellationToken = default)
    {
        using var activity = StoreTelemetry.Start("position", store.Engine, "external_accounts,external_products,internal_accounts");
        var internalAccounts = await store.Collection(OpenFinanceCollections.InternalAccounts)
            .FindAsync(userId, PositionRules.InternalAccountCountsAsBalance, cancellationToken);
        var externalAccounts = await store.Collection(OpenFinanceCollections.ExternalAccounts)
            .FindAsync(userId, PositionRules.ExternalAccountCountsAsBalance, cancellationToken);
        var debts = await store.Collection(OpenFinanceCollections.ExternalProducts)
            .FindAsync(userId, PositionRules.ProductCountsAsDebt, cancellationToken);

        var rows = internalAccounts
            .Select(a => (Bank: PositionRules.LeafyBankInstitution, Currency: a.AccountCurrency, Balance: a.AccountBalance, Debt: 0m, Internal: true))
            .Concat(externalAccounts.Select(a => (Bank: a.AccountBank, Currency: a.AccountCurrency, Balance: a.AccountBalance, Debt: 0m, Internal: false)))
            .Concat(debts.Select(p => (Bank: p.ProductBank, Currency: p.ProductCurrency, Balance: 0m, Debt: p.ProductAmount, Internal: false)));

        return rows
            .GroupBy(row => (row.Bank, row.Currency, row.Internal))
            .Select(group => new PositionBucket(group.Key.Bank, group.Key.Currency,
                group.Sum(row => row.Balance), group.Sum(row => row.Debt), group.Key.Internal))
            .OrderBy(bucket => bucket.Bank, StringComparer.Ordinal)
            .ThenBy(bucket => bucket.Currency, StringComparer.Ordinal)
            .ToList();
    }
}
