using System.Security.Cryptography;
using LeafyBank.Core.Banking;
using LeafyBank.Core.Banking.Authorization;
using LeafyBank.Core.Banking.Connectors;
using LeafyBank.Core.Banking.Sync;
using LeafyBank.Core.Configuration;
using LeafyBank.Sandbox.Hosting;
using LeafyBank.Web.Components.Layout;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace LeafyBank.Web.Extensions;

/// <summary>
/// The external banks and Leafy Bank's side of talking to them. By default the bank sandbox is
/// served by this same process (one command runs everything); Leafy Bank still reaches it only
/// over HTTP, through the directory URL, exactly as it would reach a real bank elsewhere.
/// </summary>
public static class BankingExtensions
{
    public const string HostSandboxKey = BankingSettings.HostSandboxKey;
    public const string DirectoryUrlKey = BankingSettings.DirectoryUrlKey;
    public const string ClientIdKey = BankingSettings.ClientIdKey;
    public const string ClientSecretKey = BankingSettings.ClientSecretKey;
    public const string SyncIntervalKey = BankingSettings.SyncIntervalKey;
    public const string SyncEnabledKey = BankingSettings.SyncEnabledKey;

    public static WebApplicationBuilder AddBanking(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var banking = builder.Services.AddValidatedSettings<BankingSettings, BankingSettingsValidator>(configuration, BankingSettings.Section);
        var hostSandbox = banking.HostSandbox;
        var clientId = banking.ClientId;
        var clientSecret = banking.ClientSecret;
        var dataDirectory = StoreSettings.FromConfiguration(configuration).DataDirectory;
        // private_key_jwt at the banks' OAuth endpoints: one key pair per data directory, kept like the sandbox's signing keys.
        var clientKey = new BankClientKey(SandboxSigningKeys.LoadOrCreate(Path.Combine(dataDirectory, "keys"), "bank-client-key").Rsa);

        if (hostSandbox)
        {
            // The in-process sandbox and Leafy Bank must agree on the client's credentials: one
            // secret per data directory, generated on first start, never in the repository.
            clientSecret ??= LoadOrCreateLocalClientSecret(dataDirectory);
            configuration[SandboxSettings.DataDirectoryKey] ??= Path.Combine(dataDirectory, "sandbox");
            configuration["Sandbox:Client:ClientId"] ??= clientId;
            configuration["Sandbox:Client:ClientSecret"] ??= clientSecret;
            // The in-process banks register the public half at start-up; a real bank gets it out of band.
            configuration[SandboxSettings.ClientJwksKey] ??= clientKey.PublicJwks;
            builder.Services.AddSandboxBanks(configuration);
        }

        builder.Services.AddSingleton(new BankClientCredentials(clientId, clientSecret!, clientKey));
        builder.Services.AddHttpClient<BankOAuthClient>(client => client.Timeout = TimeSpan.FromSeconds(30));
        builder.Services.AddHttpClient(HttpBankDirectory.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(15));
        builder.Services.AddSingleton(services => new BankDirectoryLocation(() => DirectoryUrl(banking, services)));
        builder.Services.AddSingleton<IBankDirectory, HttpBankDirectory>();
        builder.Services.AddSingleton<BankDiscoveryCache>();
        // Directory and discovery are read in the background, so no page waits on a bank for them.
        builder.Services.AddHostedService<BankWarmUp>();
        builder.Services.AddBankConnectors();
        builder.Services.AddSingleton<BankTokenService>();
        builder.Services.AddSingleton<ConnectionService>();
        builder.Services.AddSingleton<ConnectionOverview>();
        builder.Services.AddSingleton<LinkedDataEraser>();
        // One per circuit: tells the banner and the Connections page that a connection changed.
        builder.Services.AddScoped<ConnectionChanges>();
        builder.Services.AddSingleton(SyncInstance.ForThisProcess());
        builder.Services.AddSingleton<SyncService>();
        // The first sync after a grant runs here, off the callback's request; one instance, so pages can ask it.
        builder.Services.AddSingleton<FirstSyncRunner>();
        builder.Services.AddHostedService(services => services.GetRequiredService<FirstSyncRunner>());

        builder.Services.AddSingleton(new SyncSchedulerOptions(banking.SyncEnabled, TimeSpan.FromSeconds(banking.SyncIntervalSeconds)));
        builder.Services.AddHostedService<SyncScheduler>();
        // Net worth over time: a snapshot per customer each day and after each sync.
        builder.Services.AddHostedService<LeafyBank.Core.Position.PositionHistoryRecorder>();
        // A sync finished on another instance refreshes the views open here (change stream, or polling sync_state).
        builder.Services.AddValidatedSettings<LeafyBank.Core.Notifications.LiveUpdateSettings, LeafyBank.Core.Notifications.LiveUpdateSettingsValidator>(
            configuration, LeafyBank.Core.Notifications.LiveUpdateSettings.Section);
        builder.Services.AddSingleton<LeafyBank.Core.Notifications.SyncStateChangeRelay>();
        builder.Services.AddHostedService(services => services.GetRequiredService<LeafyBank.Core.Notifications.SyncStateChangeRelay>());
        return builder;
    }

    /// <summary>The configured directory, or this process's own sandbox at its first listening address.</summary>
    private static Uri DirectoryUrl(BankingSettings banking, IServiceProvider services)
    {
        if (banking.DirectoryUrl is { } configured)
        {
            return configured;
        }
        var address = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                      ?? throw new InvalidOperationException($"The app is not listening yet; set {DirectoryUrlKey}.");
        // A wildcard binding (http://+:8080, http://[::]:8080) is reached on loopback from inside.
        var local = address.Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://*", "://localhost", StringComparison.Ordinal)
            .Replace("://[::]", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal);
        return new Uri(new Uri(local.TrimEnd('/') + "/"), "sandbox/banks");
    }

    private static string LoadOrCreateLocalClientSecret(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, "bank-client-secret");
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }
        Directory.CreateDirectory(dataDirectory);
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        File.WriteAllText(path, secret);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return secret;
    }
}
