using LeafyBank.Core.Persistence;
using MongoDB.Bson;

namespace LeafyBank.Core.Transactions;

/// <summary>
/// The per-engine read behind cash flow and the net-worth estimate: the owner's booked (or pending)
/// transactions in a UTC range, projected to <see cref="CashFlowLine"/>. Classification
/// (transfers, debt payments, income) lives once, in <see cref="CashFlowRules"/>.
/// </summary>
public interface ICashFlowStoreQuery
{
    /// <summary>The owner's booked transactions with <paramref name="fromUtc"/> ≤ booking date &lt; <paramref name="toUtcExclusive"/>.</summary>
    Task<IReadOnlyList<CashFlowLine>> GetBookedLinesAsync(ObjectId ownerId, DateTime fromUtc, DateTime toUtcExclusive,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// The same for the owner's pending transactions (their booking date is the day the bank dated them): what the
    /// dashboard shows beside this month's booked figures, so a repayment the bank has not booked yet is not read as none.
    /// </summary>
    Task<IReadOnlyList<CashFlowLine>> GetPendingLinesAsync(ObjectId ownerId, DateTime fromUtc, DateTime toUtcExclusive,
        CancellationToken cancellationToken = default);

    /// <summary>The engine's own implementation, for code that holds a store rather than a container.</summary>
    static ICashFlowStoreQuery For(IDocumentStore store) =>
        store.ForEngine<ICashFlowStoreQuery>(mongo => new MongoCashFlowQuery(mongo), embedded => new EmbeddedCashFlowQuery(embedded));
}
