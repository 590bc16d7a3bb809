using System.Globalization;
using LeafyBank.Core.Domain;
using LeafyBank.Core.Transactions;
using Microsoft.Data.Sqlite;
using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;

namespace LeafyBank.Core.Persistence.Embedded;

/// <summary>
/// Columns the embedded engine keeps beside a collection's BSON, read from the stored document on
/// every write, so a query can seek and sort in SQLite instead of reading and deserialising every
/// document an owner has. Only the transactions collection has them: its pages are the one read
/// that grows without bound (20,000 transactions is a few years of one busy customer).
/// </summary>
internal sealed class EmbeddedIndexColumns
{
    /// <summary>
    /// A column of the transactions table. Names are SQL identifiers chosen here, never user input.
    /// <see cref="Read"/> takes the document as stored, so what is indexed is exactly what was written.
    /// </summary>
    internal sealed record Column(string Name, string SqlType, Func<BsonDocument, object> Read);

    public static readonly EmbeddedIndexColumns Transactions = new(
        OpenFinanceCollections.ExternalTransactions.CollectionName,
        [
            // Milliseconds since the epoch, as BSON stores the date: the same instants MongoDB compares.
            new("booking_date", "INTEGER", document => document.GetValue("BookingDate", BsonNull.Value) is BsonDateTime date ? date.MillisecondsSinceEpoch : DBNull.Value),
            new("transaction_id", "TEXT", document => Text(document, "TransactionId") ?? (object)DBNull.Value),
            new("bank", "TEXT", document => Text(document, "TransactionBank") ?? (object)DBNull.Value),
            new("account_id", "TEXT", document => Text(document, "AccountId") ?? (object)DBNull.Value),
            new("currency", "TEXT", document => Text(document, "Currency") ?? (object)DBNull.Value),
            new("booking_status", "TEXT", document => Text(document, "BookingStatus") ?? (object)DBNull.Value),
            new("category_name", "TEXT", document => TransactionRules.CategoryName(Text(document, "Category"))),
            // Never null once written: the start-up migration finds the rows still to fill by a null here.
            new(SearchColumn, "TEXT", SearchTextOf),
            // The rest of what the cash-flow rules read (CashFlowLine), so spending is read from columns, never from the BSON.
            // The amount as invariant decimal text: exact, with the scale the document has (-1.50 stays -1.50), as the
            // document's serializer would read it. Never null once written, like the search text (the migration's other marker).
            new(AmountColumn, "TEXT", AmountOf),
            // The category as stored (category_name is its display name), as MongoDB's projection returns it.
            new("category", "TEXT", document => Text(document, "Category") ?? (object)DBNull.Value),
            new("description", "TEXT", document => Text(document, "Description") ?? ""),
        ],
        [
            // The page order (TransactionRules.NewestFirst) after the owner: page 1 is the first 25 index entries. Every other
            // column rides along, so the index alone answers a search (tested in the index; the table is read only for the
            // page's documents, and the count not at all) and the cash-flow read of an owner's date range (spending,
            // the dashboard's money in and out). It costs a second copy of these short fields per transaction, about
            // 150 bytes; it replaces ix_external_transactions_page, which held only the order.
            "CREATE INDEX IF NOT EXISTS \"ix_external_transactions_page_covering\" ON {0} " +
            $"(owner_id, booking_date DESC, transaction_id, bank, {SearchColumn}, booking_status, account_id, currency, {AmountColumn}, category, description);",
            "DROP INDEX IF EXISTS \"ix_external_transactions_page\";",
            // With a bank and account chosen, as MongoDB's ix_external_transactions_user_account_date_id.
            "CREATE INDEX IF NOT EXISTS \"ix_external_transactions_account_page\" ON {0} (owner_id, bank, account_id, booking_date DESC, transaction_id);",
        ]);

    public const string SearchColumn = "search_text";

    public const string AmountColumn = "amount";

    /// <summary>Documents filled in per transaction when an existing database is migrated: a bounded amount of memory whatever the table holds.</summary>
    private const int MigrationBatchSize = 500;

    private EmbeddedIndexColumns(string collectionName, IReadOnlyList<Column> columns, IReadOnlyList<string> indexStatements)
    {
        CollectionName = collectionName;
        Columns = columns;
        IndexStatements = indexStatements;
    }

    public string CollectionName { get; }
    public IReadOnlyList<Column> Columns { get; }
    private IReadOnlyList<string> IndexStatements { get; }

    /// <summary>The index columns of a collection, or null when it has none.</summary>
    public static EmbeddedIndexColumns? For(string collectionName) =>
        collectionName == Transactions.CollectionName ? Transactions : null;

    /// <summary>", name = $ix_name, …" for an UPDATE's SET list.</summary>
    public string SetList => string.Concat(Columns.Select(column => $", {column.Name} = $ix_{column.Name}"));

    /// <summary>", name, …" and ", $ix_name, …" for an INSERT's column and value lists.</summary>
    public string InsertColumns => string.Concat(Columns.Select(column => $", {column.Name}"));

