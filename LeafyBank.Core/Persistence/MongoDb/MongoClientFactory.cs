using LeafyBank.Core.Configuration;
using MongoDB.Driver;

namespace LeafyBank.Core.Persistence.MongoDb;

/// <summary>The one way the app builds its <see cref="MongoClient"/> settings (the DI singleton, the CLI, tests and the benchmark).</summary>
public static class MongoClientFactory
{
    /// <summary>Fail fast with a clear message instead of the driver's 30 s default when the server is unreachable.</summary>
    public static readonly TimeSpan DefaultServerSelectionTimeout = TimeSpan.FromSeconds(8);

    public static MongoClientSettings CreateSettings(string connectionString, MongoDbSettings settings, TimeSpan? serverSelectionTimeout = null)
    {
        var clientSettings = MongoClientSettings.FromConnectionString(connectionString);
        clientSettings.ServerSelectionTimeout = serverSelectionTimeout ?? DefaultServerSelectionTimeout;
        clientSettings.ConnectTimeout = TimeSpan.FromSeconds(5);
        clientSettings.ApplicationName ??= "LeafyBank";
        if (settings.DeclaresStableApi)
        {
            // Not strict: strict V1 refuses explain (the index tests), $collStats/$indexStats and text indexes,
            // while the commands and stages the app sends (find, aggregate with $unionWith/$facet, bulk writes,
            // create/collMod with $jsonSchema, createIndexes, hello, transactions, change streams) are all in V1.
            clientSettings.ServerApi = new ServerApi(ServerApiVersion.V1, strict: false);
        }
        return clientSettings;
    }

    public static IMongoClient Create(string connectionString, MongoDbSettings settings) =>
        new MongoClient(CreateSettings(connectionString, settings));
}
