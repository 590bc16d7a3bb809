using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence;
using LeafyBank.Core.Persistence.Embedded;
using MongoDB.Bson;

namespace LeafyBank.Core.Transactions;

/// <summary>Cash-flow lines on the embedded engine: the owner's booked transactions in the range, read through the owner index.</summary>
internal sealed class EmbeddedCashFlowQuery(SqliteDocumentStore store) : ICashFlowStoreQuery
{
    public async Task<IReadOnlyList<CashFlowLine>> GetBookedLinesAsync(ObjectId ownerId, DateTime fromUtc, DateTime toUtcExclusive,
        CancellationToken cancellationToken = default)
    {
        using var activity = StoreTelemetry.Start("cash_flow", store.Engine, OpenFinanceCollections.ExternalTransactions.CollectionName);
        var booked = await store.Collection(OpenFinanceCollections.ExternalTransactions).FindAsync(ownerId,
            t => t.BookingStatus == BookingStatuses.Booked && t.BookingDate >= fromUtc && t.BookingDate < toUtcExclusive, cancellationToken);
        return [.. booked.Select(t => new CashFlowLine(t.TransactionBank, t.AccountId, t.TransactionId, t.Amount, t.Currency, t.BookingDate, t.Category, t.Description))];
    }
}
