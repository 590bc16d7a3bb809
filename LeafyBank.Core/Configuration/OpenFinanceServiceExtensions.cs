using LeafyBank.Core.Analytics;
using LeafyBank.Core.Persistence;
using LeafyBank.Core.Persistence.Embedded;
using LeafyBank.Core.Persistence.MongoDb;
using LeafyBank.Core.Position;
using LeafyBank.Core.Security;
using LeafyBank.Core.Seeding;
using LeafyBank.Core.Transactions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MongoDB.Driver;

namespace LeafyBank.Core.Configuration;

public static class OpenFinanceServiceExtensions
{
    /// <summary>
    /// Registers the document store chosen by configuration (MongoDB when <c>MONGODB_URI</c> is
    /// set, the embedded store otherwise), the position service and token encryption.
    /// Throws <see cref="ConfigurationException"/> naming the key of a bad setting.
    /// </summary>
    public static IHostApplicationBuilder AddOpenFinanceStore(this IHostApplicationBuilder builder)
    {
        // Bound and checked now: the engine must be known to register it (ValidateOnStart checks again).
        var settings = StoreSettings.Register(builder.Services, builder.Configuration);
        // Checked on either engine, so a typo is found before the day MongoDB is switched on.
        var mongoSettings = builder.Services.AddValidatedSettings<MongoDbSettings, MongoDbSettingsValidator>(builder.Configuration, MongoDbSettings.Section);
        var rates = ExchangeRateSettings.FromConfiguration(builder.Configuration);

        builder.Services.AddSingleton(rates);
        builder.Services.AddSingleton(TimeProvider.System);
        if (settings.UsesMongo)
        {
            // One client per process: it owns the connection pools and the server monitoring.
            builder.Services.AddSingleton(_ => MongoClientFactory.Create(settings.MongoUri!, mongoSettings));
        }
        builder.Services.AddSingleton<IDocumentStore>(services => settings.UsesMongo
            ? new MongoDocumentStore(services.GetRequiredService<IMongoClient>(), settings.DatabaseName, mongoSettings,
                services.GetService<ILogger<MongoDocumentStore>>())
            : new SqliteDocumentStore(settings.DataDirectory, services.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<GlobalPositionService>();
        builder.Services.AddSingleton<LeafyBank.Core.Customers.CustomerCache>();
        builder.Services.AddSingleton<LeafyBank.Core.Customers.CustomerPreferences>();
        builder.Services.AddValidatedSettings<AnalyticsSettings, AnalyticsSettingsValidator>(builder.Configuration, AnalyticsSettings.Section);
        builder.Services.AddSingleton<CrossCustomerAnalytics>();
        builder.Services.AddSingleton<ITransactionQuery, TransactionQuery>();
        builder.Services.AddSingleton<ICashFlowQuery, CashFlowQuery>();
        builder.Services.AddSingleton<PositionHistoryService>();
        builder.Services.AddSingleton<INetWorthHistoryReader>(services => services.GetRequiredService<PositionHistoryService>());

        // Token encryption keys live in the store, shared by every instance on the same database.
        builder.Services.AddDataProtection().SetApplicationName("LeafyBank");
        builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(services =>
            new ConfigureOptions<KeyManagementOptions>(options =>
                options.XmlRepository = new StoreXmlRepository(
                    services.GetRequiredService<IDocumentStore>(), services.GetRequiredService<TimeProvider>())));
        builder.Services.AddSingleton<TokenProtector>();

        // One per process: syncs publish to it, open dashboards of the same customer listen.
        builder.Services.AddSingleton<Notifications.PositionChangeNotifier>();
        return builder;
    }

    /// <summary>
    /// Prepares the store before the app serves anything: tables/indexes, then the personas.
    /// Throws <see cref="StoreUnavailableException"/> naming the host or path when it cannot.
    /// </summary>
    public static async Task InitializeOpenFinanceStoreAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        await store.InitializeAsync(cancellationToken);
        await Personas.EnsureSeededAsync(store, services.GetRequiredService<TimeProvider>(), cancellationToken);
    }
}
