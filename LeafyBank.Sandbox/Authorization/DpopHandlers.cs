using System.Security.Claims;
using System.Text.Json;
using LeafyBank.Sandbox.Banks;
using LeafyBank.Sandbox.Hosting;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace LeafyBank.Sandbox.Authorization;

/// <summary>
/// Sender-constrained access tokens by DPoP (RFC 9449), the way FAPI 2.0 (§5.3.2.2) lets a bank
/// offer them without mutual TLS. OpenIddict 7.8 has no DPoP; these handlers add it around its token
/// endpoint, and <see cref="Access.BankAccessFilter"/> checks the proofs at the data APIs:
/// <list type="bullet">
/// <item>discovery lists <c>dpop_signing_alg_values_supported</c> (§5.1);</item>
/// <item>a token request's proof is checked (§4.3) and its key's thumbprint kept for the response;</item>
/// <item>the access token then carries <c>cnf.jkt</c> (§6.1) and the response says <c>token_type</c> <c>DPoP</c> (§5).</item>
/// </list>
/// Refresh tokens stay unbound: Leafy Bank is a confidential client, and §5 binds them only for public ones.
/// The standards' banks (Berlin Group, UK) issue bound tokens only; the reference banks bind a token
/// when the request carries a proof, as an authorization server that "supports" DPoP does.
/// </summary>
internal static class DpopHandlers
{
    /// <summary>The key thumbprint of a token request's accepted proof, kept on the OpenIddict transaction.</summary>
    public const string ThumbprintProperty = ".leafybank_sandbox_dpop_jkt";

    /// <summary>RFC 7800 confirmation claim, and its JWK thumbprint member (RFC 9449 §6.1).</summary>
    public const string ConfirmationClaim = "cnf";
    public const string ThumbprintMember = "jkt";

    public static bool RequiresDpop(SandboxBank bank) =>
        bank.Dialect is SandboxDialects.BerlinGroup or SandboxDialects.UkOpenBanking;

    public static IEnumerable<OpenIddictServerHandlerDescriptor> Descriptors =>
        [Advertise.Descriptor, CheckTokenRequestProof.Descriptor, BindAccessToken.Descriptor, AnswerDpopTokenType.Descriptor, LeaveBindingToTheBank.Descriptor];

