using System.Diagnostics;
using LeafyBank.Core.Configuration;
using LeafyBank.Core.Transactions;
using MongoDB.Bson;
using MongoDB.Driver;

namespace LeafyBank.Core.Persistence.MongoDb;

/// <summary>
/// The MongoDB engine: one <see cref="MongoClient"/> for the app, typed collections over the
/// shared class maps, explicitly named indexes created idempotently at start-up. Nothing here
/// needs multi-document transactions (standalone servers have none): natural-key unique
/// indexes plus replace-by-id upserts keep data whole under concurrency and retries.
/// </summary>
public sealed partial class MongoDocumentStore : IDocumentStore
{
    private readonly MongoClient client;
    private readonly IMongoDatabase database;
    private readonly Dictionary<string, object> collections = [];
    private readonly Lock collectionsGate = new();
    private readonly TimeSpan selectionTimeout;

    /// <param name="configureClient">
    /// Last say over the client settings before the client is built (e.g. the benchmark
    /// subscribes to command events there to count round trips).
    /// </param>
    public MongoDocumentStore(string connectionString, string databaseName, TimeSpan? serverSelectionTimeout = null,
        Action<MongoClientSettings>? configureClient = null)
    {
        OpenFinanceBsonMapping.Register();
        var url = MongoUrl.Create(connectionString);
        var settings = MongoClientSettings.FromUrl(url);
        // Fail fast with a clear message instead of the driver's 30 s default when the server is unreachable.
        selectionTimeout = serverSelectionTimeout ?? TimeSpan.FromSeconds(8);
        settings.ServerSelectionTimeout = selectionTimeout;
        settings.ConnectTimeout = TimeSpan.FromSeconds(5);
        settings.ApplicationName ??= "LeafyBank";
        configureClient?.Invoke(settings);
        client = new MongoClient(settings);
        database = client.GetDatabase(databaseName);
        // The host list, never the credentials, is what errors and /health show.
        Location = $"{string.Join(",", url.Servers.Select(server => server.ToString()))}/{databaseName}";
        Hosts = string.Join(",", url.Servers.Select(server => server.ToString()));
        Analytics = new MongoAnalyticsQuery(this);
        Positions = new MongoPositionQuery(this);
        Transactions = new MongoTransactionQuery(this);
        CashFlow = new MongoCashFlowQuery(this);
        History = new MongoPositionHistoryStore(this);
    }

