using LeafyBank.Sandbox.Hosting;
using Microsoft.AspNetCore;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace LeafyBank.Sandbox.Authorization;

/// <summary>
/// One OpenIddict server answers for every bank, but only inside a bank's branch
/// (<c>/sandbox/{bankId}</c>, whose path base is the issuer). The host's own authentication
/// pass sees the same requests with an empty path base: it must not answer them as a
/// phantom bank at the site root.
/// </summary>
internal sealed class IgnoreRequestsOutsideBanks : IOpenIddictServerHandler<ProcessRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessRequestContext>()
            .UseSingletonHandler<IgnoreRequestsOutsideBanks>()
            .SetOrder(OpenIddictServerHandlers.InferEndpointType.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ProcessRequestContext context)
    {
        if (context.EndpointType is not OpenIddictServerEndpointType.Unknown &&
            context.Transaction.GetHttpRequest()?.HttpContext.TryGetSandboxBank() is null)
        {
            context.SkipRequest();
        }
        return default;
    }
}

/// <summary>
/// The issuer and every URL the server publishes (discovery, the authorization response's
/// <c>iss</c>, tokens) are built on the configured origin (<see cref="SandboxOrigin"/>), not on the
/// request's <c>Host</c>: OpenIddict would otherwise infer them from whatever host the sender named.
/// </summary>
internal sealed class UseConfiguredOrigin(SandboxOrigin origin) : IOpenIddictServerHandler<ProcessRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessRequestContext>()
            .UseSingletonHandler<UseConfiguredOrigin>()
            .SetOrder(OpenIddictServerAspNetCoreHandlers.ResolveRequestUri.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ProcessRequestContext context)
    {
        if (context.Transaction.GetHttpRequest()?.HttpContext.TryGetSandboxBank() is not null)
        {
            context.BaseUri = origin.Apply(context.BaseUri);
            context.RequestUri = origin.Apply(context.RequestUri);
        }
        return default;
    }
}

/// <summary>
/// The same origin for the banks' token validation (their data APIs), so a token issued on the
/// configured origin is checked against that origin, not against the request's <c>Host</c>.
/// </summary>
internal sealed class UseConfiguredOriginForValidation(SandboxOrigin origin)
    : OpenIddict.Validation.IOpenIddictValidationHandler<OpenIddict.Validation.OpenIddictValidationEvents.ProcessRequestContext>
{
    public static OpenIddict.Validation.OpenIddictValidationHandlerDescriptor Descriptor { get; } =
        OpenIddict.Validation.OpenIddictValidationHandlerDescriptor.CreateBuilder<OpenIddict.Validation.OpenIddictValidationEvents.ProcessRequestContext>()
            .UseSingletonHandler<UseConfiguredOriginForValidation>()
            .SetOrder(OpenIddict.Validation.AspNetCore.OpenIddictValidationAspNetCoreHandlers.ResolveRequestUri.Descriptor.Order + 1)
            .SetType(OpenIddict.Validation.OpenIddictValidationHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(OpenIddict.Validation.OpenIddictValidationEvents.ProcessRequestContext context)
    {
        if (context.Transaction.GetHttpRequest()?.HttpContext.TryGetSandboxBank() is not null)
        {
            context.BaseUri = origin.Apply(context.BaseUri);
            context.RequestUri = origin.Apply(context.RequestUri);
        }
        return default;
    }
}

/// <summary>
/// Redirect URI check, replacing OpenIddict's built-in one: a URI registered for the client
/// (exact match), or <c>/connections/callback</c> on this server's own origin as configured
/// (<see cref="SandboxOrigin"/>: the public origin, or the addresses it listens on) — Leafy Bank
/// and the sandbox share one process, whose port (random in tests) is only known once it listens.
/// The request's <c>Host</c> header plays no part: a request sent with <c>Host: evil.example</c>
/// cannot make <c>http://evil.example/connections/callback</c> acceptable. Anything else is refused.
/// </summary>
internal sealed class ValidateRedirectUriOrSameOriginCallback(IOpenIddictApplicationManager applications, SandboxOrigin origin)
    : IOpenIddictServerHandler<ValidateAuthorizationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateAuthorizationRequestContext>()
            .UseScopedHandler<ValidateRedirectUriOrSameOriginCallback>()
            .SetOrder(OpenIddictServerHandlers.Authentication.ValidateClientRedirectUri.Descriptor.Order)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ValidateAuthorizationRequestContext context)
    {
        if (await RefusalAsync(context.ClientId!, context.RedirectUri, context.Logger, context.CancellationToken) is { } refusal)
        {
            context.Reject(error: Errors.InvalidRequest, description: refusal);
        }
    }

    /// <summary>The same check for pushed authorization requests (RFC 9126), replacing OpenIddict's built-in one there too.</summary>
    internal sealed class Pushed(IOpenIddictApplicationManager applications, SandboxOrigin origin)
        : IOpenIddictServerHandler<ValidatePushedAuthorizationRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ValidatePushedAuthorizationRequestContext>()
                .UseScopedHandler<Pushed>()
                .SetOrder(OpenIddictServerHandlers.Authentication.ValidatePushedClientRedirectUri.Descriptor.Order)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public async ValueTask HandleAsync(ValidatePushedAuthorizationRequestContext context)
        {
            if (await new ValidateRedirectUriOrSameOriginCallback(applications, origin)
                    .RefusalAsync(context.ClientId!, context.RedirectUri, context.Logger, context.CancellationToken) is { } refusal)
            {
                context.Reject(error: Errors.InvalidRequest, description: refusal);
            }
        }
    }

    private async Task<string?> RefusalAsync(string clientId, string? redirectUri, Microsoft.Extensions.Logging.ILogger logger, CancellationToken cancellationToken)
    {
        var application = await applications.FindByClientIdAsync(clientId, cancellationToken)
            ?? throw new InvalidOperationException("The client application disappeared during the request.");

        if (string.IsNullOrEmpty(redirectUri))
        {
            return "The redirect_uri parameter is required at this bank.";
        }

        if (await applications.ValidateRedirectUriAsync(application, redirectUri, cancellationToken) ||
            origin.All.Any(own => IsSameOriginCallback(redirectUri, own)))
        {
            return null;
        }

        logger.LogSandboxRedirectRefused(redirectUri);
        return $"The redirect_uri is not registered for this client (registered URIs, or {SandboxSettings.SameOriginCallbackPath} on this server's origin).";
    }

    private static bool IsSameOriginCallback(string redirectUri, Uri origin) =>
        Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri) &&
        Uri.TryCreate(origin, SandboxSettings.SameOriginCallbackPath, out var callback) &&
        string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment) && string.IsNullOrEmpty(uri.UserInfo) &&
        Uri.Compare(uri, callback, UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) == 0 &&
        string.Equals(uri.AbsolutePath, SandboxSettings.SameOriginCallbackPath, StringComparison.Ordinal);
}

