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
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace LeafyBank.Sandbox.Authorization;

/// <summary>
/// Sender-constrained access tokens by DPoP (RFC 9449), the way FAPI 2.0 (§5.3.2.2) lets a bank
/// offer them without mutual TLS. OpenIddict 7.8 has no DPoP; these handlers add it around its token
/// endpoint, and <see cref="Access.BankAccessFilter"/> checks the proofs at the data APIs:
/// <list type="bullet">
/// <item>discovery lists <c>dpop_signing_alg_values_supported</c> (§5.1);</item>
/// <item>a token request's proof is checked (§4.3) and its key's thumbprint kept for the response;</item>
/// <item>the access token then carries <c>cnf.jkt</c> (§6.1) and the response says <c>token_type</c> <c>DPoP</c> (§5);</item>
/// <item>a pushed authorization request may bind its code to a key (§10, §10.1: <c>dpop_jkt</c>, a proof, or both, which
/// must agree), and such a code is redeemed only with a proof of that key. The standards' banks require the binding.</item>
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

    /// <summary>RFC 9449 §10: the authorization request parameter naming the key the code is bound to (its RFC 7638 thumbprint).</summary>
    public const string CodeBindingParameter = "dpop_jkt";

    /// <summary>
    /// The bound thumbprint inside the authorization code (OpenIddict keeps every claim of the principal in a code,
    /// whatever its destinations, as it keeps <c>consent_id</c>); never in an access or refresh token.
    /// </summary>
    public const string CodeBindingClaim = "leafybank_dpop_jkt";

    public static bool RequiresDpop(SandboxBank bank) =>
        bank.Dialect is SandboxDialects.BerlinGroup or SandboxDialects.UkOpenBanking;

    public static IEnumerable<OpenIddictServerHandlerDescriptor> Descriptors =>
        [Advertise.Descriptor, CheckPushedAuthorizationRequestBinding.Descriptor, CheckTokenRequestProof.Descriptor, BindAccessToken.Descriptor, AnswerDpopTokenType.Descriptor, LeaveBindingToTheBank.Descriptor];

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
    /// At the token endpoint: a proof, when sent (always, at the standards' banks, and for a code bound by
    /// <c>dpop_jkt</c>), must be valid for this request; otherwise <c>invalid_dpop_proof</c> (RFC 9449 §5,
    /// RFC 6749 §5.2 form), or <c>use_dpop_nonce</c> at a bank that issues nonces when it lacks the current
    /// one (§8). A code bound to a key (§10) is redeemed only with a valid proof of that key: a proof of
    /// another key is <c>invalid_grant</c>. §10 says only that the server "MUST reject the request"; the
    /// proof itself is sound, it is the grant that was issued for another key, which is what RFC 6749
    /// §5.2's <c>invalid_grant</c> describes ("issued to another client").
    /// </summary>
    internal sealed class CheckTokenRequestProof(DpopProofs proofs) : IOpenIddictServerHandler<ValidateTokenRequestContext>
    {
        // After the client and the grant were authenticated: a client that is not who it says gets invalid_client first,
        // and the code's principal (with its binding) is known.
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
            var boundTo = context.Request.IsAuthorizationCodeGrantType()
                ? context.AuthorizationCodePrincipal?.GetClaim(CodeBindingClaim)
                : null;
            var sentNoProof = StringValues.IsNullOrEmpty(request.Headers[DpopProofs.HeaderName]);
            if (sentNoProof && !RequiresDpop(bank) && boundTo is null)
            {
                return default;
            }
            var thumbprint = proofs.Verify(request, context.RequestUri!, accessToken: null, DpopServer.Authorization, out var refusal);
            if (thumbprint is null)
            {
                // RFC 9449 §8: use_dpop_nonce comes as a 400 with the nonce in the DPoP-Nonce header, which Verify has set.
                context.Reject(error: refusal!.Error, description: sentNoProof switch
                {
                    true when boundTo is not null =>
                        "This authorization code is bound to a DPoP key (dpop_jkt, RFC 9449 §10): send a DPoP proof signed with that key.",
                    true when RequiresDpop(bank) =>
                        $"{bank.Name} issues only sender-constrained tokens: send a DPoP proof (RFC 9449) with the token request.",
                    _ => refusal.Description,
                });
                return default;
            }
            if (boundTo is not null && !string.Equals(thumbprint, boundTo, StringComparison.Ordinal))
            {
                context.Reject(error: Errors.InvalidGrant,
                    description: "This authorization code is bound to another DPoP key (dpop_jkt, RFC 9449 §10): redeem it with a proof of the key named when it was requested.");
                return default;
            }
            context.Transaction.Properties[ThumbprintProperty] = thumbprint;
            return default;
        }
    }

    /// <summary>
    /// At the pushed authorization endpoint (RFC 9449 §10.1): the code may be bound to a key by <c>dpop_jkt</c>
    /// (§10, the key's RFC 7638 thumbprint), by a <c>DPoP</c> proof checked as at the token endpoint (§4.3; for
    /// this endpoint's URL and method, with the authorization server's nonce at a bank that issues them, §8), or
    /// by both, which must name the same key (else <c>invalid_dpop_proof</c>). A proof alone counts as if its
    /// thumbprint had been sent as <c>dpop_jkt</c>: it is written into the request, which OpenIddict keeps with
    /// its <c>request_uri</c> and gives back at the authorization endpoint, where it goes into the code.
    /// The standards' banks require the binding: their tokens are DPoP-bound anyway, and FAPI 2.0 asks for the
    /// authorization code to be bound to the DPoP key. No metadata field says so (RFC 9449 §5.1 defines only
    /// <c>dpop_signing_alg_values_supported</c>), so a client learns it from the refusal.
    /// </summary>
    internal sealed class CheckPushedAuthorizationRequestBinding(DpopProofs proofs) : IOpenIddictServerHandler<ValidatePushedAuthorizationRequestContext>
    {
        // After the client was authenticated, like the token endpoint: a stranger learns nothing about the proof or the nonce.
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ValidatePushedAuthorizationRequestContext>()
                .UseSingletonHandler<CheckPushedAuthorizationRequestBinding>()
                .SetOrder(OpenIddictServerHandlers.Authentication.ValidatePushedAuthentication.Descriptor.Order + 500)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public ValueTask HandleAsync(ValidatePushedAuthorizationRequestContext context)
        {
            if (context.Transaction.GetHttpRequest() is not { } request || request.HttpContext.TryGetSandboxBank() is not { } bank)
            {
                return default;
            }
            var parameter = context.Request.GetParameter(CodeBindingParameter);
            var named = parameter is { } sent ? (string?)sent : null;
            // Present but not one thumbprint (sent twice, or malformed): never silently unbound.
            if (parameter is not null && (named is null || !IsThumbprint(named)))
            {
                context.Reject(error: Errors.InvalidRequest,
                    description: "dpop_jkt must be the base64url SHA-256 JWK thumbprint (RFC 7638) of the DPoP key: 43 characters, no padding (RFC 9449 §10).");
                return default;
            }
            if (!StringValues.IsNullOrEmpty(request.Headers[DpopProofs.HeaderName]))
            {
                var thumbprint = proofs.Verify(request, context.RequestUri!, accessToken: null, DpopServer.Authorization, out var refusal);
                if (thumbprint is null)
                {
                    context.Reject(error: refusal!.Error, description: refusal.Description);
                    return default;
                }
                if (named is not null && !string.Equals(named, thumbprint, StringComparison.Ordinal))
                {
                    context.Reject(error: DpopProofs.InvalidProof,
                        description: "dpop_jkt names another key than the one that signed the DPoP proof; send one key's thumbprint and proof, or either alone (RFC 9449 §10.1).");
                    return default;
                }
                context.Request.SetParameter(CodeBindingParameter, thumbprint);
                return default;
            }
            if (named is null && RequiresDpop(bank))
            {
                context.Reject(error: Errors.InvalidRequest,
                    description: $"{bank.Name} binds every authorization code to the client's DPoP key: send dpop_jkt, the key's RFC 7638 thumbprint, or a DPoP proof with the pushed request (RFC 9449 §10, §10.1).");
            }
            return default;
        }

        /// <summary>A SHA-256 thumbprint in base64url without padding: 43 characters of the URL-safe alphabet.</summary>
        private static bool IsThumbprint(string value) =>
            value.Length == 43 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
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