    public string Engine => StoreEngines.MongoDb;
    public string Location { get; }
    public string Hosts { get; }
    public IPositionQuery Positions { get; }
    public Analytics.IAnalyticsQuery Analytics { get; }
    public ITransactionStoreQuery Transactions { get; }
    public ICashFlowStoreQuery CashFlow { get; }
    public Position.IPositionHistoryStore History { get; }
    public IMongoDatabase Database => database;

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await PingAsync(cancellationToken);
            foreach (var kind in OpenFinanceCollections.All)
            {
                await CreateTimeSeriesIfPossibleAsync(kind, cancellationToken);
                await ApplyValidatorAsync(kind, cancellationToken);
                await CreateIndexesAsync(kind, cancellationToken);
            }
        }
        catch (Exception exception) when (exception is TimeoutException or MongoException)
        {
            throw new StoreUnavailableException(
                $"MongoDB at {Hosts} is not reachable ({Describe(exception)}). " +
                $"Check {ConfigurationKeys.MongoUri}, that the server is running and that this machine may connect to it; " +
                $"unset {ConfigurationKeys.MongoUri} to use the embedded store instead.", exception);
        }
    }

    private async Task CreateIndexesAsync(IDocumentKind kind, CancellationToken cancellationToken)
    {
        var indexes = database.GetCollection<BsonDocument>(kind.CollectionName).Indexes;
        var models = new List<CreateIndexModel<BsonDocument>>();
        // An owner that is the _id itself (users) is served by MongoDB's own _id_ index; asking for
        // the same key under another name is refused (IndexOptionsConflict) and would fail start-up.
        if (kind.OwnerPath != "_id")
        {
            models.Add(new(Keys([kind.OwnerPath]), new CreateIndexOptions { Name = kind.OwnerIndexName }));
        }
        // A time series cannot have a unique index; its writer keeps the natural key instead.
        if (kind.NaturalKeyPaths.Count > 0 && !IsTimeSeries(kind.CollectionName))
        {
            models.Add(new(Keys(kind.NaturalKeyPaths), new CreateIndexOptions { Name = kind.NaturalKeyIndexName, Unique = true }));
        }
        if (kind.ExpiresAtPath is { } expiresAt)
        {
            // expireAfterSeconds 0: the TTL monitor (every 60 s) removes a document once the date in the field has passed.
            models.Add(new(Keys([expiresAt]), new CreateIndexOptions { Name = kind.ExpiryIndexName, ExpireAfter = TimeSpan.Zero }));
        }
        models.AddRange(kind.SecondaryIndexes.Select(index =>
            new CreateIndexModel<BsonDocument>(Keys(index.Fields), new CreateIndexOptions { Name = index.Name, Unique = index.Unique })));
        // createIndexes is idempotent for identical definitions with the same names.
        await indexes.CreateManyAsync(models, cancellationToken);
        await RetireIndexesAsync(kind, cancellationToken);
    }

    /// <summary>Index keys from paths; a leading '-' means descending.</summary>
    private static BsonDocumentIndexKeysDefinition<BsonDocument> Keys(IEnumerable<string> paths)
    {
        var keys = new BsonDocument();
        foreach (var path in paths)
        {
            keys.Add(path.StartsWith('-') ? path[1..] : path, path.StartsWith('-') ? -1 : 1);
        }
        return new BsonDocumentIndexKeysDefinition<BsonDocument>(keys);
    }

    public async Task<StoreHealth> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        try
        {
            await PingAsync(cancellationToken);
            return new StoreHealth(Engine, Location, true, null, stopwatch.Elapsed);
        }
        catch (Exception exception) when (exception is TimeoutException or MongoException)
        {
            return new StoreHealth(Engine, Location, false, Describe(exception), stopwatch.Elapsed);
        }
    }

    private Task<BsonDocument> PingAsync(CancellationToken cancellationToken) =>
        database.RunCommandAsync((Command<BsonDocument>)"{ ping: 1 }", cancellationToken: cancellationToken);

    public IDocumentCollection<TDocument> Collection<TDocument>(DocumentKind<TDocument> kind) where TDocument : class
    {
        lock (collectionsGate)
        {
            if (!collections.TryGetValue(kind.CollectionName, out var collection))
            {
                collection = new MongoDocumentCollection<TDocument>(Engine, database, kind);
                collections[kind.CollectionName] = collection;
            }
            return (IDocumentCollection<TDocument>)collection;
        }
    }

    internal IMongoCollection<TDocument> Typed<TDocument>(DocumentKind<TDocument> kind) where TDocument : class =>
        database.GetCollection<TDocument>(kind.CollectionName);

    /// <summary>
    /// A short reason for people: the driver's server-selection timeout embeds the whole cluster
    /// state; what matters is the socket or authentication error inside it.
    /// </summary>
    internal string Describe(Exception exception)
    {
        var message = exception.Message;
        var socket = SocketError().Match(message);
        if (exception is TimeoutException)
        {
            var cause = socket.Success ? socket.Groups["reason"].Value.Trim() : "no answer";
            return $"no server answered within {selectionTimeout.TotalSeconds:0} s: {cause}";
        }
        var end = message.IndexOfAny(['\r', '\n']);
        var firstLine = end < 0 ? message : message[..end];
        return firstLine.Length > 300 ? firstLine[..300] + "…" : firstLine;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(SocketException \(\d+\)|MongoAuthenticationException|AuthenticationException): (?<reason>[^\r\n""]+)")]
    private static partial System.Text.RegularExpressions.Regex SocketError();

    public ValueTask DisposeAsync()
    {
        client.Dispose();
        return ValueTask.CompletedTask;
    }
}
