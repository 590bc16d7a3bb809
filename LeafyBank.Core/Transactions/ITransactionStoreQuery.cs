using LeafyBank.Core.Domain;
using MongoDB.Bson;

namespace LeafyBank.Core.Transactions;

/// <summary>
/// The per-engine half of <see cref="ITransactionQuery"/> (as <c>IPositionQuery</c> is for the
/// position): reads already-validated criteria, one owner at a time. Validation, conversion and
/// the definitions (what "spending" is, the order of a page) live once, in <see cref="TransactionQuery"/>
/// and <see cref="TransactionRules"/>.
/// </summary>
public interface ITransactionStoreQuery
{
    Task<TransactionPage> FindAsync(ObjectId ownerId, TransactionCriteria criteria, CancellationToken cancellationToken = default);

    /// <summary>Every transaction matching <paramref name="criteria"/> in page order, paging ignored, read as consumed.</summary>
    IAsyncEnumerable<ExternalTransaction> StreamAsync(ObjectId ownerId, TransactionCriteria criteria, CancellationToken cancellationToken = default);

    /// <summary>The owner's distinct accounts and raw categories (ordering and naming are <see cref="TransactionChoices.From"/>'s).</summary>
    Task<TransactionChoices> GetChoicesAsync(ObjectId ownerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sums of the owner's transactions that <see cref="TransactionRules.CountsAsSpending"/> in
    /// [<paramref name="fromUtc"/>, <paramref name="toUtcExclusive"/>), per UTC month, raw
    /// category (null kept) and currency as stored. Amounts keep their sign (negative).
    /// </summary>
    Task<IReadOnlyList<SpendingBucket>> GetSpendingBucketsAsync(ObjectId ownerId, DateTime? fromUtc, DateTime? toUtcExclusive,
        CancellationToken cancellationToken = default);
}

/// <summary>One engine-side spending sum, before category naming and currency conversion.</summary>
public sealed record SpendingBucket(string Month, string? Category, string Currency, decimal Amount, int Count);