    /// <summary>
    /// OpenIddict's own proof-of-possession check knows only certificate-bound tokens (<c>cnf.x5t#S256</c>,
    /// RFC 8705) and would refuse a <c>cnf.jkt</c>: at the banks, a bound token is checked by
    /// <see cref="DpopAuthorization"/> where it is used, and a revocation request needs no proof (RFC 9449 is silent on it).
    /// </summary>
    internal sealed class LeaveBindingToTheBank : IOpenIddictServerHandler<ValidateTokenContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
                .UseSingletonHandler<LeaveBindingToTheBank>()
                .SetOrder(OpenIddictServerHandlers.Protection.ValidateProofOfPossession.Descriptor.Order - 1)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public ValueTask HandleAsync(ValidateTokenContext context)
        {
            if (context.Transaction.GetHttpRequest()?.HttpContext.TryGetSandboxBank() is not null)
            {
                context.DisableProofOfPossessionValidation = true;
            }
            return default;
        }
    }

    /// <summary><see cref="LeaveBindingToTheBank"/> for the data APIs' token validation.</summary>
    internal sealed class LeaveBindingToTheBankAtValidation
        : OpenIddict.Validation.IOpenIddictValidationHandler<OpenIddict.Validation.OpenIddictValidationEvents.ValidateTokenContext>
    {
        public static OpenIddict.Validation.OpenIddictValidationHandlerDescriptor Descriptor { get; } =
            OpenIddict.Validation.OpenIddictValidationHandlerDescriptor.CreateBuilder<OpenIddict.Validation.OpenIddictValidationEvents.ValidateTokenContext>()
                .UseSingletonHandler<LeaveBindingToTheBankAtValidation>()
                .SetOrder(OpenIddict.Validation.OpenIddictValidationHandlers.Protection.ValidateProofOfPossession.Descriptor.Order - 1)
                .SetType(OpenIddict.Validation.OpenIddictValidationHandlerType.Custom)
                .Build();

        public ValueTask HandleAsync(OpenIddict.Validation.OpenIddictValidationEvents.ValidateTokenContext context)
        {
            if (context.Transaction.GetHttpRequest()?.HttpContext.TryGetSandboxBank() is not null)
            {
                context.DisableProofOfPossessionValidation = true;
            }
            return default;
        }
    }

    /// <summary>RFC 9449 §5.1: <c>dpop_signing_alg_values_supported</c> in the bank's metadata.</summary>
    internal sealed class Advertise : IOpenIddictServerHandler<HandleConfigurationRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<HandleConfigurationRequestContext>()
                .UseSingletonHandler<Advertise>()
                .SetOrder(OpenIddictServerHandlers.Discovery.AttachClientAuthenticationMethods.Descriptor.Order + 2)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public ValueTask HandleAsync(HandleConfigurationRequestContext context)
        {
            if (context.Transaction.GetHttpRequest()?.HttpContext.TryGetSandboxBank() is not null)
            {
                context.Metadata["dpop_signing_alg_values_supported"] = new OpenIddictParameter(JsonSerializer.SerializeToElement(DpopProofs.SigningAlgorithms));
            }
            return default;
        }
    }

    /// <summary>
    /// At the token endpoint: a proof, when sent (always, at the standards' banks), must be valid for
    /// this request; otherwise <c>invalid_dpop_proof</c> (RFC 9449 §5, RFC 6749 §5.2 form), or
    /// <c>use_dpop_nonce</c> at a bank that issues nonces when it lacks the current one (§8).
    /// </summary>
    internal sealed class CheckTokenRequestProof(DpopProofs proofs) : IOpenIddictServerHandler<ValidateTokenRequestContext>
    {
        // After the client and the grant were authenticated: a client that is not who it says gets invalid_client first.
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenRequestContext>()
                .UseSingletonHandler<CheckTokenRequestProof>()
                .SetOrder(OpenIddictServerHandlers.Exchange.ValidateAuthentication.Descriptor.Order + 500)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public ValueTask HandleAsync(ValidateTokenRequestContext context)
        {
            if (context.Transaction.GetHttpRequest() is not { } request || request.HttpContext.TryGetSandboxBank() is not { } bank)
            {
                return default;
            }
            if (StringValues.IsNullOrEmpty(request.Headers[DpopProofs.HeaderName]) && !RequiresDpop(bank))
            {
                return default;
            }
            var thumbprint = proofs.Verify(request, context.RequestUri!, accessToken: null, DpopServer.Authorization, out var refusal);
            if (thumbprint is null)
            {
                // RFC 9449 §8: use_dpop_nonce comes as a 400 with the nonce in the DPoP-Nonce header, which Verify has set.
                context.Reject(error: refusal!.Error,
                    description: RequiresDpop(bank) && StringValues.IsNullOrEmpty(request.Headers[DpopProofs.HeaderName])
                        ? $"{bank.Name} issues only sender-constrained tokens: send a DPoP proof (RFC 9449) with the token request."
                        : refusal.Description);
                return default;
            }
            context.Transaction.Properties[ThumbprintProperty] = thumbprint;
            return default;
        }
    }

    /// <summary>The access token carries the proof key's thumbprint as <c>cnf.jkt</c> (RFC 9449 §6.1).</summary>
    internal sealed class BindAccessToken : IOpenIddictServerHandler<ProcessSignInContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
                .UseSingletonHandler<BindAccessToken>()
                .SetOrder(OpenIddictServerHandlers.PrepareAccessTokenPrincipal.Descriptor.Order + 1)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public ValueTask HandleAsync(ProcessSignInContext context)
        {
            if (context.AccessTokenPrincipal is { } principal &&
                context.Transaction.Properties.TryGetValue(ThumbprintProperty, out var value) && value is string thumbprint)
            {
                principal.SetClaim(ConfirmationClaim, JsonSerializer.SerializeToElement(new Dictionary<string, string> { [ThumbprintMember] = thumbprint }));
            }
            return default;
        }
    }

    /// <summary>RFC 9449 §5: a bound access token is answered with <c>token_type</c> <c>DPoP</c>, not <c>Bearer</c>.</summary>
    internal sealed class AnswerDpopTokenType : IOpenIddictServerHandler<ApplyTokenResponseContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyTokenResponseContext>()
                .UseSingletonHandler<AnswerDpopTokenType>()
                .SetOrder(int.MinValue + 100_000)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public ValueTask HandleAsync(ApplyTokenResponseContext context)
        {
            if (context.Error is null && !string.IsNullOrEmpty(context.Response.AccessToken) &&
                context.Transaction.Properties.ContainsKey(ThumbprintProperty))
            {
                context.Response.TokenType = DpopProofs.Scheme;
            }
            return default;
        }
    }
}

