using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence;
using MongoDB.Bson;

namespace LeafyBank.Core.Transactions;

/// <summary>
/// The per-engine half of <see cref="ITransactionQuery"/> (as <c>IPositionQuery</c> is for the
/// position): reads already-validated criteria, one owner at a time. Validation, conversion and
/// the definitions (the order of a page in <see cref="TransactionRules"/>; what "spending" is in
/// <see cref="CashFlowRules"/>, read through <see cref="ICashFlowStoreQuery"/>) live once.
/// </summary>
public interface ITransactionStoreQuery
{
    Task<TransactionPage> FindAsync(ObjectId ownerId, TransactionCriteria criteria, CancellationToken cancellationToken = default);

    /// <summary>Every transaction matching <paramref name="criteria"/> in page order, paging ignored, read as consumed.</summary>
    IAsyncEnumerable<ExternalTransaction> StreamAsync(ObjectId ownerId, TransactionCriteria criteria, CancellationToken cancellationToken = default);

    /// <summary>The owner's distinct accounts and raw categories (ordering and naming are <see cref="TransactionChoices.From"/>'s).</summary>
    Task<TransactionChoices> GetChoicesAsync(ObjectId ownerId, CancellationToken cancellationToken = default);

    /// <summary>The engine's own implementation, for code that holds a store rather than a container.</summary>
    static ITransactionStoreQuery For(IDocumentStore store) =>
        store.ForEngine<ITransactionStoreQuery>(mongo => new MongoTransactionQuery(mongo), embedded => new EmbeddedTransactionQuery(embedded));
}
