using System.Net;
using LeafyBank.Core.Configuration;

namespace LeafyBank.Web.Authentication;

/// <summary>
/// Who signs Leafy Bank's customers in: any OpenID Connect provider named by
/// <c>LEAFYBANK_OIDC_*</c>, or the built-in development identity provider, which is on when no
/// authority is configured (and otherwise only with <c>LEAFYBANK_DEV_IDP=true</c>).
/// Every problem throws a <see cref="ConfigurationException"/> naming its key.
/// </summary>
public sealed record SignInSettings(
    Uri? Authority,
    string ClientId,
    string? ClientSecret,
    IReadOnlyList<string> Scopes,
    bool DevIdentityProvider,
    Uri DevIdentityProviderUrl)
{
    public const string AuthorityKey = "LEAFYBANK_OIDC_AUTHORITY";
    public const string ClientIdKey = "LEAFYBANK_OIDC_CLIENT_ID";
    public const string ClientSecretKey = "LEAFYBANK_OIDC_CLIENT_SECRET";
    public const string ScopesKey = "LEAFYBANK_OIDC_SCOPES";
    public const string DevIdentityProviderKey = "LEAFYBANK_DEV_IDP";
    public const string DevIdentityProviderUrlKey = "LEAFYBANK_DEV_IDP_URL";
    public const string DevIdentityProviderBindKey = "LEAFYBANK_DEV_IDP_BIND";

    public const string DefaultScopes = "openid profile";
    public const string DefaultDevClientId = "leafybank-web";
    public static readonly Uri DefaultDevIdentityProviderUrl = new("http://localhost:5081");

    /// <summary>
    /// Where the development provider listens when that is not its public address: in a container
    /// it must listen on all interfaces (<c>http://0.0.0.0:5081</c>) for the published port to reach
    /// it, while browsers and the app still know it as <see cref="DevIdentityProviderUrl"/>. Unset:
    /// it listens on <see cref="DevIdentityProviderUrl"/> itself, which is loopback only.
    /// </summary>
    public Uri? DevIdentityProviderBindUrl { get; init; }

    public static SignInSettings FromConfiguration(IConfiguration configuration)
    {
        var authority = configuration[AuthorityKey] is { Length: > 0 } configured ? ParseAuthority(configured) : null;
        var devIdentityProvider = configuration[DevIdentityProviderKey] switch
        {
            null or "" => authority is null,
            var value when bool.TryParse(value, out var flag) => flag,
            var value => throw new ConfigurationException(DevIdentityProviderKey, $"must be true or false (got '{value}')."),
        };
        if (authority is null && !devIdentityProvider)
        {
            throw new ConfigurationException(AuthorityKey,
                $"is required when {DevIdentityProviderKey}=false (name your OpenID Connect provider, e.g. https://login.microsoftonline.com/{{tenant}}/v2.0).");
        }
        if (authority is { Scheme: "http" } && !(devIdentityProvider && IsLoopback(authority)))
        {
            throw new ConfigurationException(AuthorityKey, $"must be an https URL (got '{authority}'); plain http is only for the development identity provider on this machine.");
        }

        var clientId = configuration[ClientIdKey] is { Length: > 0 } id ? id : null;
        if (clientId is null && !devIdentityProvider)
        {
            throw new ConfigurationException(ClientIdKey, $"is required with {AuthorityKey} (the client id registered at your provider).");
        }

        var scopes = (configuration[ScopesKey] is { Length: > 0 } list ? list : DefaultScopes)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (!scopes.Contains("openid", StringComparer.Ordinal))
        {
            throw new ConfigurationException(ScopesKey, $"must include 'openid' (got '{string.Join(' ', scopes)}').");
        }

        var devUrl = configuration[DevIdentityProviderUrlKey] is { Length: > 0 } url ? ParseDevUrl(url) : DefaultDevIdentityProviderUrl;
        var bindUrl = configuration[DevIdentityProviderBindKey] is { Length: > 0 } bind ? ParseBindUrl(bind, devUrl) : null;
        return new SignInSettings(authority, clientId ?? DefaultDevClientId,
            configuration[ClientSecretKey] is { Length: > 0 } secret ? secret : null,
            scopes, devIdentityProvider, devUrl)
        {
            DevIdentityProviderBindUrl = bindUrl,
        };
    }

    private static Uri ParseBindUrl(string value, Uri devUrl)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != "http" || uri.AbsolutePath != "/"
            || !IPAddress.TryParse(uri.Host.Trim('[', ']'), out _) || uri.IsDefaultPort)
        {
            throw new ConfigurationException(DevIdentityProviderBindKey,
                $"must be an http address with an IP and a port to listen on, such as http://0.0.0.0:5081 in a container (got '{value}').");
        }
        // A picked port (0) would leave the public address pointing nowhere: the two must agree on one.
        if (devUrl.Port == 0)
        {
            throw new ConfigurationException(DevIdentityProviderBindKey,
                $"needs a fixed port in {DevIdentityProviderUrlKey} (got '{devUrl}'): the address browsers use must reach the one it listens on.");
        }
        return uri;
    }

    private static Uri ParseAuthority(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
            ? uri
            : throw new ConfigurationException(AuthorityKey, $"must be an absolute https URL (got '{value}').");

    private static Uri ParseDevUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == "http" && IsLoopback(uri) && uri.AbsolutePath == "/"
            ? uri
            : throw new ConfigurationException(DevIdentityProviderUrlKey,
                $"must be an http URL on this machine such as http://localhost:5081 or http://127.0.0.1:0 (got '{value}').");

    /// <summary>localhost, 127.0.0.0/8 or ::1: addresses no other machine can reach.</summary>
    public static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
