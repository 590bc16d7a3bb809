using DotNet.Testcontainers.Builders;
using Testcontainers.MongoDb;

namespace LeafyBank.Tests.Core.Persistence;

/// <summary>Gives each test a fresh, initialised store of one engine; says why when that engine is not available.</summary>
public interface IStoreFixture
{
    string Engine { get; }

    /// <summary>Null when the engine can be used; otherwise why its tests are skipped.</summary>
    string? SkipReason { get; }

    /// <summary>A new, empty, initialised store; the test is skipped with <see cref="SkipReason"/> when there is one.</summary>
    Task<IDocumentStore> CreateStoreAsync();

    /// <summary>A second handle on the same data, as a restarted app would open it.</summary>
    Task<IDocumentStore> ReopenAsync(IDocumentStore store);
}

/// <summary>
/// The embedded engine in a fresh temporary directory per store: always available. The one way a
/// test gets "a fresh store" (as a class fixture); only tests of the engine's own files (durability,
/// migration, file modes, expiry on its clock) open a <see cref="SqliteDocumentStore"/> themselves.
/// </summary>
public sealed class EmbeddedStoreFixture : IStoreFixture, IAsyncDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "leafybank-tests", Guid.NewGuid().ToString("N"));
    private readonly ConcurrentBag<IDocumentStore> opened = [];

    public string Engine => StoreEngines.Embedded;
    public string? SkipReason => null;

    public async Task<IDocumentStore> CreateStoreAsync() => await OpenAsync(Path.Combine(root, Guid.NewGuid().ToString("N")));

    public async Task<IDocumentStore> ReopenAsync(IDocumentStore store) => await OpenAsync(((SqliteDocumentStore)store).DataDirectory);

    private async Task<SqliteDocumentStore> OpenAsync(string directory)
    {
        var store = new SqliteDocumentStore(directory);
        opened.Add(store);
        await store.InitializeAsync(Xunit.TestContext.Current.CancellationToken);
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        // Disposing twice is harmless: a test may already have closed its store.
        foreach (var store in opened)
        {
            await store.DisposeAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temporary directory left behind (or never made) does no harm.
        }
    }
}

/// <summary>
/// MongoDB for the contract suite: the server named by <c>LEAFYBANK_TEST_MONGODB_URI</c>, else a
/// Testcontainers MongoDB (pinned image) when Docker is available, else skipped with the reason.
/// Every store gets its own database, dropped when the test class is done. The app's MongoDB
/// settings apply (Stable API V1 declared); <c>LEAFYBANK_TEST_MONGODB_STABLE_API=off</c> runs the
/// suite against a server or wire-compatible emulation that does not speak the Stable API.
/// </summary>
public sealed class MongoStoreFixture : IStoreFixture, IAsyncLifetime
{
    public const string UriVariable = "LEAFYBANK_TEST_MONGODB_URI";
    public const string StableApiVariable = "LEAFYBANK_TEST_MONGODB_STABLE_API";
    public const string Image = "mongo:8.0.4";

    private readonly ConcurrentBag<string> databases = [];
    private MongoDbContainer? container;
    private string? connectionString;

    public string Engine => StoreEngines.MongoDb;
    public string? SkipReason { get; private set; }

    public async ValueTask InitializeAsync()
    {
        connectionString = Environment.GetEnvironmentVariable(UriVariable);
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return;
        }

        try
        {
            container = new MongoDbBuilder(Image).Build();
            await container.StartAsync();
            connectionString = container.GetConnectionString();
        }
        catch (Exception exception) when (exception is DockerUnavailableException or InvalidOperationException or TimeoutException or AggregateException)
        {
            SkipReason = $"MongoDB tests need {UriVariable} or a Docker engine ({exception.GetType().Name}: {exception.Message.Split('\n')[0]})";
        }
    }

    /// <summary>The Stable API choice of <see cref="StableApiVariable"/> (unset: the app's default, V1 declared).</summary>
    public static MongoDbSettings Settings =>
        Environment.GetEnvironmentVariable(StableApiVariable) is { Length: > 0 } stableApi ? new MongoDbSettings { StableApi = stableApi } : MongoDbSettings.Default;

    /// <summary>
    /// The configuration that puts a whole app (a web test host) on the server named by
    /// <see cref="UriVariable"/>: its URI, a fresh database named from <paramref name="databasePrefix"/>,
    /// and the Stable API choice of <see cref="StableApiVariable"/>, as the store fixtures use it.
    /// </summary>
    public static Dictionary<string, string> AppSettings(string uri, string databasePrefix) => new()
    {
        [ConfigurationKeys.MongoUri] = uri,
        [ConfigurationKeys.MongoDatabase] = $"{databasePrefix}{Guid.NewGuid():N}"[..30],
        [ConfigurationKeys.MongoStableApi] = Settings.StableApi,
    };

    public Task<IDocumentStore> CreateStoreAsync() => CreateStoreAsync(configureClient: null);

    /// <summary>A new store whose client settings the test may change (e.g. to subscribe to command events).</summary>
    public Task<IDocumentStore> CreateStoreAsync(Action<MongoClientSettings>? configureClient)
    {
        var name = $"lb_test_{Guid.NewGuid():N}"[..30];
        databases.Add(name);
        return OpenAsync(name, configureClient);
    }

    public Task<IDocumentStore> ReopenAsync(IDocumentStore store) => OpenAsync(((MongoDocumentStore)store).Database.DatabaseNamespace.DatabaseName);

    private async Task<IDocumentStore> OpenAsync(string database, Action<MongoClientSettings>? configureClient = null)
    {
        if (SkipReason is { } reason)
        {
            Assert.Skip(reason);
        }
        var store = new MongoDocumentStore(connectionString!, database, TimeSpan.FromSeconds(10), configureClient, Settings);
        await store.InitializeAsync(Xunit.TestContext.Current.CancellationToken);
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        if (connectionString is not null && SkipReason is null)
        {
            using var client = new MongoClient(connectionString);
            foreach (var database in databases)
            {
                await client.DropDatabaseAsync(database);
            }
        }
        if (container is not null)
        {
            await container.DisposeAsync();
        }
    }
}