    public string InsertValues => string.Concat(Columns.Select(column => $", $ix_{column.Name}"));

    /// <summary>Binds every column's value, read from the document's stored bytes.</summary>
    public void Bind(SqliteCommand command, byte[] storedBytes)
    {
        var document = BsonSerializer.Deserialize<BsonDocument>(storedBytes);
        foreach (var column in Columns)
        {
            command.Parameters.AddWithValue($"$ix_{column.Name}", column.Read(document));
        }
    }

    /// <summary>
    /// Brings a table written by an earlier version up to date, at start-up: adds the missing
    /// columns, fills them (and the document's <c>SearchText</c>) for every row that lacks one of
    /// the never-null columns (a row written before that column existed), in batches of one
    /// transaction each, then creates the indexes (and drops the ones they replace). Nothing is removed: a
    /// document gains a field, every other byte of it is kept. Safe to interrupt and run again.
    /// </summary>
    public async Task MigrateAsync(SqliteConnection connection, string table, CancellationToken cancellationToken)
    {
        var existing = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await using (var info = connection.CreateCommand())
        {
            info.CommandText = $"PRAGMA table_info({table});";
            await using var reader = await info.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                existing.Add(reader.GetString(1));
            }
        }
        foreach (var column in Columns.Where(column => !existing.Contains(column.Name)))
        {
            await using var add = connection.CreateCommand();
            add.CommandText = $"ALTER TABLE {table} ADD COLUMN {column.Name} {column.SqlType};";
            await add.ExecuteNonQueryAsync(cancellationToken);
        }

        // Each batch starts after the last row it filled, so a large table is scanned once, not once per batch.
        long after = long.MinValue;
        while (await FillBatchAsync(connection, table, after, cancellationToken) is { } last)
        {
            after = last;
        }

        foreach (var statement in IndexStatements)
        {
            await using var create = connection.CreateCommand();
            create.CommandText = string.Format(CultureInfo.InvariantCulture, statement, table);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <returns>The rowid of the last row filled, or null when none was left.</returns>
    private async Task<long?> FillBatchAsync(SqliteConnection connection, string table, long after, CancellationToken cancellationToken)
    {
        await using var transaction = connection.BeginTransaction(deferred: false);
        var pending = new List<(string Id, byte[] Bytes)>();
        long? last = null;
        await using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = $"SELECT id, doc, rowid FROM {table} WHERE rowid > $after AND ({SearchColumn} IS NULL OR {AmountColumn} IS NULL) " +
                                 $"ORDER BY rowid LIMIT {MigrationBatchSize};";
            select.Parameters.AddWithValue("$after", after);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                pending.Add((reader.GetString(0), (byte[])reader[1]));
                last = reader.GetInt64(2);
            }
        }
        foreach (var (id, bytes) in pending)
        {
            var document = BsonSerializer.Deserialize<BsonDocument>(bytes);
            var upgraded = document.Contains("SearchText") ? bytes : WithSearchText(document).ToBson();
            await using var update = connection.CreateCommand();
            update.Transaction = transaction;
            update.CommandText = $"UPDATE {table} SET doc = $doc{SetList} WHERE id = $id;";
            update.Parameters.AddWithValue("$doc", upgraded);
            update.Parameters.AddWithValue("$id", id);
            Bind(update, upgraded);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return last;
    }

    /// <summary>The document with the search field a current write would give it; nothing else changes.</summary>
    internal static BsonDocument WithSearchText(BsonDocument document)
    {
        document["SearchText"] = SearchTextFromFields(document);
        return document;
    }

    private static object SearchTextOf(BsonDocument document) =>
        Text(document, "SearchText") ?? SearchTextFromFields(document);

    private static string SearchTextFromFields(BsonDocument document) =>
        TransactionSearch.TextOf(Text(document, "Description"), Text(document, "Merchant"), Text(document, "Category"));

    /// <summary>The amount as <see cref="OpenFinanceBsonMapping"/>'s money serializer reads it (a missing one reads as zero, the class default).</summary>
    private static string AmountOf(BsonDocument document)
    {
        if (!document.TryGetValue("Amount", out var value) || value.IsBsonNull)
        {
            return 0m.ToString(CultureInfo.InvariantCulture);
        }
        // The serializer the class map gives ExternalTransaction.Amount, so a column never disagrees with the document.
        var serializer = (IBsonSerializer<decimal>)BsonClassMap.LookupClassMap(typeof(ExternalTransaction)).GetMemberMap(nameof(ExternalTransaction.Amount)).GetSerializer();
        using var reader = new BsonDocumentReader(new BsonDocument("Amount", value));
        reader.ReadStartDocument();
        reader.ReadName();
        return serializer.Deserialize(BsonDeserializationContext.CreateRoot(reader)).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Reads an amount column back: the exact decimal <see cref="AmountOf"/> wrote.</summary>
    public static decimal ParseAmount(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);

    private static string? Text(BsonDocument document, string field) =>
        document.GetValue(field, BsonNull.Value) is BsonString text ? text.Value : null;
}
