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
/// Redirect URI check, replacing OpenIddict's built-in one: a URI registered for the client
/// (exact match), or <c>{origin of this request}/connections/callback</c> — Leafy Bank and the
/// sandbox share one process, whose port (random in tests) is only known once it listens, and
/// a browser only reaches this origin if the server listens on it. Anything else is refused.
/// </summary>
internal sealed class ValidateRedirectUriOrSameOriginCallback(IOpenIddictApplicationManager applications)
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
        var application = await applications.FindByClientIdAsync(context.ClientId!, context.CancellationToken)
            ?? throw new InvalidOperationException("The client application disappeared during the request.");

        if (string.IsNullOrEmpty(context.RedirectUri))
        {
            context.Reject(error: Errors.InvalidRequest, description: "The redirect_uri parameter is required at this bank.");
            return;
        }

        if (await applications.ValidateRedirectUriAsync(application, context.RedirectUri, context.CancellationToken) ||
            IsSameOriginCallback(context.RedirectUri, context.Transaction.GetHttpRequest()))
        {
            return;
        }

        context.Logger.LogSandboxRedirectRefused(context.RedirectUri);
        context.Reject(
            error: Errors.InvalidRequest,
            description: $"The redirect_uri is not registered for this client (registered URIs, or {SandboxSettings.SameOriginCallbackPath} on this server's origin).");
    }

    private static bool IsSameOriginCallback(string redirectUri, Microsoft.AspNetCore.Http.HttpRequest? request) =>
        request is { Host.HasValue: true } &&
        Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri) &&
        Uri.TryCreate($"{request.Scheme}://{request.Host}{SandboxSettings.SameOriginCallbackPath}", UriKind.Absolute, out var callback) &&
        string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment) && string.IsNullOrEmpty(uri.UserInfo) &&
        Uri.Compare(uri, callback, UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) == 0 &&
        string.Equals(uri.AbsolutePath, SandboxSettings.SameOriginCallbackPath, StringComparison.Ordinal);
}
