using System.Runtime.CompilerServices;
using System.Text;
using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence;
using LeafyBank.Core.Persistence.Embedded;
using Microsoft.Data.Sqlite;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;

namespace LeafyBank.Core.Transactions;

/// <summary>
/// Transactions on the embedded engine, filtered, sorted and paged by SQLite over the index
/// columns kept beside each document (<see cref="EmbeddedIndexColumns"/>): page 1 reads the first
/// index entries of the owner in page order and deserialises only the page. The same criteria and
/// order as MongoDB; the one filter without a column (the size of the amount, rarely used) is
/// applied in process to the rows the others leave.
/// </summary>
internal sealed class EmbeddedTransactionQuery(SqliteDocumentStore store) : ITransactionStoreQuery
{
    private static readonly string Table = SqliteDocumentStore.Quote(OpenFinanceCollections.ExternalTransactions.CollectionName);

    /// <summary>SQL's spelling of <see cref="TransactionRules.NewestFirst"/> (BINARY collation compares as ordinal does).</summary>
    private const string PageOrder = "ORDER BY booking_date DESC, transaction_id, bank";

    // Each read goes through the store's failures: an unusable file reaches callers as StoreUnavailableException, not SqliteException.
    public Task<TransactionPage> FindAsync(ObjectId ownerId, TransactionCriteria criteria, CancellationToken cancellationToken = default) =>
        store.Failures.Translate(() => FindCoreAsync(ownerId, criteria, cancellationToken));

    private async Task<TransactionPage> FindCoreAsync(ObjectId ownerId, TransactionCriteria criteria, CancellationToken cancellationToken)
    {
        using var activity = StoreTelemetry.Start("transactions_page", store.Engine, OpenFinanceCollections.ExternalTransactions.CollectionName);
        await using var connection = await store.OpenAsync(cancellationToken);
        if (NeedsInProcessFilter(criteria))
        {
            var matching = new List<ExternalTransaction>();
            await foreach (var item in ReadAsync(connection, ownerId, criteria, paged: false, cancellationToken))
            {
                matching.Add(item);
            }
            return new TransactionPage([.. matching.Skip(criteria.Skip).Take(criteria.PageSize)], matching.Count, criteria.Page, criteria.PageSize);
        }

        // Read in one snapshot, so the total and the page agree even while a sync writes.
        await using var snapshot = connection.BeginTransaction(deferred: true);
        var items = new List<ExternalTransaction>(criteria.PageSize);
        await foreach (var item in ReadAsync(connection, ownerId, criteria, paged: true, cancellationToken, snapshot))
        {
            items.Add(item);
        }
        await using var count = CountCommand(connection, ownerId, criteria);
        count.Transaction = snapshot;
        var total = (long)(await count.ExecuteScalarAsync(cancellationToken) ?? 0L);
        await snapshot.CommitAsync(cancellationToken);
        return new TransactionPage(items, total, criteria.Page, criteria.PageSize);
    }

    public IAsyncEnumerable<ExternalTransaction> StreamAsync(ObjectId ownerId, TransactionCriteria criteria, CancellationToken cancellationToken = default) =>
        store.Failures.Translate(StreamCoreAsync(ownerId, criteria, cancellationToken), cancellationToken);

    private async IAsyncEnumerable<ExternalTransaction> StreamCoreAsync(ObjectId ownerId, TransactionCriteria criteria,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var activity = StoreTelemetry.Start("transactions_export", store.Engine, OpenFinanceCollections.ExternalTransactions.CollectionName);
        await using var connection = await store.OpenAsync(cancellationToken);
        await foreach (var transaction in ReadAsync(connection, ownerId, criteria, paged: false, cancellationToken))
        {
            yield return transaction;
        }
    }

    /// <summary>Two small distinct reads over the index columns; no document is deserialised.</summary>
    public Task<TransactionChoices> GetChoicesAsync(ObjectId ownerId, CancellationToken cancellationToken = default) =>
        store.Failures.Translate(() => GetChoicesCoreAsync(ownerId, cancellationToken));

