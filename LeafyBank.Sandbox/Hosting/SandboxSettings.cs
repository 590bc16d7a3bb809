using Microsoft.Extensions.Configuration;

namespace LeafyBank.Sandbox.Hosting;

/// <summary>
/// The sandbox's settings, read once at start-up from section <c>Sandbox</c>. A missing or bad
/// value fails with the key's name.
/// </summary>
public sealed record SandboxSettings(
    string DataDirectory,
    string ClientId,
    string ClientSecret,
    string ClientDisplayName,
    IReadOnlyList<Uri> RedirectUris,
    Uri? PublicOrigin = null,
    string? ClientJsonWebKeySet = null)
{
    public const string Section = "Sandbox";
    public const string DataDirectoryKey = "Sandbox:DataDirectory";
    public const string ClientIdKey = "Sandbox:Client:ClientId";
    public const string ClientSecretKey = "Sandbox:Client:ClientSecret";
    public const string ClientDisplayNameKey = "Sandbox:Client:DisplayName";
    public const string RedirectUrisKey = "Sandbox:Client:RedirectUris";
    public const string PublicOriginKey = "Sandbox:PublicOrigin";

    /// <summary>
    /// The client's public JWK set (JSON), for <c>private_key_jwt</c> client authentication: the keys its
    /// client assertions are checked with. Without it the client can authenticate only with its secret,
    /// which the FAPI banks refuse at their OAuth endpoints.
    /// </summary>
    public const string ClientJwksKey = "Sandbox:Client:Jwks";

    /// <summary>
    /// The app's public origin (alias <c>LEAFYBANK_PUBLIC_ORIGIN</c> in the app); the banks it hosts
    /// take it as theirs when <see cref="PublicOriginKey"/> is unset.
    /// </summary>
    public const string AppPublicOriginKey = "LeafyBank:PublicOrigin";

    /// <summary>The app's data directory (alias <c>LEAFYBANK_DATA_DIR</c> in the app); the sandbox keeps its files in a <c>sandbox</c> folder under it.</summary>
    public const string AppDataDirectoryKey = "LeafyBank:DataDirectory";

    /// <summary>
    /// The path every redirect URI may use on the origin that served the authorization request:
    /// the app and the sandbox share one process, whose port is only known once it listens.
    /// </summary>
    public const string SameOriginCallbackPath = "/connections/callback";

    public static SandboxSettings FromConfiguration(IConfiguration configuration)
    {
        var dataDirectory = configuration[DataDirectoryKey];
        if (string.IsNullOrWhiteSpace(dataDirectory))
        {
            // The app's data directory (its default applied by the app, in one place) holds everything local.
            var appDataDirectory = configuration[AppDataDirectoryKey];
            dataDirectory = string.IsNullOrWhiteSpace(appDataDirectory)
                ? throw SandboxSettingsProblem.For(DataDirectoryKey, $"is missing: name the folder for the sandbox's files (or set {AppDataDirectoryKey}, and it uses a sandbox folder under it).")
                : Path.Combine(appDataDirectory, "sandbox");
        }
        else if (dataDirectory.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            throw SandboxSettingsProblem.For(DataDirectoryKey, "contains characters that are not valid in a path.");
        }

        var clientId = configuration[ClientIdKey];
        clientId = string.IsNullOrWhiteSpace(clientId) ? "leafybank" : clientId.Trim();

        var clientSecret = configuration[ClientSecretKey];
        if (string.IsNullOrWhiteSpace(clientSecret))
        {
            throw SandboxSettingsProblem.For(ClientSecretKey,
                "is missing: the sandbox banks need the client secret Leafy Bank authenticates with (the host generates one per data directory).");
        }

        var displayName = configuration[ClientDisplayNameKey];
        displayName = string.IsNullOrWhiteSpace(displayName) ? "Leafy Bank" : displayName.Trim();

        var redirectUris = new List<Uri>();
        foreach (var text in (configuration[RedirectUrisKey] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(uri.Fragment))
            {
                throw SandboxSettingsProblem.For(RedirectUrisKey, $"must be absolute http(s) URIs without fragment, separated by ';' (got '{text}').");
            }
            redirectUris.Add(uri);
        }

        return new SandboxSettings(Path.GetFullPath(dataDirectory), clientId, clientSecret, displayName, redirectUris,
            ReadPublicOrigin(configuration), ReadClientJwks(configuration));
    }

    private static string? ReadClientJwks(IConfiguration configuration)
    {
        var text = configuration[ClientJwksKey];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        Microsoft.IdentityModel.Tokens.JsonWebKeySet set;
        try
        {
            set = new Microsoft.IdentityModel.Tokens.JsonWebKeySet(text);
        }
        catch (ArgumentException)
        {
            throw SandboxSettingsProblem.For(ClientJwksKey, "must be a JWK set in JSON ({\"keys\":[…]}), as the client publishes it.");
        }
        if (set.Keys.Count == 0)
        {
            throw SandboxSettingsProblem.For(ClientJwksKey, "holds no key: register the client's public signing key.");
        }
        // A bank must never hold the client's private key: a leak of its registration would let anyone pose as the client.
        if (set.Keys.Any(key => key.HasPrivateKey))
        {
            throw SandboxSettingsProblem.For(ClientJwksKey, "contains a private key: register only the public part of the client's key.");
        }
        return text;
    }

    private static Uri? ReadPublicOrigin(IConfiguration configuration)
    {
        var key = string.IsNullOrWhiteSpace(configuration[PublicOriginKey]) ? AppPublicOriginKey : PublicOriginKey;
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") ||
            uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw SandboxSettingsProblem.For(key, $"must be an origin such as https://leafy.example or http://localhost:5090, without a path (got '{text}').");
        }
        return new Uri(uri.GetLeftPart(UriPartial.Authority));
    }
}
