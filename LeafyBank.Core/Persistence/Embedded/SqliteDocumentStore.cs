using System.Diagnostics;
using LeafyBank.Core.Configuration;
using LeafyBank.Core.Security;
using LeafyBank.Core.Transactions;
using Microsoft.Data.Sqlite;

namespace LeafyBank.Core.Persistence.Embedded;

/// <summary>
/// The embedded default engine: one SQLite database file in <c>LEAFYBANK_DATA_DIR</c>, one
/// table per collection holding the documents as BSON (serialised by the same class maps
/// MongoDB uses), a unique natural-key column and an indexed owner column. WAL journaling
/// with synchronous=FULL makes every committed write survive a killed process; SQLite's
/// locking plus immediate transactions keep concurrent circuits consistent.
/// </summary>
public sealed class SqliteDocumentStore : IDocumentStore
{
    public const string DatabaseFileName = "leafybank.db";

    private readonly string connectionString;
    private readonly Dictionary<string, object> collections = [];
    private readonly Lock collectionsGate = new();

    public SqliteDocumentStore(string dataDirectory)
    {
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
        Analytics = new EmbeddedAnalyticsQuery(this);
        Positions = new EmbeddedPositionQuery(this);
        Transactions = new EmbeddedTransactionQuery(this);
        CashFlow = new EmbeddedCashFlowQuery(this);
        History = new EmbeddedPositionHistoryStore(this);
        OpenFinanceBsonMapping.Register();
    }

    public string Engine => StoreEngines.Embedded;
    public string DataDirectory { get; }
    public string DatabasePath { get; }
    public string Location => DatabasePath;
    public IPositionQuery Positions { get; }
    public Analytics.IAnalyticsQuery Analytics { get; }
    public ITransactionStoreQuery Transactions { get; }
    public ICashFlowStoreQuery CashFlow { get; }
    public Position.IPositionHistoryStore History { get; }

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
                collection = new SqliteDocumentCollection<TDocument>(this, kind);
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

    internal static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public ValueTask DisposeAsync()
    {
        // Pooled connections keep the file open; release this store's pool (only) so the directory can be removed or reopened.
        using var connection = new SqliteConnection(connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }
}
