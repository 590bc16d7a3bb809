using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence;
using LeafyBank.Core.Persistence.Embedded;
using Microsoft.Data.Sqlite;
using MongoDB.Bson;

namespace LeafyBank.Core.Transactions;

/// <summary>
/// Cash-flow lines on the embedded engine: the owner's booked (or pending) transactions in the range, read as a
/// seek on the page index's owner and booking-date prefix, and only from the index columns kept
/// beside each document (<see cref="EmbeddedIndexColumns"/>) — the BSON is never deserialised, as
/// MongoDB's <c>$project</c> sends only these eight fields.
/// </summary>
internal sealed class EmbeddedCashFlowQuery(SqliteDocumentStore store) : ICashFlowStoreQuery
{
    private static readonly string Table = SqliteDocumentStore.Quote(OpenFinanceCollections.ExternalTransactions.CollectionName);

    // An unusable file reaches callers as the store's own StoreUnavailableException, not SqliteException.
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
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var select = SelectCommand(connection, ownerId, fromUtc, toUtcExclusive, status);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var lines = new List<CashFlowLine>();
        while (await reader.ReadAsync(cancellationToken))
        {
            lines.Add(new CashFlowLine(
                TextOrEmpty(reader, 0),
                TextOrEmpty(reader, 1),
                TextOrEmpty(reader, 2),
                EmbeddedIndexColumns.ParseAmount(reader.GetString(3)),
                TextOrEmpty(reader, 4),
                BsonUtils.ToDateTimeFromMillisecondsSinceEpoch(reader.GetInt64(5)),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                TextOrEmpty(reader, 7)));
        }
        return lines;
    }

    /// <summary>The read, for the tests to check its plan: owner, status and range on columns, nothing else.</summary>
    internal static SqliteCommand SelectCommand(SqliteConnection connection, ObjectId ownerId, DateTime fromUtc, DateTime toUtcExclusive,
        string status = BookingStatuses.Booked)
    {
        var select = connection.CreateCommand();
        select.CommandText =
            $"SELECT bank, account_id, transaction_id, {EmbeddedIndexColumns.AmountColumn}, currency, booking_date, category, description FROM {Table} " +
            "WHERE owner_id = $owner AND booking_date >= $from AND booking_date < $to AND booking_status = $status;";
        select.Parameters.AddWithValue("$owner", ownerId.ToString());
        // The same instants MongoDB compares: BSON dates are milliseconds since the epoch.
        select.Parameters.AddWithValue("$from", BsonUtils.ToMillisecondsSinceEpoch(fromUtc));
        select.Parameters.AddWithValue("$to", BsonUtils.ToMillisecondsSinceEpoch(toUtcExclusive));
        select.Parameters.AddWithValue("$status", status);
        return select;
    }

    private static string TextOrEmpty(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? "" : reader.GetString(ordinal);
}
