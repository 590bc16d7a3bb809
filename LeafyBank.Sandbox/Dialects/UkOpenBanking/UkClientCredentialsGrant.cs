using System.Security.Claims;
using LeafyBank.Sandbox.Access;
using LeafyBank.Sandbox.Authorization;
using LeafyBank.Sandbox.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using OpenIddict.Validation.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace LeafyBank.Sandbox.Dialects.UkOpenBanking;

/// <summary>
/// UK Open Banking's client-credentials token (scope <c>accounts</c>): the third party's own token
/// for the account-access-consents resource, before any customer is involved. It names no consent,
/// so the data endpoints refuse it; only the consent resource accepts it, and only from the client it was issued to.
/// </summary>
internal static class UkClientCredentialsGrant
{
    public const string Scope = BankPermissions.Accounts;

    /// <summary>Marks a token as the client's own (not a customer's): <c>client_credentials</c>.</summary>
    public const string GrantClaim = "ob_grant";

    public static IResult Issue(HttpContext context, OpenIddictRequest request)
    {
        var bank = context.GetSandboxBank();
        var scopes = request.GetScopes();
        if (scopes.Any(scope => scope != Scope))
        {
            return Refuse(Errors.InvalidScope, $"{bank.Name} issues client-credentials tokens for scope '{Scope}' only.");
        }

        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, request.ClientId).SetClaim(GrantClaim, GrantTypes.ClientCredentials);
        identity.SetScopes(Scope);
        identity.SetAudiences(bank.Id);
        identity.SetDestinations(claim => claim.Type is Claims.Subject or GrantClaim ? [Destinations.AccessToken] : []);
        return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>The client a bearer client-credentials token of this bank was issued to, or the reason it is not one.</summary>
    public static async Task<(string? ClientId, string Reason)> AuthenticateAsync(HttpContext context)
    {
        var bank = context.GetSandboxBank();
        var result = await context.AuthenticateAsync(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
        if (result.None)
        {
            return (null, $"No access token: get one from {bank.Name}'s token endpoint with grant_type=client_credentials and scope={Scope}.");
        }
        if (!result.Succeeded || result.Principal is not { } principal || !principal.HasAudience(bank.Id))
        {
            return (null, $"The access token is not valid at {bank.Name}: it is malformed, expired, revoked or from another bank.");
        }
        if (principal.GetClaim(GrantClaim) != GrantTypes.ClientCredentials || !principal.HasScope(Scope))
        {
            return (null, $"The account-access-consents resource takes a client-credentials token with scope {Scope}, not a customer's token.");
        }
        if (DpopAuthorization.Check(context, principal) is { } refusal)
        {
            // RFC 9449 §7.1, §9: the DPoP challenge says what to fix (use_dpop_nonce: retry with the DPoP-Nonce header's nonce).
            context.Response.Headers.WWWAuthenticate = refusal.Challenge;
            return (null, refusal.Description);
        }
        return (principal.GetClaim(Claims.Subject), "");
    }

    private static IResult Refuse(string error, string description) => Results.Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
