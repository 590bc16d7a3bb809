using System.Diagnostics;
using LeafyBank.Core.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MongoDB.Bson;
using MongoDB.Driver;

namespace LeafyBank.Core.Persistence.MongoDb;

/// <summary>
/// The MongoDB engine: the app's one <see cref="IMongoClient"/>, typed collections over the
/// shared class maps, explicitly named indexes created idempotently at start-up. Natural-key
/// unique indexes plus replace-by-id upserts keep data whole under concurrency and retries on
/// every topology; where the server has multi-document transactions (a replica set or sharded
/// cluster, detected at start-up) <see cref="RunInTransactionAsync{T}"/> also makes a caller's
/// writes commit together.
/// </summary>
public sealed partial class MongoDocumentStore : IDocumentStore
{
    /// <summary>
    /// Consents, tokens, sessions (and why one ended everywhere), the ledger and the key ring: what must survive a failover once
    /// acknowledged.
    /// </summary>
    private static readonly HashSet<string> DurableCollections =
    [
        OpenFinanceCollections.Consents.CollectionName,
        OpenFinanceCollections.Tokens.CollectionName,
        OpenFinanceCollections.Sessions.CollectionName,
        OpenFinanceCollections.EndedSessions.CollectionName,
        OpenFinanceCollections.AuditEvents.CollectionName,
        OpenFinanceCollections.DataProtectionKeys.CollectionName,
    ];

    private readonly IMongoClient client;
    private readonly bool ownsClient;
    private readonly IMongoDatabase database;
    private readonly MongoDbSettings mongoSettings;
    private readonly ILogger logger;
    private readonly Dictionary<string, object> collections = [];
    private readonly Lock collectionsGate = new();
    private readonly TimeSpan selectionTimeout;

    /// <param name="configureClient">
    /// Last say over the client settings before the client is built (e.g. the benchmark
    /// subscribes to command events there to count round trips).
    /// </param>
    public MongoDocumentStore(string connectionString, string databaseName, TimeSpan? serverSelectionTimeout = null,
        Action<MongoClientSettings>? configureClient = null, MongoDbSettings? settings = null)
        : this(CreateClient(connectionString, settings ?? MongoDbSettings.Default, serverSelectionTimeout, configureClient), databaseName, settings, logger: null)
    {
        ownsClient = true;
    }

    /// <summary>The store over the app's client (the DI singleton), which it does not dispose.</summary>
    public MongoDocumentStore(IMongoClient client, string databaseName, MongoDbSettings? settings = null, ILogger<MongoDocumentStore>? logger = null)
        : this(client, databaseName, settings, (ILogger?)logger)
    {
    }

    private MongoDocumentStore(IMongoClient client, string databaseName, MongoDbSettings? settings, ILogger? logger)
    {
        OpenFinanceBsonMapping.Register();
        this.client = client;
        this.logger = logger ?? NullLogger.Instance;
        mongoSettings = settings ?? MongoDbSettings.Default;
        selectionTimeout = client.Settings.ServerSelectionTimeout;
        database = client.GetDatabase(databaseName);
        // The host list, never the credentials, is what errors and /health show.
        Hosts = string.Join(",", client.Settings.Servers.Select(server => server.ToString()));
        Location = $"{Hosts}/{databaseName}";
        Failures = new MongoFailures(this);
    }

    public string Engine => StoreEngines.MongoDb;
    public string Location { get; }
    public string Hosts { get; }
    public IMongoDatabase Database => database;

    /// <summary>How this engine's failures reach callers: every collection, read model and transaction goes through it.</summary>
    internal MongoFailures Failures { get; }

    /// <summary>Known after <see cref="InitializeAsync"/>, from the server's <c>hello</c>.</summary>
    public TransactionCapability TransactionCapability { get; private set; } = TransactionCapability.Unknown;

    private static MongoClient CreateClient(string connectionString, MongoDbSettings settings, TimeSpan? serverSelectionTimeout,
        Action<MongoClientSettings>? configureClient)
    {
        var clientSettings = MongoClientFactory.CreateSettings(connectionString, settings, serverSelectionTimeout);
        configureClient?.Invoke(clientSettings);
        return new MongoClient(clientSettings);
    }

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await PingAsync(cancellationToken);
            var hello = await HelloAsync(cancellationToken);
            serverWireVersion = hello.TryGetValue("maxWireVersion", out var wire) && wire.IsNumeric ? wire.ToInt32() : 0;
            TransactionCapability = MongoTransactionCapability.FromHello(hello);
            // Not Describe(): it already holds the reason when unsupported, and the message adds it.
            LogTransactionCapability(logger, Hosts, TransactionCapability.Supported ? "supported" : "unsupported", TransactionCapability.Reason);
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

