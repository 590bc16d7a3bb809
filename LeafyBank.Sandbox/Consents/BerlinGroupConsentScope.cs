using LeafyBank.Sandbox.Banks;
using LeafyBank.Sandbox.Hosting;
using Microsoft.AspNetCore;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Server.OpenIddictServerEvents;
using static OpenIddict.Server.OpenIddictServerHandlers.Authentication;

namespace LeafyBank.Sandbox.Consents;

/// <summary>
/// Lets Berlin Group's dynamic consent scope (<c>AIS:{consentId}</c>) through OpenIddict's scope
/// checks at a Berlin Group bank. OpenIddict accepts only registered scopes that the client has
/// a permission for, and a per-consent scope can be neither. <see cref="Hide"/> takes the
/// <c>AIS:</c> scope out of the request just before OpenIddict's own <c>ValidateScopes</c>, and
/// <see cref="Restore"/> puts it back just after <c>ValidateScopePermissions</c>, so every other
/// scope is still checked by OpenIddict and the authorization endpoint
/// (<see cref="BerlinGroupConsentBinding"/>) checks the consent the scope names. Other banks'
/// requests are untouched.
/// </summary>
internal static class BerlinGroupConsentScope
{
    private const string HiddenScopesProperty = ".leafybank_berlin_group_consent_scopes";

    public sealed class Hide : IOpenIddictServerHandler<ValidateAuthorizationRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateAuthorizationRequestContext>()
                .UseSingletonHandler<Hide>()
                .SetOrder(ValidateScopes.Descriptor.Order - 1)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public ValueTask HandleAsync(ValidateAuthorizationRequestContext context)
        {
            HideConsentScopes(context.Transaction, context.Request);
            return default;
        }
    }

    public sealed class Restore : IOpenIddictServerHandler<ValidateAuthorizationRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateAuthorizationRequestContext>()
                .UseSingletonHandler<Restore>()
                .SetOrder(ValidateScopePermissions.Descriptor.Order + 1)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public ValueTask HandleAsync(ValidateAuthorizationRequestContext context)
        {
            RestoreConsentScopes(context.Transaction, context.Request);
            return default;
        }
    }

    /// <summary>The same for the pushed authorization request (RFC 9126), which OpenIddict checks with its own handlers.</summary>
    public sealed class HidePushed : IOpenIddictServerHandler<ValidatePushedAuthorizationRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ValidatePushedAuthorizationRequestContext>()
                .UseSingletonHandler<HidePushed>()
                .SetOrder(ValidatePushedScopes.Descriptor.Order - 1)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public ValueTask HandleAsync(ValidatePushedAuthorizationRequestContext context)
        {
            HideConsentScopes(context.Transaction, context.Request);
            return default;
        }
    }

    public sealed class RestorePushed : IOpenIddictServerHandler<ValidatePushedAuthorizationRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ValidatePushedAuthorizationRequestContext>()
                .UseSingletonHandler<RestorePushed>()
                .SetOrder(ValidatePushedScopePermissions.Descriptor.Order + 1)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public ValueTask HandleAsync(ValidatePushedAuthorizationRequestContext context)
        {
            RestoreConsentScopes(context.Transaction, context.Request);
            return default;
        }
    }

    private static void HideConsentScopes(OpenIddictServerTransaction transaction, OpenIddictRequest request)
    {
        var bank = transaction.GetHttpRequest()?.HttpContext.TryGetSandboxBank();
        if (bank?.Dialect != SandboxDialects.BerlinGroup)
        {
            return;
        }
        var scopes = request.GetScopes();
        var consentScopes = scopes.Where(BerlinGroupConsentBinding.IsConsentScope).ToList();
        if (consentScopes.Count > 0)
        {
            transaction.SetProperty(HiddenScopesProperty, consentScopes);
            request.Scope = string.Join(' ', scopes.Except(consentScopes, StringComparer.Ordinal));
        }
    }

    private static void RestoreConsentScopes(OpenIddictServerTransaction transaction, OpenIddictRequest request)
    {
        if (transaction.GetProperty<List<string>>(HiddenScopesProperty) is { Count: > 0 } hidden)
        {
            request.Scope = string.Join(' ', request.GetScopes().Concat(hidden));
        }
    }
}