    private async Task<TransactionChoices> GetChoicesCoreAsync(ObjectId ownerId, CancellationToken cancellationToken)
    {
        using var activity = StoreTelemetry.Start("transactions_choices", store.Engine, OpenFinanceCollections.ExternalTransactions.CollectionName);
        await using var connection = await store.OpenAsync(cancellationToken);
        var accounts = new List<AccountChoice>();
        await using (var select = connection.CreateCommand())
        {
            select.CommandText = $"SELECT DISTINCT bank, account_id, currency FROM {Table} WHERE owner_id = $owner;";
            select.Parameters.AddWithValue("$owner", ownerId.ToString());
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                accounts.Add(new AccountChoice(TextOrEmpty(reader, 0), TextOrEmpty(reader, 1), TextOrEmpty(reader, 2)));
            }
        }
        var categories = new List<string?>();
        await using (var select = connection.CreateCommand())
        {
            select.CommandText = $"SELECT DISTINCT category_name FROM {Table} WHERE owner_id = $owner;";
            select.Parameters.AddWithValue("$owner", ownerId.ToString());
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                categories.Add(reader.IsDBNull(0) ? null : reader.GetString(0));
            }
        }
        return TransactionChoices.From(accounts, categories);
    }

    /// <summary>The amount's size has no column: such a page filters the other criteria in SQL, then this one in process.</summary>
    private static bool NeedsInProcessFilter(TransactionCriteria criteria) => criteria.MinAmount is not null || criteria.MaxAmount is not null;

    private static async IAsyncEnumerable<ExternalTransaction> ReadAsync(SqliteConnection connection, ObjectId ownerId, TransactionCriteria criteria, bool paged,
        [EnumeratorCancellation] CancellationToken cancellationToken, SqliteTransaction? transaction = null)
    {
        await using var select = SelectCommand(connection, ownerId, criteria, paged);
        select.Transaction = transaction;
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var transactionRead = BsonSerializer.Deserialize<ExternalTransaction>((byte[])reader[0]);
            // Every criterion again in process: the columns narrow the read, the one definition decides.
            if (criteria.Matches(transactionRead))
            {
                yield return transactionRead;
            }
        }
    }

    /// <summary>The documents matching the criteria that have columns, in page order; with <paramref name="paged"/>, only the page.</summary>
    internal static SqliteCommand SelectCommand(SqliteConnection connection, ObjectId ownerId, TransactionCriteria criteria, bool paged)
    {
        var select = connection.CreateCommand();
        var sql = new StringBuilder($"SELECT doc FROM {Table} WHERE {Where(select, ownerId, criteria)} {PageOrder}");
        if (paged)
        {
            sql.Append(" LIMIT $limit OFFSET $skip");
            select.Parameters.AddWithValue("$limit", criteria.PageSize);
            select.Parameters.AddWithValue("$skip", criteria.Skip);
        }
        select.CommandText = sql.Append(';').ToString();
        return select;
    }

    /// <summary>How many documents match the criteria that have columns (with a search, counted in the page index alone).</summary>
    internal static SqliteCommand CountCommand(SqliteConnection connection, ObjectId ownerId, TransactionCriteria criteria)
    {
        var count = connection.CreateCommand();
        count.CommandText = $"SELECT count(*) FROM {Table} WHERE {Where(count, ownerId, criteria)};";
        return count;
    }

    /// <summary>The criteria that have columns, as a WHERE clause with its parameters added to <paramref name="command"/>.</summary>
    private static string Where(SqliteCommand command, ObjectId ownerId, TransactionCriteria criteria)
    {
        var where = new StringBuilder("owner_id = $owner");
        command.Parameters.AddWithValue("$owner", ownerId.ToString());
        void Add(string condition, string parameter, object value)
        {
            where.Append(" AND ").Append(condition);
            command.Parameters.AddWithValue(parameter, value);
        }
        if (criteria.Bank is { } bank)
        {
            Add("bank = $bank", "$bank", bank);
        }
        if (criteria.AccountId is { } accountId)
        {
            Add("account_id = $account", "$account", accountId);
        }
        if (criteria.BookingStatus is { } status)
        {
            Add("booking_status = $status", "$status", status);
        }
        if (criteria.FromUtc is { } from)
        {
            Add("booking_date >= $from", "$from", BsonUtils.ToMillisecondsSinceEpoch(from));
        }
        if (criteria.ToUtcExclusive is { } to)
        {
            Add("booking_date < $to", "$to", BsonUtils.ToMillisecondsSinceEpoch(to));
        }
        if (criteria.Category is { } category)
        {
            Add("category_name = $category", "$category", category);
        }
        if (criteria.SearchKey is { } search)
        {
            // instr: a literal substring test (LIKE would treat % and _ as wildcards).
            Add($"instr({EmbeddedIndexColumns.SearchColumn}, $search) > 0", "$search", search);
        }
        return where.ToString();
    }

    private static string TextOrEmpty(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? "" : reader.GetString(ordinal);
}
