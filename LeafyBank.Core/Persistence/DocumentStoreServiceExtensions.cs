using LeafyBank.Core.Configuration;
using LeafyBank.Core.Persistence.Embedded;
using LeafyBank.Core.Persistence.MongoDb;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MongoDB.Driver;

namespace LeafyBank.Core.Persistence;

public static class DocumentStoreServiceExtensions
{
    /// <summary>
    /// The engine chosen by configuration, registered as itself (the per-engine read models are
    /// built from it) and as <see cref="IDocumentStore"/>. Throws <see cref="ConfigurationException"/>
    /// naming the key of a bad setting.
    /// </summary>
    public static IHostApplicationBuilder AddDocumentStore(this IHostApplicationBuilder builder)
    {
        // Bound and checked now: the engine must be known to register it (ValidateOnStart checks again).
        var settings = StoreSettings.Register(builder.Services, builder.Configuration);
        // Checked on either engine, so a typo is found before the day MongoDB is switched on.
        var mongoSettings = builder.Services.AddValidatedSettings<MongoDbSettings, MongoDbSettingsValidator>(builder.Configuration, MongoDbSettings.Section);

        builder.Services.AddSingleton(TimeProvider.System);
        if (settings.UsesMongo)
        {
            // One client per process: it owns the connection pools and the server monitoring.
            builder.Services.AddSingleton(_ => MongoClientFactory.Create(settings.MongoUri!, mongoSettings));
            builder.Services.AddSingleton(services => new MongoDocumentStore(services.GetRequiredService<IMongoClient>(),
                settings.DatabaseName, mongoSettings, services.GetService<ILogger<MongoDocumentStore>>()));
            builder.Services.AddSingleton<IDocumentStore>(services => services.GetRequiredService<MongoDocumentStore>());
        }
        else
        {
            builder.Services.AddSingleton(services => new SqliteDocumentStore(settings.DataDirectory, services.GetRequiredService<TimeProvider>()));
            builder.Services.AddSingleton<IDocumentStore>(services => services.GetRequiredService<SqliteDocumentStore>());
        }
        return builder;
    }

    /// <summary>
    /// The engine <see cref="AddDocumentStore"/> registered, which the per-engine read models are
    /// built from (a test may put a decorator in front of <see cref="IDocumentStore"/>; the read
    /// models still query the engine underneath).
    /// </summary>
    public static IDocumentStore GetStoreEngine(this IServiceProvider services) =>
        (IDocumentStore?)services.GetService<MongoDocumentStore>() ?? services.GetRequiredService<SqliteDocumentStore>();

    /// <summary>The engine's own implementation of a read model (each read model's <c>For</c> picks with this).</summary>
    public static TQuery ForEngine<TQuery>(this IDocumentStore store, Func<MongoDocumentStore, TQuery> mongo, Func<SqliteDocumentStore, TQuery> embedded) =>
        store switch
        {
            MongoDocumentStore mongoStore => mongo(mongoStore),
            SqliteDocumentStore embeddedStore => embedded(embeddedStore),
            _ => throw new NotSupportedException($"The read models run on the MongoDB or the embedded engine, not on {store.GetType().Name}."),
        };
}
