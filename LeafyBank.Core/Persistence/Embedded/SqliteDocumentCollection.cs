using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;

namespace LeafyBank.Core.Persistence.Embedded;

/// <summary>One collection as a SQLite table of BSON documents. See <see cref="SqliteDocumentStore"/>.</summary>
internal sealed class SqliteDocumentCollection<TDocument>(SqliteDocumentStore store, DocumentKind<TDocument> kind)
    : IDocumentCollection<TDocument> where TDocument : class
{
    private readonly string table = SqliteDocumentStore.Quote(kind.CollectionName);
    private readonly EmbeddedIndexColumns? indexColumns = EmbeddedIndexColumns.For(kind.CollectionName);

    private string IndexSetList => indexColumns?.SetList ?? "";

    public DocumentKind<TDocument> Kind => kind;

    public async Task<UpsertOutcome> UpsertAsync(TDocument document, CancellationToken cancellationToken = default)
    {
        using var activity = StoreTelemetry.Start("upsert", store.Engine, kind.CollectionName);
        kind.EnsureValid(document);
        await using var connection = await store.OpenAsync(cancellationToken);
        // Immediate: take the write lock before reading, so two racing upserts of one key serialise.
        await using var transaction = connection.BeginTransaction(deferred: false);
        var outcome = await UpsertCoreAsync(connection, transaction, document, keepIncomingId: true, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await store.PurgeExpiredAsync(kind, cancellationToken);
        return outcome;
    }

    public async Task<BulkUpsertResult> UpsertManyAsync(IReadOnlyCollection<TDocument> documents, CancellationToken cancellationToken = default)
    {
        using var activity = StoreTelemetry.Start("upsert_many", store.Engine, kind.CollectionName);
        BulkWrites.EnsureKeyed(kind);
        // Every page is checked before the first is written, so a bad document leaves no earlier page behind.
        kind.EnsureValid(documents);
        var total = BulkUpsertResult.Nothing;
        foreach (var batch in documents.Chunk(DocumentBatches.UpsertBatchSize))
        {
            await using var connection = await store.OpenAsync(cancellationToken);
            // One transaction per batch: one fsync for the page instead of one per document, and the page is stored whole or not at all.
            await using var transaction = connection.BeginTransaction(deferred: false);
            var result = BulkUpsertResult.Nothing;
            foreach (var document in batch)
            {
                result += BulkUpsertResult.Of(await UpsertCoreAsync(connection, transaction, document, keepIncomingId: false, cancellationToken));
            }
            await transaction.CommitAsync(cancellationToken);
            total += result;
        }
        return total;
    }

    /// <param name="keepIncomingId">
    /// Whether a new document keeps an <c>_id</c> it came with (a single upsert does; a bulk upsert,
    /// like MongoDB's, gives it a new one).
    /// </param>
    private async Task<UpsertOutcome> UpsertCoreAsync(SqliteConnection connection, SqliteTransaction transaction, TDocument document,
        bool keepIncomingId, CancellationToken cancellationToken)
    {
        var naturalKey = NaturalKeys.Encode(kind.NaturalKeyOf(document));
        string? existingId = null;
        byte[]? existingBytes = null;
        string? existingOwner = null;
        await using (var select = Command(connection, transaction, $"SELECT id, doc, owner_id FROM {table} WHERE natural_key = $key;"))
        {
            select.Parameters.AddWithValue("$key", naturalKey);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                existingId = reader.GetString(0);
                existingBytes = (byte[])reader[1];
                existingOwner = reader.GetString(2);
            }
        }

        if (existingId is not null)
        {
            kind.SetId(document, ObjectId.Parse(existingId));
            if (existingOwner != OwnerOf(document))
            {
                // Stored under another owner (a natural key that does not start with the owner): never replaced, as on MongoDB.
                throw new DocumentConflictException(kind.CollectionName, existingId);
            }
            var bytes = Serialize(document);
            if (existingBytes is not null && bytes.AsSpan().SequenceEqual(existingBytes))
            {
                return UpsertOutcome.Unchanged;
            }

            await using var update = Command(connection, transaction, $"UPDATE {table} SET doc = $doc, owner_id = $owner{IndexSetList} WHERE id = $id;");
            update.Parameters.AddWithValue("$doc", bytes);
            update.Parameters.AddWithValue("$owner", OwnerOf(document));
            update.Parameters.AddWithValue("$id", existingId);
            indexColumns?.Bind(update, bytes);
            await update.ExecuteNonQueryAsync(cancellationToken);
            return UpsertOutcome.Updated;
        }

        if (!keepIncomingId)
        {
            kind.SetId(document, ObjectId.GenerateNewId());
        }
        await InsertCoreAsync(connection, transaction, document, naturalKey, cancellationToken);
        return UpsertOutcome.Inserted;
    }

    public async Task InsertAsync(TDocument document, CancellationToken cancellationToken = default)
    {
        using var activity = StoreTelemetry.Start("insert", store.Engine, kind.CollectionName);
        kind.EnsureValid(document);
        await using var connection = await store.OpenAsync(cancellationToken);
        await InsertCoreAsync(connection, null, document, naturalKey: null, cancellationToken);
        await store.PurgeExpiredAsync(kind, cancellationToken);
    }

    public async Task InsertManyAsync(IReadOnlyCollection<TDocument> documents, CancellationToken cancellationToken = default)
    {
        using var activity = StoreTelemetry.Start("insert_many", store.Engine, kind.CollectionName);
        if (documents.Count == 0)
        {
            return;
        }
        kind.EnsureValid(documents);
        await using var connection = await store.OpenAsync(cancellationToken);
        // One transaction: one fsync for the batch instead of one per document, and all-or-nothing.
        await using var transaction = connection.BeginTransaction(deferred: false);
        foreach (var document in documents)
        {
            await InsertCoreAsync(connection, transaction, document, naturalKey: null, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task InsertCoreAsync(SqliteConnection connection, SqliteTransaction? transaction, TDocument document, string? naturalKey, CancellationToken cancellationToken)
    {
        if (kind.GetId(document) == ObjectId.Empty)
        {
            kind.SetId(document, ObjectId.GenerateNewId());
        }
        var id = kind.GetId(document).ToString();
        naturalKey ??= NaturalKeys.Encode(kind.NaturalKeyOf(document));

        await using var insert = Command(connection, transaction,
            $"INSERT INTO {table} (id, natural_key, owner_id, doc{indexColumns?.InsertColumns}) VALUES ($id, $key, $owner, $doc{indexColumns?.InsertValues});");
        var bytes = Serialize(document);
        insert.Parameters.AddWithValue("$id", id);
        insert.Parameters.AddWithValue("$key", naturalKey);
        insert.Parameters.AddWithValue("$owner", OwnerOf(document));
        insert.Parameters.AddWithValue("$doc", bytes);
        indexColumns?.Bind(insert, bytes);
        try
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException exception) when (exception.SqliteErrorCode == 19 /* SQLITE_CONSTRAINT */)
        {
            throw new DocumentConflictException(kind.CollectionName, id, exception);
        }
    }

    public async Task<TDocument?> FindByKeyAsync(IReadOnlyList<BsonValue> naturalKey, CancellationToken cancellationToken = default)
    {
        using var activity = StoreTelemetry.Start("find_by_key", store.Engine, kind.CollectionName);
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var select = Command(connection, null, $"SELECT doc FROM {table} WHERE natural_key = $key;");
        select.Parameters.AddWithValue("$key", NaturalKeys.Encode(naturalKey));
        var bytes = (byte[]?)await select.ExecuteScalarAsync(cancellationToken);
        return bytes is null ? null : Deserialize(bytes);
    }

    public async Task<IReadOnlyList<TDocument>> FindAsync(ObjectId ownerId, Expression<Func<TDocument, bool>>? filter = null, CancellationToken cancellationToken = default)
    {
        using var activity = StoreTelemetry.Start("find", store.Engine, kind.CollectionName);
        var documents = await ReadOwnerAsync(ownerId, cancellationToken);
        if (filter is null)
        {
            return documents.Select(entry => entry.Document).ToList();
        }
        var predicate = ExpressionCache<TDocument>.Compile(filter);
        return documents.Select(entry => entry.Document).Where(predicate).ToList();
    }

    public async Task<long> DeleteAsync(ObjectId ownerId, Expression<Func<TDocument, bool>>? filter = null, CancellationToken cancellationToken = default)
    {
        using var activity = StoreTelemetry.Start("delete", store.Engine, kind.CollectionName);
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);

        if (filter is null)
        {
            await using var deleteAll = Command(connection, transaction, $"DELETE FROM {table} WHERE owner_id = $owner;");
            deleteAll.Parameters.AddWithValue("$owner", ownerId.ToString());
            var removed = await deleteAll.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return removed;
        }

        // Read and delete inside one write transaction, so nothing matching slips in between.
        var predicate = ExpressionCache<TDocument>.Compile(filter);
        var doomed = (await ReadOwnerAsync(ownerId, cancellationToken, connection, transaction))
            .Where(entry => predicate(entry.Document))
            .Select(entry => entry.Id)
            .ToList();
        long count = 0;
        foreach (var id in doomed)
        {
            await using var delete = Command(connection, transaction, $"DELETE FROM {table} WHERE id = $id;");
            delete.Parameters.AddWithValue("$id", id);
            count += await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return count;
    }

    public async Task<bool> TryReplaceAsync(TDocument document, Expression<Func<TDocument, bool>> precondition, CancellationToken cancellationToken = default)
    {
        using var activity = StoreTelemetry.Start("replace_if", store.Engine, kind.CollectionName);
        kind.EnsureValid(document);
        var id = kind.GetId(document).ToString();
        await using var connection = await store.OpenAsync(cancellationToken);
        // The check and the write happen under one write lock, as MongoDB's filtered replace does.
        await using var transaction = connection.BeginTransaction(deferred: false);
        // The same owner too, as on MongoDB: a replace never reaches another customer's document.
        await using (var select = Command(connection, transaction, $"SELECT doc FROM {table} WHERE id = $id AND owner_id = $owner;"))
        {
            select.Parameters.AddWithValue("$id", id);
            select.Parameters.AddWithValue("$owner", OwnerOf(document));
            var storedBytes = (byte[]?)await select.ExecuteScalarAsync(cancellationToken);
            if (storedBytes is null || !ExpressionCache<TDocument>.Compile(precondition)(Deserialize(storedBytes)))
            {
                return false;
            }
        }

        await using var update = Command(connection, transaction, $"UPDATE {table} SET doc = $doc, owner_id = $owner, natural_key = $key{IndexSetList} WHERE id = $id;");
        var bytes = Serialize(document);
        update.Parameters.AddWithValue("$doc", bytes);
        update.Parameters.AddWithValue("$owner", OwnerOf(document));
        update.Parameters.AddWithValue("$key", NaturalKeys.Encode(kind.NaturalKeyOf(document)));
        update.Parameters.AddWithValue("$id", id);
        indexColumns?.Bind(update, bytes);
        await update.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<TDocument>> FindAcrossOwnersAsync(Expression<Func<TDocument, bool>> filter, int limit, CancellationToken cancellationToken = default)
    {
        using var activity = StoreTelemetry.Start("find_across_owners", store.Engine, kind.CollectionName);
        var predicate = ExpressionCache<TDocument>.Compile(filter);
        var matches = new List<TDocument>();
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var select = Command(connection, null, $"SELECT doc FROM {table};");
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (matches.Count < limit && await reader.ReadAsync(cancellationToken))
        {
            var document = Deserialize((byte[])reader[0]);
            if (predicate(document))
            {
                matches.Add(document);
            }
        }
        return matches;
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var count = Command(connection, null, $"SELECT count(*) FROM {table};");
        return (long)(await count.ExecuteScalarAsync(cancellationToken) ?? 0L);
    }

    public async IAsyncEnumerable<BsonDocument> ExportAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var select = Command(connection, null, $"SELECT doc FROM {table} ORDER BY id;");
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return BsonSerializer.Deserialize<BsonDocument>((byte[])reader[0]);
        }
    }

    private async Task<List<(string Id, TDocument Document)>> ReadOwnerAsync(
        ObjectId ownerId, CancellationToken cancellationToken, SqliteConnection? connection = null, SqliteTransaction? transaction = null)
    {
        var ownConnection = connection is null;
        connection ??= await store.OpenAsync(cancellationToken);
        try
        {
            await using var select = Command(connection, transaction, $"SELECT id, doc FROM {table} WHERE owner_id = $owner;");
            select.Parameters.AddWithValue("$owner", ownerId.ToString());
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            var documents = new List<(string, TDocument)>();
            while (await reader.ReadAsync(cancellationToken))
            {
                documents.Add((reader.GetString(0), Deserialize((byte[])reader[1])));
            }
            return documents;
        }
        finally
        {
            if (ownConnection)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private string OwnerOf(TDocument document) => kind.Owner.Read(document).ToString() ?? "";

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static byte[] Serialize(TDocument document) => document.ToBson();

    private static TDocument Deserialize(byte[] bytes) => BsonSerializer.Deserialize<TDocument>(bytes);
}
