using System.Text;
using System.Text.Json;
using LeafyBank.Sandbox.Hosting;
using Microsoft.AspNetCore;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace LeafyBank.Sandbox.Authorization;

/// <summary>
/// At a bank that takes only <c>private_key_jwt</c> (<see cref="ClientAuthenticationPolicy"/>), a client
/// secret — in the form or in an HTTP Basic header — is refused at the token, pushed authorization and
/// revocation endpoints, even when it is right.
/// </summary>
internal sealed class RefuseClientSecretWhereNotAccepted : IOpenIddictServerHandler<ProcessAuthenticationContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessAuthenticationContext>()
            .UseSingletonHandler<RefuseClientSecretWhereNotAccepted>()
            .SetOrder(OpenIddictServerHandlers.ValidateClientSecret.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ProcessAuthenticationContext context)
    {
        if (context.EndpointType is OpenIddictServerEndpointType.Token or OpenIddictServerEndpointType.PushedAuthorization or OpenIddictServerEndpointType.Revocation &&
            !string.IsNullOrEmpty(context.Request?.ClientSecret) &&
            context.Transaction.GetHttpRequest()?.HttpContext.TryGetSandboxBank() is { } bank &&
            !ClientAuthenticationPolicy.AcceptsClientSecret(bank))
        {
            context.Reject(error: Errors.InvalidClient,
                description: "This bank does not accept client secrets: authenticate with private_key_jwt (a client assertion signed with your registered key).");
        }
        return default;
    }
}

/// <summary>
/// What FAPI 2.0 (§5.3.2.1, §5.4) and RFC 7523 ask of a client assertion beyond OpenIddict's own
/// checks (signature against the client's registered JWK set, <c>exp</c> not passed, <c>iss</c> and
/// <c>sub</c> present): signed with PS256, ES256 or EdDSA; <c>iss</c> = <c>sub</c> = the client;
/// <c>aud</c> the bank's issuer identifier as a single string — not its token endpoint, nor a list
/// another server could also be in; <c>exp</c> at most <see cref="ClientAuthenticationPolicy.MaxAssertionLifetime"/>
/// away; a <c>jti</c> never seen before. Every refusal is <c>invalid_client</c> (RFC 6749 §5.2).
/// Runs once OpenIddict has checked the signature, so the claims read here are the client's.
/// </summary>
internal sealed class ValidateClientAssertionForFapi(ClientAssertionReplayCache replays, TimeProvider clock)
    : IOpenIddictServerHandler<ProcessAuthenticationContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessAuthenticationContext>()
            .AddFilter<OpenIddictServerHandlerFilters.RequireClientAssertionPrincipal>()
            .UseSingletonHandler<ValidateClientAssertionForFapi>()
            .SetOrder(OpenIddictServerHandlers.ValidateClientAssertion.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    /// <summary>Set on the transaction once the assertion passed: a later failure is about the grant, not the client.</summary>
    public const string AcceptedProperty = ".leafybank_sandbox_client_assertion_accepted";

    public ValueTask HandleAsync(ProcessAuthenticationContext context)
    {
        if (context.Transaction.GetHttpRequest()?.HttpContext.TryGetSandboxBank() is null || context.ClientAssertion is not { } assertion)
        {
            return default;
        }
        if (Refusal(context, assertion) is { } refusal)
        {
            context.Reject(error: Errors.InvalidClient, description: refusal);
            return default;
        }
        context.Transaction.Properties[AcceptedProperty] = true;
        return default;
    }

    private string? Refusal(ProcessAuthenticationContext context, string assertion)
    {
        var parts = assertion.Split('.');
        if (parts.Length != 3 || CompactJws.Decode(parts[0]) is not { } header || CompactJws.Decode(parts[1]) is not { } payload)
        {
            return "The client assertion must be a signed JWT (JWS compact serialization).";
        }
        using (header)
        using (payload)
        {
            var algorithm = header.RootElement.TryGetProperty("alg", out var alg) && alg.ValueKind is JsonValueKind.String ? alg.GetString() : null;
            if (algorithm is null || !ClientAuthenticationPolicy.AssertionSigningAlgorithms.Contains(algorithm, StringComparer.Ordinal))
            {
                return $"The client assertion must be signed with {string.Join(", ", ClientAuthenticationPolicy.AssertionSigningAlgorithms)}.";
            }

            var claims = payload.RootElement;
            var issuer = Text(claims, Claims.Issuer);
            if (issuer is null || issuer != Text(claims, Claims.Subject) || (context.ClientId is { Length: > 0 } clientId && clientId != issuer))
            {
                return "The client assertion's iss and sub must both be your client_id.";
            }

            var bankIssuer = (context.Options.Issuer ?? context.BaseUri)?.AbsoluteUri.TrimEnd('/');
            if (Text(claims, Claims.Audience) is not { } audience || bankIssuer is null || audience.TrimEnd('/') != bankIssuer)
            {
                return "The client assertion's aud must be this bank's issuer identifier, as a single string.";
            }

            if (!claims.TryGetProperty(Claims.ExpiresAt, out var exp) || !exp.TryGetInt64(out var expSeconds))
            {
                return "The client assertion must say when it expires (exp).";
            }
            var expiresAt = DateTimeOffset.FromUnixTimeSeconds(expSeconds);
            // Checked here too, on the bank's own clock: OpenIddict's check does not refuse every expired assertion.
            if (expiresAt <= clock.GetUtcNow())
            {
                return "The client assertion has expired: sign a new one for every request.";
            }
            if (expiresAt - clock.GetUtcNow() > ClientAuthenticationPolicy.MaxAssertionLifetime)
            {
                return $"The client assertion lives too long: its exp must be at most {ClientAuthenticationPolicy.MaxAssertionLifetime.TotalMinutes:0} minutes away.";
            }

            if (Text(claims, Claims.JwtId) is not { Length: > 0 } jwtId)
            {
                return "The client assertion must carry a unique jti.";
            }
            if (!replays.TryUse(bankIssuer, issuer, jwtId, expiresAt))
            {
                return "This client assertion was already used: sign a new one (with a new jti) for every request.";
            }
        }
        return null;
    }

    private static string? Text(JsonElement claims, string name) => CompactJws.Text(claims, name);
}

