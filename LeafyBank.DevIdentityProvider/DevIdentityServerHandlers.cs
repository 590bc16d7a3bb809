using System.Net;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace LeafyBank.DevIdentityProvider;

/// <summary>
/// Redirect URI checks replacing OpenIddict's registered-URI match: the app's port is only
/// known once it listens (random in tests), so the development provider accepts the app's
/// two callback paths on any loopback origin — and nothing else. A browser only lands there
/// on this machine.
/// </summary>
internal static class DevIdentityServerHandlers
{
    public const string SignInCallbackPath = "/signin-oidc";
    public const string SignOutCallbackPath = "/signout-callback-oidc";

    /// <summary>Where the data API client (<see cref="DevIdentityProviderHost.ApiClientId"/>) receives its code: any loopback port (RFC 8252 §7.3).</summary>
    public const string ApiCallbackPath = "/callback";

    public static bool IsLoopbackCallback(string? uri, string path) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed) &&
        parsed.Scheme is "http" or "https" &&
        IsLoopback(parsed) &&
        string.IsNullOrEmpty(parsed.UserInfo) && string.IsNullOrEmpty(parsed.Query) && string.IsNullOrEmpty(parsed.Fragment) &&
        string.Equals(parsed.AbsolutePath, path, StringComparison.Ordinal);

    /// <summary>localhost, 127.0.0.0/8 or ::1: addresses no other machine can reach.</summary>
    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    internal sealed class AllowLoopbackSignInCallback : IOpenIddictServerHandler<ValidateAuthorizationRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateAuthorizationRequestContext>()
                .UseSingletonHandler<AllowLoopbackSignInCallback>()
                .SetOrder(OpenIddictServerHandlers.Authentication.ValidateClientRedirectUri.Descriptor.Order)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public ValueTask HandleAsync(ValidateAuthorizationRequestContext context)
        {
            var path = context.ClientId == DevIdentityProviderHost.ApiClientId ? ApiCallbackPath : SignInCallbackPath;
            if (!IsLoopbackCallback(context.RedirectUri, path))
            {
                context.Reject(Errors.InvalidRequest,
                    $"The development identity provider only redirects to {path} on this machine (localhost, 127.0.0.1 or ::1).");
            }
            return default;
        }
    }

    internal sealed class AllowLoopbackSignOutCallback : IOpenIddictServerHandler<ValidateEndSessionRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateEndSessionRequestContext>()
                .UseSingletonHandler<AllowLoopbackSignOutCallback>()
                .SetOrder(OpenIddictServerHandlers.Session.ValidateClientPostLogoutRedirectUri.Descriptor.Order)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public ValueTask HandleAsync(ValidateEndSessionRequestContext context)
        {
            if (!string.IsNullOrEmpty(context.PostLogoutRedirectUri) && !IsLoopbackCallback(context.PostLogoutRedirectUri, SignOutCallbackPath))
            {
                context.Reject(Errors.InvalidRequest,
                    $"The development identity provider only returns to {SignOutCallbackPath} on this machine.");
            }
            return default;
        }
    }
}