/// <summary>
/// OpenIddict's validation reads access tokens from <c>Authorization: Bearer</c> only; a DPoP-bound
/// token comes as <c>Authorization: DPoP</c> (RFC 9449 §7.1). Its proof is checked by the bank's
/// data API filter, which knows the token was bound.
/// </summary>
internal sealed class ExtractDpopAccessToken
    : OpenIddict.Validation.IOpenIddictValidationHandler<OpenIddict.Validation.OpenIddictValidationEvents.ProcessAuthenticationContext>
{
    public static OpenIddict.Validation.OpenIddictValidationHandlerDescriptor Descriptor { get; } =
        OpenIddict.Validation.OpenIddictValidationHandlerDescriptor.CreateBuilder<OpenIddict.Validation.OpenIddictValidationEvents.ProcessAuthenticationContext>()
            .UseSingletonHandler<ExtractDpopAccessToken>()
            .SetOrder(OpenIddict.Validation.AspNetCore.OpenIddictValidationAspNetCoreHandlers.ExtractAccessTokenFromAuthorizationHeader.Descriptor.Order + 1)
            .SetType(OpenIddict.Validation.OpenIddictValidationHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(OpenIddict.Validation.OpenIddictValidationEvents.ProcessAuthenticationContext context)
    {
        if (string.IsNullOrEmpty(context.AccessToken) &&
            context.Transaction.GetHttpRequest() is { } request && request.HttpContext.TryGetSandboxBank() is not null &&
            DpopAuthorization.TokenFrom(request) is { } token)
        {
            context.AccessToken = token;
        }
        return default;
    }
}

/// <summary>
/// Why a token request's or a data call's proof was refused: an RFC 9449 error (<c>invalid_dpop_proof</c>,
/// <c>use_dpop_nonce</c>, or at a data API <c>invalid_token</c>), for the token endpoint's error or the
/// data API's <c>WWW-Authenticate</c> challenge (§7.1, §9).
/// </summary>
internal sealed record DpopRefusal(string Error, string Description)
{
    /// <summary>The <c>DPoP</c> challenge, with the algorithms a proof may use (§7.1).</summary>
    public string Challenge =>
        $"{DpopProofs.Scheme} error=\"{Error}\", error_description=\"{Description.Replace('"', '\'')}\", algs=\"{string.Join(' ', DpopProofs.SigningAlgorithms)}\"";
}

/// <summary>The data APIs' side of DPoP (RFC 9449 §7): the <c>Authorization: DPoP</c> header and the binding check.</summary>
internal static class DpopAuthorization
{
    /// <summary>The token of an <c>Authorization: DPoP &lt;token&gt;</c> header, or null.</summary>
    public static string? TokenFrom(HttpRequest request) => TokenIn(request, DpopProofs.Scheme);

    /// <summary>The access token of the request's <c>Authorization</c> header, sent as a bearer or a DPoP-bound token.</summary>
    public static string? PresentedToken(HttpRequest request) => TokenIn(request, "Bearer") ?? TokenIn(request, DpopProofs.Scheme);

    private static string? TokenIn(HttpRequest request, string scheme)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith(scheme + " ", StringComparison.OrdinalIgnoreCase) && header[(scheme.Length + 1)..].Trim() is { Length: > 0 } token
            ? token
            : null;
    }

    /// <summary>
    /// Null when a validated access token is presented as it must be: a bound one (<c>cnf.jkt</c>) with the
    /// <c>DPoP</c> scheme and a valid proof signed by that key for this request and token; an unbound one
    /// as a bearer token. Otherwise the refusal for a 401.
    /// </summary>
    public static DpopRefusal? Check(HttpContext context, ClaimsPrincipal principal)
    {
        var boundTo = ThumbprintOf(principal);
        var dpopToken = TokenFrom(context.Request);
        if (boundTo is null)
        {
            return dpopToken is null ? null : new DpopRefusal("invalid_token", "This access token is not bound to a key: send it with the Bearer scheme.");
        }
        if (dpopToken is null)
        {
            return new DpopRefusal("invalid_token", "This access token is bound to your key: send it as Authorization: DPoP <token>, with a DPoP proof (RFC 9449).");
        }
        var target = context.RequestServices.GetRequiredService<SandboxOrigin>().Apply(new Uri(context.Request.GetEncodedUrl()))!;
        var thumbprint = context.RequestServices.GetRequiredService<DpopProofs>().Verify(context.Request, target, dpopToken, DpopServer.Resource, out var refusal);
        if (thumbprint is null)
        {
            return refusal;
        }
        return thumbprint == boundTo
            ? null
            : new DpopRefusal("invalid_dpop_proof", "The DPoP proof is signed with another key than the one the access token is bound to.");
    }

    private static string? ThumbprintOf(ClaimsPrincipal principal)
    {
        if (principal.GetClaim(DpopHandlers.ConfirmationClaim) is not { Length: > 0 } confirmation)
        {
            return null;
        }
        try
        {
            using var json = JsonDocument.Parse(confirmation);
            return json.RootElement.ValueKind == JsonValueKind.Object ? CompactJws.Text(json.RootElement, DpopHandlers.ThumbprintMember) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
