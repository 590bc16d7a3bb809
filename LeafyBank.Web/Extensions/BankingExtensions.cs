using System.Security.Cryptography;
using LeafyBank.Core.Banking;
using LeafyBank.Core.Banking.Authorization;
using LeafyBank.Core.Configuration;
using LeafyBank.Sandbox.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace LeafyBank.Web.Extensions;

/// <summary>
/// Where the banks are. By default the bank sandbox is served by this same process (one command
/// runs everything); Leafy Bank still reaches it only over HTTP, through the directory URL,
/// exactly as it would reach a real bank elsewhere. Leafy Bank's own side of the banks is Core's
/// <see cref="BankingServiceExtensions.AddBanking"/>.
/// </summary>
public static class BankingExtensions
{
    public const string HostSandboxKey = BankingSettings.HostSandboxKey;
    public const string DirectoryUrlKey = BankingSettings.DirectoryUrlKey;
    public const string ClientIdKey = BankingSettings.ClientIdKey;
    public const string ClientSecretKey = BankingSettings.ClientSecretKey;

    public static WebApplicationBuilder AddBanks(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        // Bound and checked now (a missing directory or secret stops start-up naming its key); Core's AddBanking registers it.
        var banking = BankingSettings.FromConfiguration(configuration);
        var clientId = banking.ClientId;
        var clientSecret = banking.ClientSecret;
        var dataDirectory = StoreSettings.FromConfiguration(configuration).DataDirectory;
        // private_key_jwt at the banks' OAuth endpoints: one key pair per data directory, kept like the sandbox's signing keys.
        var clientKey = new BankClientKey(SandboxSigningKeys.LoadOrCreate(Path.Combine(dataDirectory, "keys"), "bank-client-key").Rsa);

        if (banking.HostSandbox)
        {
            // The in-process sandbox and Leafy Bank must agree on the client's credentials: one
            // secret per data directory, generated on first start, never in the repository.
            clientSecret ??= LoadOrCreateLocalClientSecret(dataDirectory);
            builder.Services.AddSandboxBanks(WithLeafyBankAsClient(configuration, clientId, clientSecret, clientKey, Path.Combine(dataDirectory, "sandbox")));
        }

        builder.AddBanking(new BankClientCredentials(clientId, clientSecret!, clientKey), services => DirectoryUrl(banking, services));
        return builder;
    }

    /// <summary>
    /// The in-process banks' view of the configuration: Leafy Bank registered as their client
    /// (its id, secret and public key; a real bank gets them out of band), unless the
    /// <c>Sandbox:Client:*</c> settings say otherwise; their data in the app's data directory unless
    /// <c>Sandbox:DataDirectory</c> says otherwise. The app's own configuration is left as it is.
    /// </summary>
    private static IConfiguration WithLeafyBankAsClient(IConfiguration configuration, string clientId, string clientSecret, BankClientKey clientKey, string sandboxDirectory) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [SandboxSettings.DataDirectoryKey] = sandboxDirectory,
                [SandboxSettings.ClientIdKey] = clientId,
                [SandboxSettings.ClientSecretKey] = clientSecret,
                [SandboxSettings.ClientJwksKey] = clientKey.PublicJwks,
            })
            .AddConfiguration(configuration)
            .Build();

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