    /// <summary><c>hello</c> (MongoDB 4.4.2+), or the legacy <c>isMaster</c> with the same fields on an older server.</summary>
    private async Task<BsonDocument> HelloAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await database.RunCommandAsync((Command<BsonDocument>)"{ hello: 1 }", cancellationToken: cancellationToken);
        }
        catch (MongoCommandException)
        {
            try
            {
                return await database.RunCommandAsync((Command<BsonDocument>)"{ isMaster: 1 }", cancellationToken: cancellationToken);
            }
            catch (MongoCommandException)
            {
                // A server that answers neither is treated as a standalone: the idempotent path needs nothing from it.
                return [];
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MongoDB at {Hosts}: multi-document transactions {Capability} ({Reason}).")]
    private static partial void LogTransactionCapability(ILogger logger, string hosts, string capability, string reason);

    /// <summary>
    /// One transaction (snapshot reads, the durable write concern) where the server has them; the
    /// driver's <c>WithTransactionAsync</c> re-runs <paramref name="work"/> on a transient error
    /// (a write conflict, a failover) and retries the commit. Elsewhere <paramref name="work"/> runs
    /// once on the store's own collections.
    /// </summary>
    public Task<T> RunInTransactionAsync<T>(Func<ITransactionScope, CancellationToken, Task<T>> work, CancellationToken cancellationToken = default) =>
        // Starting the session and committing talk to the server outside the scope's collections.
        Failures.Translate(() => RunInTransactionCoreAsync(work, cancellationToken));

    private async Task<T> RunInTransactionCoreAsync<T>(Func<ITransactionScope, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        if (!TransactionCapability.Supported)
        {
            return await work(new StoreTransactionScope(this), cancellationToken);
        }
        using var activity = StoreTelemetry.Start("transaction", Engine, "multi");
        using var session = await client.StartSessionAsync(cancellationToken: cancellationToken);
        var options = new TransactionOptions(ReadConcern.Snapshot, ReadPreference.Primary, mongoSettings.DurableWriteConcern);
        return await session.WithTransactionAsync(
            (handle, token) => work(new MongoTransactionScope(this, handle), token), options, cancellationToken);
    }

    public IDocumentCollection<TDocument> Collection<TDocument>(DocumentKind<TDocument> kind) where TDocument : class
    {
        lock (collectionsGate)
        {
            if (!collections.TryGetValue(kind.CollectionName, out var collection))
            {
                collection = Failures.Translating(new MongoDocumentCollection<TDocument>(Engine, Writable(kind), kind));
                collections[kind.CollectionName] = collection;
            }
            return (IDocumentCollection<TDocument>)collection;
        }
    }

    internal IMongoCollection<TDocument> Typed<TDocument>(DocumentKind<TDocument> kind) where TDocument : class =>
        database.GetCollection<TDocument>(kind.CollectionName);

    /// <summary>The collection the app writes through: the durable write concern for the records that must survive a failover.</summary>
    internal IMongoCollection<TDocument> Writable<TDocument>(DocumentKind<TDocument> kind) where TDocument : class =>
        DurableCollections.Contains(kind.CollectionName)
            ? Typed(kind).WithWriteConcern(mongoSettings.DurableWriteConcern)
            : Typed(kind);

    /// <summary>The analyst's reads across customers go where the read preference sends them (secondaries, analytics nodes).</summary>
    internal IMongoCollection<TDocument> ForAnalytics<TDocument>(DocumentKind<TDocument> kind) where TDocument : class =>
        Typed(kind).WithReadPreference(mongoSettings.AnalyticsReadPreference);

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
            // A server that answers but refuses the handshake is not "no answer": with a declared
            // Stable API the driver's handshake is hello, which servers before MongoDB 5.0 (4.4.2
            // for hello itself) and wire-protocol emulations may not know.
            var handshake = HandshakeRefused().Match(message);
            if (handshake.Success)
            {
                var hint = mongoSettings.DeclaresStableApi
                    ? $"; a server without Stable API V1 needs {ConfigurationKeys.MongoStableApi}=off (MongoDb:StableApi)"
                    : "";
                return $"the server refused the connection handshake ({handshake.Groups["reason"].Value.Trim()}){hint}";
            }
            var cause = socket.Success ? socket.Groups["reason"].Value.Trim() : "no answer";
            return $"no server answered within {selectionTimeout.TotalSeconds:0.#} s: {cause}";
        }
        var end = message.IndexOfAny(['\r', '\n']);
        var firstLine = end < 0 ? message : message[..end];
        return firstLine.Length > 300 ? firstLine[..300] + "…" : firstLine;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(SocketException \(\d+\)|MongoAuthenticationException|AuthenticationException): (?<reason>[^\r\n""]+)")]
    private static partial System.Text.RegularExpressions.Regex SocketError();

    [System.Text.RegularExpressions.GeneratedRegex(@"MongoCommandException: (?<reason>Command (hello|isMaster|ismaster) failed: [^\r\n""]+)")]
    private static partial System.Text.RegularExpressions.Regex HandshakeRefused();

    public ValueTask DisposeAsync()
    {
        if (ownsClient)
        {
            client.Dispose();
        }
        return ValueTask.CompletedTask;
    }
}
