using System.Runtime.CompilerServices;
using LeafyBank.Core.Domain;
using LeafyBank.Core.Transactions;
using MongoDB.Bson;

namespace LeafyBank.Core.Persistence.Embedded;

/// <summary>
/// Transactions on the embedded engine, in process over the owner's documents (read through the
/// owner index), with the same criteria and order as MongoDB.
/// </summary>
internal sealed class EmbeddedTransactionQuery(SqliteDocumentStore store) : ITransactionStoreQuery
{
    public async Task<TransactionPage> FindAsync(ObjectId ownerId, TransactionCriteria criteria, CancellationToken cancellationToken = default)
    {
        using var activity = StoreTelemetry.Start("transactions_page", store.Engine, OpenFinanceCollections.ExternalTransactions.CollectionName);
        var matching = await MatchingAsync(ownerId, criteria, cancellationToken);
        var items = matching.Skip(criteria.Skip).Take(criteria.PageSize).ToList();
        return new TransactionPage(items, matching.Count, criteria.Page, criteria.PageSize);
    }

    public async IAsyncEnumerable<ExternalTransaction> StreamAsync(ObjectId ownerId, TransactionCriteria criteria,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var activity = StoreTelemetry.Start("transactions_export", store.Engine, OpenFinanceCollections.ExternalTransactions.CollectionName);
        foreach (var transaction in await MatchingAsync(ownerId, criteria, cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return transaction;
        }
    }

    public async Task<TransactionChoices> GetChoicesAsync(ObjectId ownerId, CancellationToken cancellationToken = default)
    {
        using var activity = StoreTelemetry.Start("transactions_choices", store.Engine, OpenFinanceCollections.ExternalTransactions.CollectionName);
        var owned = await store.Collection(OpenFinanceCollections.ExternalTransactions).FindAsync(ownerId, cancellationToken: cancellationToken);
        return TransactionChoices.From(owned.Select(t => new AccountChoice(t.TransactionBank, t.AccountId, t.Currency)), owned.Select(t => t.Category));
    }

    private async Task<List<ExternalTransaction>> MatchingAsync(ObjectId ownerId, TransactionCriteria criteria, CancellationToken cancellationToken)
    {
        var owned = await store.Collection(OpenFinanceCollections.ExternalTransactions).FindAsync(ownerId, cancellationToken: cancellationToken);
        var matching = owned.Where(criteria.Matches).ToList();
        matching.Sort(TransactionRules.NewestFirst);
        return matching;
    }
}
