using Microsoft.AspNetCore.Builder;

namespace LeafyBank.DevIdentityProvider;

/// <summary>
/// What the app tells the development identity provider when it starts it: where to listen,
/// which client and API to register, where to keep its store and keys. The app reads these
/// from its own settings; the provider reads no configuration itself.
/// </summary>
public sealed record DevIdentityProviderOptions
{
    /// <summary>The provider's address as browsers and the app know it (the OIDC authority); port 0 picks one.</summary>
    public required Uri Url { get; init; }

    /// <summary>Where it listens when that is not <see cref="Url"/> (all interfaces in a container); null: <see cref="Url"/> itself.</summary>
    public Uri? BindUrl { get; init; }

    /// <summary>The setting that names <see cref="Url"/>, so a taken port is reported against the key the operator can change.</summary>
    public required string UrlSettingKey { get; init; }

    /// <summary>The setting that names a real OpenID Connect provider instead of this one, for the warning when this one is reachable from other machines.</summary>
    public required string AuthorityKey { get; init; }

    /// <summary>The app's client id, registered here as a confidential client.</summary>
    public required string ClientId { get; init; }

    /// <summary>The app's client secret; null: a fresh one per process (the client is re-registered at every start).</summary>
    public string? ClientSecret { get; init; }

    /// <summary>The scope a client asks for to call the app's data API.</summary>
    public required string ApiScope { get; init; }

    /// <summary>The audience of access tokens granted with <see cref="ApiScope"/>.</summary>
    public required string ApiAudience { get; init; }

    /// <summary>The app's data directory; the provider keeps its store and keys under <c>identity/</c> in it.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Middleware the provider's pipeline starts with (the app's security headers), so its pages are answered as the app's are.</summary>
    public Action<IApplicationBuilder>? ConfigurePipeline { get; init; }
}
