using LeafyBank.Core;
using Microsoft.Extensions.Hosting;

namespace LeafyBank.Tests.Core.Persistence;

/// <summary>How the client and collections are configured; none of this needs a server (nothing listens on port 9).</summary>
public sealed class MongoClientConfigurationTests
{
    private const string Nowhere = "mongodb://127.0.0.1:9";

    [Fact]
    public void The_client_declares_Stable_API_V1_without_strict_so_explain_still_runs()
    {
        var settings = MongoClientFactory.CreateSettings(Nowhere, MongoDbSettings.Default);

        Assert.Equal(ServerApiVersion.V1, settings.ServerApi.Version);
        Assert.False(settings.ServerApi.Strict ?? false);
        Assert.Equal(MongoClientFactory.DefaultServerSelectionTimeout, settings.ServerSelectionTimeout);
        Assert.Null(MongoClientFactory.CreateSettings(Nowhere, new MongoDbSettings { StableApi = "off" }).ServerApi);
    }

    [Fact]
    public async Task Consents_tokens_sessions_the_ledger_and_the_key_ring_are_written_with_majority_and_the_rest_with_the_default()
    {
        await using var store = new MongoDocumentStore(Nowhere, "render_only");

        Assert.Equal(WriteConcern.WMajority, store.Writable(OpenFinanceCollections.Consents).Settings.WriteConcern);
        Assert.Equal(WriteConcern.WMajority, store.Writable(OpenFinanceCollections.Tokens).Settings.WriteConcern);
        Assert.Equal(WriteConcern.WMajority, store.Writable(OpenFinanceCollections.Sessions).Settings.WriteConcern);
        Assert.Equal(WriteConcern.WMajority, store.Writable(OpenFinanceCollections.AuditEvents).Settings.WriteConcern);
        Assert.Equal(WriteConcern.WMajority, store.Writable(OpenFinanceCollections.DataProtectionKeys).Settings.WriteConcern);
        Assert.Equal(WriteConcern.Acknowledged, store.Writable(OpenFinanceCollections.ExternalTransactions).Settings.WriteConcern);
    }

    [Fact]
    public async Task The_configured_write_concern_and_analytics_read_preference_reach_the_collections()
    {
        var settings = new MongoDbSettings { WriteConcern = "2", AnalyticsReadMode = "secondary" };
        await using var store = new MongoDocumentStore(Nowhere, "render_only", settings: settings);

        Assert.Equal(new WriteConcern(2), store.Writable(OpenFinanceCollections.Consents).Settings.WriteConcern);
        Assert.Equal(ReadPreferenceMode.Secondary, store.ForAnalytics(OpenFinanceCollections.ExternalAccounts).Settings.ReadPreference.ReadPreferenceMode);
        // Customers' own reads stay on the primary: they must see what they just changed.
        Assert.Equal(ReadPreferenceMode.Primary, store.Typed(OpenFinanceCollections.ExternalAccounts).Settings.ReadPreference.ReadPreferenceMode);
    }

    [Fact]
    public async Task Before_it_has_seen_its_server_the_store_claims_no_transactions()
    {
        await using var store = new MongoDocumentStore(Nowhere, "render_only");

        Assert.False(store.TransactionCapability.Supported);
        var ran = await store.RunInTransactionAsync((scope, _) => Task.FromResult(scope.IsAtomic), Xunit.TestContext.Current.CancellationToken);
        Assert.False(ran);
    }

    [Fact]
    public async Task With_MONGODB_URI_the_app_registers_one_client_that_the_store_uses_and_does_not_dispose()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection([
            new(ConfigurationKeys.MongoUri, Nowhere),
            new(ConfigurationKeys.AnalyticsReadPreference, "secondary"),
        ]);
        builder.AddLeafyBankCore();
        await using var services = builder.Services.BuildServiceProvider();

        var client = services.GetRequiredService<IMongoClient>();
        Assert.Same(client, services.GetRequiredService<IMongoClient>());
        Assert.Equal(ServerApiVersion.V1, client.Settings.ServerApi.Version);
        var store = Assert.IsType<MongoDocumentStore>(services.GetRequiredService<IDocumentStore>());
        Assert.Same(client, store.Database.Client);
        Assert.Equal(ReadPreferenceMode.Secondary, store.ForAnalytics(OpenFinanceCollections.Consents).Settings.ReadPreference.ReadPreferenceMode);

        await store.DisposeAsync();
        // Still usable: the container, not the store, owns the client.
        Assert.NotNull(client.GetDatabase("still_usable"));
    }

    [Fact]
    public void A_bad_analytics_read_preference_stops_registration_naming_the_key()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection([new(ConfigurationKeys.AnalyticsReadPreference, "analytics")]);

        var exception = Assert.Throws<ConfigurationException>(() => builder.AddLeafyBankCore());

        Assert.Equal(ConfigurationKeys.AnalyticsReadPreference, exception.Key);
    }
}