/// <summary>
/// <c>scopes_supported</c> lists the scopes this bank grants in its standard
/// (<see cref="Consents.ConsentBinding.ScopesSupported"/>), not OpenIddict's default list: a client
/// that asks for an advertised scope must not be refused for it (OpenIddict would list <c>openid</c>
/// at every bank).
/// </summary>
internal sealed class AdvertiseBankScopes : IOpenIddictServerHandler<HandleConfigurationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleConfigurationRequestContext>()
            .UseSingletonHandler<AdvertiseBankScopes>()
            .SetOrder(OpenIddictServerHandlers.Discovery.AttachScopes.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(HandleConfigurationRequestContext context)
    {
        if (context.Transaction.GetHttpRequest()?.HttpContext.TryGetSandboxBank() is { } bank)
        {
            context.Scopes.Clear();
            context.Scopes.UnionWith(Consents.ConsentBinding.For(bank).ScopesSupported);
        }
        return default;
    }
}

/// <summary>Keeps what a pushed authorization request asked for, so the bank's own pages can read it (<see cref="PushedAuthorizationRequests"/>).</summary>
internal sealed class RememberPushedAuthorizationRequest(PushedAuthorizationRequests pushed)
    : IOpenIddictServerHandler<ApplyPushedAuthorizationResponseContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyPushedAuthorizationResponseContext>()
            .UseSingletonHandler<RememberPushedAuthorizationRequest>()
            .SetOrder(int.MinValue + 100_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ApplyPushedAuthorizationResponseContext context)
    {
        if (context.Error is null && context.Response.RequestUri is { Length: > 0 } requestUri && context.Request is { } request &&
            context.Transaction.GetHttpRequest()?.HttpContext.TryGetSandboxBank() is { } bank)
        {
            var lifetime = (long?)context.Response[Parameters.ExpiresIn] is { } seconds
                ? TimeSpan.FromSeconds(seconds)
                : context.Options.RequestTokenLifetime ?? TimeSpan.FromMinutes(9);
            pushed.Remember(bank, requestUri,
                request.GetParameters().Select(parameter => KeyValuePair.Create(parameter.Key, (string?)parameter.Value)), lifetime);
        }
        return default;
    }
}
