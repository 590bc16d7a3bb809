using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence;
using LeafyBank.Core.Persistence.MongoDb;
using MongoDB.Bson;
using MongoDB.Driver;

namespace LeafyBank.Core.Transactions;

/// <summary>
/// Cash-flow lines on MongoDB: one aggregation with typed builders — <c>$match</c> led by the
/// owner and the booking-date range (the prefix of <c>ix_external_transactions_user_date_id</c>),
/// then <c>$project</c> to the eight fields the rules read, so only those cross the wire.
/// </summary>
internal sealed class MongoCashFlowQuery(MongoDocumentStore store) : ICashFlowStoreQuery
{
    private static readonly FilterDefinitionBuilder<ExternalTransaction> Filter = Builders<ExternalTransaction>.Filter;

    // A server that is gone reaches callers as the store's own StoreUnavailableException, not the driver's.
    public Task<IReadOnlyList<CashFlowLine>> GetBookedLinesAsync(ObjectId ownerId, DateTime fromUtc, DateTime toUtcExclusive,
        CancellationToken cancellationToken = default) =>
        store.Failures.Translate(() => GetLinesAsync(ownerId, fromUtc, toUtcExclusive, BookingStatuses.Booked, cancellationToken));

    public Task<IReadOnlyList<CashFlowLine>> GetPendingLinesAsync(ObjectId ownerId, DateTime fromUtc, DateTime toUtcExclusive,
        CancellationToken cancellationToken = default) =>
        store.Failures.Translate(() => GetLinesAsync(ownerId, fromUtc, toUtcExclusive, BookingStatuses.Pending, cancellationToken));

    private async Task<IReadOnlyList<CashFlowLine>> GetLinesAsync(ObjectId ownerId, DateTime fromUtc, DateTime toUtcExclusive, string status,
        CancellationToken cancellationToken)
    {
        using var activity = StoreTelemetry.Start("cash_flow", store.Engine, OpenFinanceCollections.ExternalTransactions.CollectionName);
        var rows = await store.Typed(OpenFinanceCollections.ExternalTransactions)
            .Aggregate(Pipeline(ownerId, fromUtc, toUtcExclusive, status), cancellationToken: cancellationToken)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new CashFlowLine(r.Bank, r.AccountId, r.TransactionId, r.Amount, r.Currency, r.BookingDate, r.Category, r.Description))];
    }

    /// <summary>The pipeline, public to the tests so its shape can be checked without a server.</summary>
    internal static PipelineDefinition<ExternalTransaction, CashFlowRow> Pipeline(ObjectId ownerId, DateTime fromUtc, DateTime toUtcExclusive,
        string status = BookingStatuses.Booked) =>
        new EmptyPipelineDefinition<ExternalTransaction>()
            .Match(Filter.Eq(t => t.TransactionUser.UserId, ownerId)
                   & Filter.Gte(t => t.BookingDate, fromUtc)
                   & Filter.Lt(t => t.BookingDate, toUtcExclusive)
                   & Filter.Eq(t => t.BookingStatus, status))
            .Project(t => new CashFlowRow
            {
                Bank = t.TransactionBank,
                AccountId = t.AccountId,
                TransactionId = t.TransactionId,
                Amount = t.Amount,
                Currency = t.Currency,
                BookingDate = t.BookingDate,
                Category = t.Category,
                Description = t.Description,
            });
}

/// <summary>One projected transaction as the cash-flow aggregation returns it.</summary>
internal sealed class CashFlowRow
{
    public string Bank { get; set; } = "";
    public string AccountId { get; set; } = "";
    public string TransactionId { get; set; } = "";
    public decimal Amount { get; set; }
    public string Currency { get; set; } = "";
    public DateTime BookingDate { get; set; }
    public string? Category { get; set; }
    public string Description { get; set; } = "";
}
