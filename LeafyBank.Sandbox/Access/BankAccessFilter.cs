using System.Globalization;
using LeafyBank.Sandbox.Authorization;
using LeafyBank.Sandbox.Banks;
using LeafyBank.Sandbox.Consents;
using LeafyBank.Sandbox.Data;
using LeafyBank.Sandbox.Dialects;
using LeafyBank.Sandbox.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using OpenIddict.Validation.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace LeafyBank.Sandbox.Access;

public static class BankAccessEndpointExtensions
{
    /// <summary>Berlin Group's customer-present header (see <see cref="CustomerPresence"/> for each dialect's).</summary>
    public const string PsuIpAddressHeader = CustomerPresence.PsuIpAddressHeader;

    /// <summary>
    /// Protects a bank data endpoint (or a group): a valid access token of this bank carrying
    /// <paramref name="permission"/>, under a valid consent, within the consent's daily allowance
    /// of unattended access to the resource it reads (declare it with
    /// <see cref="AccessedResourceEndpointExtensions.Reads{TBuilder}"/>). The endpoint then reads
    /// <c>HttpContext.GetBankAccess()</c>.
    /// </summary>
    public static TBuilder RequireBankAccess<TBuilder>(this TBuilder builder, string permission)
        where TBuilder : IEndpointConventionBuilder
    {
        if (!BankPermissions.All.Contains(permission, StringComparer.Ordinal))
        {
            throw new ArgumentOutOfRangeException(nameof(permission), permission, $"Use one of {string.Join(", ", BankPermissions.All)}.");
        }
        return builder.AddEndpointFilter(new BankAccessFilter(permission));
    }
}

/// <summary>
/// Checks, in order: token (signature, issuer = this bank's path, expiry, not revoked — by
/// OpenIddict validation against the local server and its token store), audience = this bank,
/// a DPoP-bound token's proof (<see cref="DpopAuthorization"/>),
/// consent valid, scope, then — unless the customer is present (<see cref="CustomerPresence"/>)
/// or the call continues a paged report — one unattended access of the resource it reads
/// (<see cref="AccessedResource"/>), at most <c>frequencyPerDay</c> a UTC day per consent and
/// resource. 400 / 401 / 403 / 429 otherwise, each with a ProblemDetails body saying what to do next.
/// </summary>
internal sealed class BankAccessFilter(string permission) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var bank = context.GetSandboxBank();

        var result = await context.AuthenticateAsync(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
        if (result.None)
        {
            return InvalidToken(context, "No access token: send Authorization: Bearer <access token from this bank>.");
        }
        if (!result.Succeeded || result.Principal is not { } principal)
        {
            return InvalidToken(context, "The access token is not valid here: it is malformed, expired, revoked or from another bank. Refresh it, or ask the customer to consent again.");
        }
        if (!principal.HasAudience(bank.Id))
        {
            return InvalidToken(context, $"The access token was not issued for {bank.Name}.");
        }
        if (DpopAuthorization.Check(context, principal) is { } refusal)
        {
            context.Response.Headers.WWWAuthenticate = refusal.Challenge;
            return Problem(StatusCodes.Status401Unauthorized, "Invalid access token", refusal.Description);
        }

        var consents = context.RequestServices.GetRequiredService<ConsentService>();
        var consentId = principal.GetClaim(SandboxBankContext.ConsentIdClaim);
        var consent = consentId is null ? null : await consents.FindAsync(bank, consentId, context.RequestAborted);
        if (consent is null)
        {
            return InvalidToken(context, "The access token is not tied to a consent at this bank.");
        }
        if (consent.Status is not ConsentStatus.Valid)
        {
            return Problem(StatusCodes.Status403Forbidden, "Consent not valid",
                $"Consent {consent.Id} is {consent.Status.ToWire()}. Ask the customer for a new consent.");
        }
        if (!principal.HasScope(permission) || !consent.Permissions.Contains(permission))
        {
            return Problem(StatusCodes.Status403Forbidden, "Permission not granted",
                $"Consent {consent.Id} does not grant '{permission}'. Ask the customer for a consent that includes it.");
        }

        var present = CustomerPresence.IsPresent(context.Request, bank, out var malformedPresence);
        if (malformedPresence)
        {
            return Problem(StatusCodes.Status400BadRequest, "Customer address not valid",
                $"The {CustomerPresence.HeaderFor(bank)} header must be the customer's IP address (e.g. 192.0.2.10). Leave it out when the customer is not present.");
        }
        var unattended = !present;
        if (unattended && AccessedResource.CounterFor(context) is { } resource)
        {
            var (allowed, retryAfter) = await consents.TryCountUnattendedAccessAsync(consent, resource, context.RequestAborted);
            if (!allowed)
            {
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                var detail = $"Consent {consent.Id} allows {consent.FrequencyPerDay} unattended reads of each resource a day, and today's reads of '{resource}' are used up. " +
                    $"Try again in {seconds} seconds (at 00:00 UTC), or call with the {CustomerPresence.HeaderFor(bank)} header while the customer is present.";
                return Problem(StatusCodes.Status429TooManyRequests, "Daily limit reached", detail,
                    bank.Dialect == SandboxDialects.BerlinGroup ? BerlinGroupDialect.TppMessages("ACCESS_EXCEEDED", detail) : null);
            }
        }

        var granted = principal.GetScopes().Where(consent.Permissions.Contains).ToHashSet(StringComparer.Ordinal);
        var customerId = principal.GetClaim(Claims.Subject) ?? consent.CustomerId!;
        context.SetBankAccess(new BankAccess(
            bank,
            customerId,
            consent.Id,
            granted,
            CoveredAccountIds(context, bank, customerId, consent, granted),
            unattended));
        return await next(invocation);
    }

    /// <summary>
    /// The shared accounts the consent can cover (<see cref="ConsentCoverage"/>). The consent page offers nothing else,
    /// so this is the second lock: a consent stored with an account its terms leave out (approved before the bank
    /// honoured them) never serves that account.
    /// </summary>
    private static HashSet<string> CoveredAccountIds(HttpContext context, SandboxBank bank, string customerId, Consent consent, IReadOnlySet<string> granted)
    {
        var coverage = ConsentCoverage.Of(consent, granted);
        var shared = consent.SharedAccountIds;
        return context.RequestServices.GetRequiredService<ISandboxAccountDirectory>().AccountsOf(bank, customerId)
            .Where(account => shared.Contains(account.Id) && coverage.Covers(account))
            .Select(account => account.Id).ToHashSet(StringComparer.Ordinal);
    }

    private static ProblemHttpResult InvalidToken(HttpContext context, string detail)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
        return Problem(StatusCodes.Status401Unauthorized, "Invalid access token", detail);
    }

    private static ProblemHttpResult Problem(int status, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail, extensions: extensions);
}
