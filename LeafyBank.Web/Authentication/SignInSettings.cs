using System.Net;
using LeafyBank.Core.Configuration;

namespace LeafyBank.Web.Authentication;

/// <summary>
/// Who signs Leafy Bank's customers in: any OpenID Connect provider (section <c>LeafyBank:SignIn</c>,
/// aliases <c>LEAFYBANK_OIDC_*</c>), or the built-in development identity provider, which is on
/// when no authority is configured in Development (and otherwise only with <c>LEAFYBANK_DEV_IDP=true</c>;
/// see <see cref="CheckProviderChosenFor"/>).
/// Every problem is a <see cref="ConfigurationException"/> naming its key.
/// </summary>
public sealed class SignInSettings
{
    public const string Section = "LeafyBank:SignIn";
    public const string AuthorityKey = "LEAFYBANK_OIDC_AUTHORITY";
    public const string ClientIdKey = "LEAFYBANK_OIDC_CLIENT_ID";
    public const string ClientSecretKey = "LEAFYBANK_OIDC_CLIENT_SECRET";
    public const string ScopesKey = "LEAFYBANK_OIDC_SCOPES";
    public const string DevIdentityProviderKey = "LEAFYBANK_DEV_IDP";
    public const string DevIdentityProviderUrlKey = "LEAFYBANK_DEV_IDP_URL";
    public const string DevIdentityProviderBindKey = "LEAFYBANK_DEV_IDP_BIND";
    public const string LinkByUserNameKey = "LEAFYBANK_OIDC_LINK_BY_USERNAME";

    public const string DefaultScopes = "openid profile";
    public const string DefaultDevClientId = "leafybank-web";
    public static readonly Uri DefaultDevIdentityProviderUrl = new("http://localhost:5081");

    private string? clientId;
    private string? clientSecret;
    private Uri? authority;
    private Uri? bindUrl;

    // Empty means unset, as for every setting (appsettings.json lists them all, empty).
    public Uri? Authority
    {
        get => authority;
        set => authority = string.IsNullOrEmpty(value?.OriginalString) ? null : value;
    }

    /// <summary>Required with an authority; <see cref="DefaultDevClientId"/> with the development provider.</summary>
    public string ClientId
    {
        get => clientId ?? (UsesDevIdentityProvider ? DefaultDevClientId : "");
        set => clientId = string.IsNullOrWhiteSpace(value) ? null : value;
    }

