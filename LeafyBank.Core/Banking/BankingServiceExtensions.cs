using LeafyBank.Core.Banking.Authorization;
using LeafyBank.Core.Banking.Connectors;
using LeafyBank.Core.Banking.Sync;
using LeafyBank.Core.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LeafyBank.Core.Banking;

public static class BankingServiceExtensions
{
    public const string SyncIntervalKey = BankingSettings.SyncIntervalKey;
    public const string SyncEnabledKey = BankingSettings.SyncEnabledKey;

    /// <summary>
    /// Leafy Bank's side of the banks: the directory, consent and connection, tokens, the
    /// connectors, and the syncs (first sync after a grant, and the background schedule). The host
    /// says where the banks are (<paramref name="directoryUrl"/>) and as which client Leafy Bank
    /// talks to them (<paramref name="credentials"/>). Throws <see cref="ConfigurationException"/>
    /// naming a bad key.
    /// </summary>
    public static IHostApplicationBuilder AddBanking(this IHostApplicationBuilder builder,
        BankClientCredentials credentials, Func<IServiceProvider, Uri> directoryUrl)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;
        services.AddSingleton(credentials);
        services.AddHttpClient<BankOAuthClient>(client => client.Timeout = TimeSpan.FromSeconds(30));
        services.AddHttpClient(HttpBankDirectory.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(15));
        services.AddSingleton(provider => new BankDirectoryLocation(() => directoryUrl(provider)));
        services.AddSingleton<IBankDirectory, HttpBankDirectory>();
        services.AddSingleton<BankDiscoveryCache>();
        // One memory of the banks' DPoP nonces (RFC 9449 §8-9) for every OAuth client and connector of the process.
        services.AddSingleton<BankDpopNonces>();
        // Directory and discovery are read in the background, so no page waits on a bank for them.
        services.AddHostedService<BankWarmUp>();
        services.AddBankConnectors();
        services.AddSingleton<BankTokenService>();
        services.AddSingleton<ConnectionService>();
        services.AddSingleton<ConnectionOverview>();
        services.AddSingleton<LinkedDataEraser>();
        services.AddSingleton(SyncInstance.ForThisProcess());
        services.AddSingleton<SyncService>();
        // The first sync after a grant runs here, off the callback's request; one instance, so pages can ask it.
        services.AddSingleton<FirstSyncRunner>();
        services.AddHostedService(provider => provider.GetRequiredService<FirstSyncRunner>());

        var banking = services.AddValidatedSettings<BankingSettings, BankingSettingsValidator>(configuration, BankingSettings.Section);
        services.AddSingleton(new SyncSchedulerOptions(banking.SyncEnabled, TimeSpan.FromSeconds(banking.SyncIntervalSeconds)));
        services.AddHostedService<SyncScheduler>();
        return builder;
    }
}
