using System.Diagnostics;
using LeafyBank.Core.Configuration;
using LeafyBank.Core.Security;
using Microsoft.Data.Sqlite;

namespace LeafyBank.Core.Persistence.Embedded;

/// <summary>
/// The embedded default engine: one SQLite database file in <c>LEAFYBANK_DATA_DIR</c>, one
/// table per collection holding the documents as BSON (serialised by the same class maps
/// MongoDB uses), a unique natural-key column and an indexed owner column (and, for
/// transactions, the columns their pages seek and sort by: <see cref="EmbeddedIndexColumns"/>). WAL journaling
/// with synchronous=FULL makes every committed write survive a killed process; SQLite's
/// locking plus immediate transactions keep concurrent circuits consistent.
/// </summary>
public sealed class SqliteDocumentStore : IDocumentStore
{
    public const string DatabaseFileName = "leafybank.db";

    private readonly string connectionString;
    private readonly Dictionary<string, object> collections = [];
    private readonly Lock collectionsGate = new();
    private readonly TimeProvider? clock;

    /// <param name="clock">
    /// The app's clock, by which expired documents are judged and purged (see <see cref="PurgeExpiredAsync"/>).
    /// Without it nothing is purged: a store must not judge expiry by a clock other than the app's.
    /// </param>
    public SqliteDocumentStore(string dataDirectory, TimeProvider? clock = null)
    {
        this.clock = clock;
        DataDirectory = Path.GetFullPath(dataDirectory);
        DatabasePath = Path.Combine(DataDirectory, DatabaseFileName);
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // Writers queue behind each other for up to this long instead of failing with SQLITE_BUSY.
            DefaultTimeout = 30,
        }.ToString();
        OpenFinanceBsonMapping.Register();
        Failures = new SqliteFailures(this);
    }

    public string Engine => StoreEngines.Embedded;
    public string DataDirectory { get; }
    public string DatabasePath { get; }
    public string Location => DatabasePath;

    /// <summary>How this engine's failures reach callers: every collection and read model goes through it.</summary>
    internal SqliteFailures Failures { get; }

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            // Owner-only (0700/0600): the file holds every customer's data and the key ring.
            OwnerOnlyFiles.PrepareSqliteFile(DatabasePath);
            await using var connection = await OpenAsync(cancellationToken);
            await using (var journal = connection.CreateCommand())
            {
                // WAL is a property of the database file: set once, kept across restarts.
                journal.CommandText = "PRAGMA journal_mode=WAL;";
                await journal.ExecuteNonQueryAsync(cancellationToken);
            }

            foreach (var kind in OpenFinanceCollections.All)
            {
                await using var create = connection.CreateCommand();
                var table = Quote(kind.CollectionName);
                create.CommandText = $"""
                    CREATE TABLE IF NOT EXISTS {table} (
                        id TEXT NOT NULL PRIMARY KEY,
                        natural_key TEXT NOT NULL,
                        owner_id TEXT NOT NULL,
                        doc BLOB NOT NULL);
                    CREATE UNIQUE INDEX IF NOT EXISTS {Quote(kind.NaturalKeyIndexName)} ON {table} (natural_key);
                    CREATE INDEX IF NOT EXISTS {Quote(kind.OwnerIndexName)} ON {table} (owner_id);
                    """;
                await create.ExecuteNonQueryAsync(cancellationToken);
                if (EmbeddedIndexColumns.For(kind.CollectionName) is { } indexColumns)
                {
                    await indexColumns.MigrateAsync(connection, table, cancellationToken);
                }
            }

            foreach (var kind in OpenFinanceCollections.All.Where(kind => kind.ExpiresAtPath is not null))
            {
                await PurgeExpiredAsync(kind, cancellationToken);
            }
        }
        catch (Exception exception) when (exception is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new StoreUnavailableException(
                $"The embedded store at {DatabasePath} cannot be opened: {exception.Message} " +
                $"Check that {ConfigurationKeys.DataDirectory} points to a writable directory.", exception);
        }
    }

    public async Task<StoreHealth> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM sqlite_master;";
            await command.ExecuteScalarAsync(cancellationToken);
            return new StoreHealth(Engine, Location, true, null, stopwatch.Elapsed);
        }
        catch (Exception exception) when (exception is SqliteException or IOException or UnauthorizedAccessException)
        {
            return new StoreHealth(Engine, Location, false, exception.Message, stopwatch.Elapsed);
        }
    }

    public IDocumentCollection<TDocument> Collection<TDocument>(DocumentKind<TDocument> kind) where TDocument : class
    {
        lock (collectionsGate)
        {
            if (!collections.TryGetValue(kind.CollectionName, out var collection))
            {
                collection = Failures.Translating(new SqliteDocumentCollection<TDocument>(this, kind));
                collections[kind.CollectionName] = collection;
            }
            return (IDocumentCollection<TDocument>)collection;
        }
    }

    internal async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragmas = connection.CreateCommand();
        // FULL: a committed transaction is on disk before the call returns (per connection setting).
        pragmas.CommandText = "PRAGMA synchronous=FULL; PRAGMA foreign_keys=OFF;";
        await pragmas.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    /// <summary>
    /// Removes the documents of <paramref name="kind"/> whose <see cref="IDocumentKind.ExpiresAtPath"/>
    /// date has passed: what MongoDB's TTL index does there. Run at start-up and after every write
    /// to the collection, so expired documents never outlive the next new one. Such collections stay
    /// small (they are purged), so a scan is cheap.
    /// </summary>
    internal async Task<long> PurgeExpiredAsync(IDocumentKind kind, CancellationToken cancellationToken)
    {
        if (kind.ExpiresAtPath is not { } path || clock is null)
        {
            return 0;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var table = Quote(kind.CollectionName);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var expired = new List<string>();
        await using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = $"SELECT id, doc FROM {table};";
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var document = MongoDB.Bson.Serialization.BsonSerializer.Deserialize<MongoDB.Bson.BsonDocument>((byte[])reader[1]);
                if (ExpiresAt(document, path) is { } expiresAt && expiresAt <= now)
                {
                    expired.Add(reader.GetString(0));
                }
            }
        }
        foreach (var id in expired)
        {
            await using var delete = connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = $"DELETE FROM {table} WHERE id = $id;";
            delete.Parameters.AddWithValue("$id", id);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return expired.Count;
    }

    /// <summary>The date at a dotted path, as MongoDB's TTL monitor reads it (a missing or non-date field never expires).</summary>
    private static DateTime? ExpiresAt(MongoDB.Bson.BsonDocument document, string path)
    {
        MongoDB.Bson.BsonValue current = document;
        foreach (var part in path.Split('.'))
        {
            if (current is not MongoDB.Bson.BsonDocument level || !level.TryGetValue(part, out current))
            {
                return null;
            }
        }
        return current.IsValidDateTime ? current.ToUniversalTime() : null;
    }

    internal static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public ValueTask DisposeAsync()
    {
        // Pooled connections keep the file open; release this store's pool (only) so the directory can be removed or reopened.
        using var connection = new SqliteConnection(connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }
}