    public string? ClientSecret
    {
        get => clientSecret;
        set => clientSecret = string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>The scopes asked for, space-separated as in OAuth's <c>scope</c>; must include <c>openid</c>.</summary>
    public string Scope { get; set; } = DefaultScopes;

    public IReadOnlyList<string> Scopes => (string.IsNullOrWhiteSpace(Scope) ? DefaultScopes : Scope)
        .Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Force the development provider on or off; unset (empty): on when no authority is configured (in Development only, <see cref="CheckProviderChosenFor"/>).</summary>
    public bool? DevIdentityProvider { get; set; }

    public bool UsesDevIdentityProvider => DevIdentityProvider ?? Authority is null;

    /// <summary>
    /// Link an identity's first sign-in to the customer of its <c>preferred_username</c>; unset (empty): only with the
    /// development provider, whose demo customers sign in by their user names. At a real provider leave it off
    /// unless user names there are unique and set by the provider's administrators, never by its users: otherwise someone who
    /// registers a customer's user name before that customer first signs in becomes that customer. Off, an operator links
    /// each identity (<c>link-identity</c>).
    /// </summary>
    public bool? LinkByUserName { get; set; }

    public bool LinksFirstSignInByUserName => LinkByUserName ?? UsesDevIdentityProvider;

    private Uri devUrl = DefaultDevIdentityProviderUrl;

    public Uri DevIdentityProviderUrl
    {
        get => devUrl;
        set => devUrl = string.IsNullOrEmpty(value?.OriginalString) ? DefaultDevIdentityProviderUrl : value;
    }

    /// <summary>
    /// Where the development provider listens when that is not its public address: in a container
    /// it must listen on all interfaces (<c>http://0.0.0.0:5081</c>) for the published port to reach
    /// it, while browsers and the app still know it as <see cref="DevIdentityProviderUrl"/>. Unset:
    /// it listens on <see cref="DevIdentityProviderUrl"/> itself, which is loopback only.
    /// </summary>
    public Uri? DevIdentityProviderBindUrl
    {
        get => bindUrl;
        set => bindUrl = string.IsNullOrEmpty(value?.OriginalString) ? null : value;
    }

    /// <summary>
    /// Outside Development a missing authority is far likelier a forgotten setting than a wish for the development
    /// provider, whose demo customers sign in with published passwords: there it runs only when asked for by name
    /// (<see cref="DevIdentityProviderKey"/>=true, as compose.yaml does for the demo). In Development it stays the default,
    /// so <c>dotnet run</c> signs in with nothing set.
    /// </summary>
    public void CheckProviderChosenFor(IHostEnvironment environment)
    {
        if (Authority is null && DevIdentityProvider is null && !environment.IsDevelopment())
        {
            throw new ConfigurationException(AuthorityKey,
                $"is required in the {environment.EnvironmentName} environment: name your OpenID Connect provider (e.g. https://login.microsoftonline.com/{{tenant}}/v2.0), " +
                $"or set {DevIdentityProviderKey}=true to run the development identity provider with its demo customers (never for real customers).");
        }
    }

    public static SignInSettings FromConfiguration(IConfiguration configuration) =>
        SettingsRegistration.Read<SignInSettings, SignInSettingsValidator>(configuration, Section);

    /// <summary>localhost, 127.0.0.0/8 or ::1: addresses no other machine can reach.</summary>
    public static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}

public sealed class SignInSettingsValidator : SettingsValidator<SignInSettings>
{
    public override void Check(SignInSettings options)
    {
        var authority = options.Authority;
        if (authority is not null && !(authority.IsAbsoluteUri && authority.Scheme is "https" or "http"))
        {
            throw new ConfigurationException(SignInSettings.AuthorityKey, $"must be an absolute https URL (got '{authority.OriginalString}').");
        }
        if (authority is null && !options.UsesDevIdentityProvider)
        {
            throw new ConfigurationException(SignInSettings.AuthorityKey,
                $"is required when {SignInSettings.DevIdentityProviderKey}=false (name your OpenID Connect provider, e.g. https://login.microsoftonline.com/{{tenant}}/v2.0).");
        }
        if (authority is { Scheme: "http" } && !(options.UsesDevIdentityProvider && SignInSettings.IsLoopback(authority)))
        {
            throw new ConfigurationException(SignInSettings.AuthorityKey,
                $"must be an https URL (got '{authority}'); plain http is only for the development identity provider on this machine.");
        }
        if (options.ClientId.Length == 0)
        {
            throw new ConfigurationException(SignInSettings.ClientIdKey, $"is required with {SignInSettings.AuthorityKey} (the client id registered at your provider).");
        }
        if (!options.Scopes.Contains("openid", StringComparer.Ordinal))
        {
            throw new ConfigurationException(SignInSettings.ScopesKey, $"must include 'openid' (got '{string.Join(' ', options.Scopes)}').");
        }

        var devUrl = options.DevIdentityProviderUrl;
        if (!(devUrl.IsAbsoluteUri && devUrl.Scheme == "http" && SignInSettings.IsLoopback(devUrl) && devUrl.AbsolutePath == "/"))
        {
            throw new ConfigurationException(SignInSettings.DevIdentityProviderUrlKey,
                $"must be an http URL on this machine such as http://localhost:5081 or http://127.0.0.1:0 (got '{devUrl.OriginalString}').");
        }

        if (options.DevIdentityProviderBindUrl is { } bind)
        {
            if (!bind.IsAbsoluteUri || bind.Scheme != "http" || bind.AbsolutePath != "/" || !IPAddress.TryParse(bind.Host.Trim('[', ']'), out _) || bind.IsDefaultPort)
            {
                throw new ConfigurationException(SignInSettings.DevIdentityProviderBindKey,
                    $"must be an http address with an IP and a port to listen on, such as http://0.0.0.0:5081 in a container (got '{bind.OriginalString}').");
            }
            // A picked port (0) would leave the public address pointing nowhere: the two must agree on one.
            if (devUrl.Port == 0)
            {
                throw new ConfigurationException(SignInSettings.DevIdentityProviderBindKey,
                    $"needs a fixed port in {SignInSettings.DevIdentityProviderUrlKey} (got '{devUrl}'): the address browsers use must reach the one it listens on.");
            }
        }
    }
}