/// <summary>
/// <c>token_endpoint_auth_methods_supported</c> (which RFC 9126 §2 applies to the pushed authorization
/// endpoint too) and its revocation twin list what this bank accepts
/// (<see cref="ClientAuthenticationPolicy"/>), with the assertion algorithms FAPI 2.0 allows.
/// </summary>
internal sealed class AdvertiseBankClientAuthentication : IOpenIddictServerHandler<HandleConfigurationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleConfigurationRequestContext>()
            .UseSingletonHandler<AdvertiseBankClientAuthentication>()
            .SetOrder(OpenIddictServerHandlers.Discovery.AttachClientAuthenticationMethods.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(HandleConfigurationRequestContext context)
    {
        if (context.Transaction.GetHttpRequest()?.HttpContext.TryGetSandboxBank() is { } bank)
        {
            var methods = ClientAuthenticationPolicy.MethodsFor(bank);
            foreach (var advertised in new[] { context.TokenEndpointAuthenticationMethods, context.PushedAuthorizationEndpointAuthenticationMethods, context.RevocationEndpointAuthenticationMethods })
            {
                advertised.Clear();
                advertised.UnionWith(methods);
            }
            var algorithms = JsonSerializer.SerializeToElement(ClientAuthenticationPolicy.AssertionSigningAlgorithms);
            context.Metadata[Metadata.TokenEndpointAuthSigningAlgValuesSupported] = new OpenIddictParameter(algorithms);
            context.Metadata[Metadata.RevocationEndpointAuthSigningAlgValuesSupported] = new OpenIddictParameter(algorithms);
        }
        return default;
    }
}

/// <summary>
/// A client assertion's audience is checked once, by <see cref="ValidateClientAssertionForFapi"/> (this
/// bank's issuer, one string). OpenIddict's own check is off for assertions: one server answers for
/// every bank, and its audience list is not per bank, so an assertion for the second bank a client
/// used would be refused.
/// </summary>
internal sealed class LeaveClientAssertionAudienceToTheBank : IOpenIddictServerHandler<ValidateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
            .UseSingletonHandler<LeaveClientAssertionAudienceToTheBank>()
            .SetOrder(OpenIddictServerHandlers.Protection.ValidateAudiences.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    /// <summary>OpenIddict 7's internal token type for client assertions (TokenTypeIdentifiers.Private).</summary>
    private const string ClientAssertionType = "urn:openiddict:params:oauth:token-type:client_assertion";

    public ValueTask HandleAsync(ValidateTokenContext context)
    {
        if (context.ValidTokenTypes is { Count: 1 } types && types.Contains(ClientAssertionType) &&
            context.Transaction.GetHttpRequest()?.HttpContext.TryGetSandboxBank() is not null)
        {
            context.DisableAudienceValidation = true;
        }
        return default;
    }
}

/// <summary>
/// RFC 6749 §5.2: a client whose authentication failed gets <c>invalid_client</c>. OpenIddict answers
/// <c>invalid_token</c> when it cannot validate a client assertion (wrong key, expired), which a client
/// would read as a problem with the grant, not with its own credentials.
/// </summary>
internal sealed class ReportClientAssertionFailuresAsInvalidClient<TContext> : IOpenIddictServerHandler<TContext>
    where TContext : BaseRequestContext
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<TContext>()
            .UseSingletonHandler<ReportClientAssertionFailuresAsInvalidClient<TContext>>()
            .SetOrder(int.MinValue + 100_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(TContext context)
    {
        if (context.Transaction.Response is { Error: Errors.InvalidToken } response &&
            !string.IsNullOrEmpty(context.Transaction.Request?.ClientAssertion) &&
            !context.Transaction.Properties.ContainsKey(ValidateClientAssertionForFapi.AcceptedProperty) &&
            context.Transaction.GetHttpRequest()?.HttpContext.TryGetSandboxBank() is not null)
        {
            response.Error = Errors.InvalidClient;
        }
        return default;
    }
}
