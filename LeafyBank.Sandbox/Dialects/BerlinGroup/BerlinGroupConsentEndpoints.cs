using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using LeafyBank.Sandbox.Access;
using LeafyBank.Sandbox.Authorization;
using LeafyBank.Sandbox.Banks;
using LeafyBank.Sandbox.Consents;
using LeafyBank.Sandbox.Hosting;
using LeafyBank.Sandbox.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using static LeafyBank.Sandbox.Dialects.BerlinGroup.BerlinGroupErrors;
using static LeafyBank.Sandbox.Dialects.DialectSupport;

namespace LeafyBank.Sandbox.Dialects.BerlinGroup;

/// <summary>
/// The Berlin Group NextGenPSD2 1.3.12 account-information consent resource with the OAuth SCA
/// approach: <c>POST /v1/consents</c> answers 201 with <c>_links.scaOAuth</c> (the bank's OAuth
/// 2.0 authorization server metadata, where the third party finds the authorization endpoint
/// and asks for scope <c>AIS:{consentId}</c>), <c>self</c> and <c>status</c>, and
/// <c>ASPSP-SCA-Approach: REDIRECT</c> (the standard subsumes OAuth under REDIRECT). The third
/// party is identified by its client credentials (HTTP Basic), where a live ASPSP reads its
/// eIDAS certificate.
/// </summary>
internal static class BerlinGroupConsentEndpoints
{
    public const string ScaApproachHeader = "ASPSP-SCA-Approach";

    /// <summary>OpenIddict serves the RFC 8414 metadata under the issuer, as the standard's own scaOAuth example links it.</summary>
    public const string MetadataPath = "/.well-known/oauth-authorization-server";

    private const int MaxBodyBytes = 64 * 1024;

    /// <remarks>Services are marked [FromServices] so a host that maps the dialects without the consent store (a test host) can still start.</remarks>
    public static void Map(RouteGroupBuilder v1, SandboxBank bank)
    {
        var consents = v1.MapGroup("/consents");
        consents.MapPost("", CreateAsync).WithName($"{bank.Id}-create-consent")
            .WithDescription("Establish an account-information consent (status received); the customer authorises it with OAuth, scope AIS:{consentId}.");
        consents.MapGet("/{consentId}", GetAsync).WithName($"{bank.Id}-get-consent")
            .WithDescription("The consent as requested, with its status and lastActionDate.");
        consents.MapGet("/{consentId}/status", GetStatusAsync).WithName($"{bank.Id}-consent-status")
            .WithDescription("The consent's status.");
        consents.MapDelete("/{consentId}", DeleteAsync).WithName($"{bank.Id}-delete-consent")
            .WithDescription("End the consent (terminatedByTpp) and every token issued under it.");
    }

    private static async Task<IResult> CreateAsync(HttpContext http, [FromServices] ConsentService consents, [FromServices] SandboxDbContext db, [FromServices] IOpenIddictApplicationManager applications)
    {
        if (await AuthenticateAsync(http, applications) is not { } clientId)
        {
            return ClientUnauthorized(http);
        }
        var psuAddress = http.Request.Headers[CustomerPresence.PsuIpAddressHeader].ToString();
        if (!IPAddress.TryParse(psuAddress, out _))
        {
            return Error(400, BerlinGroupCodes.FormatError, "PSU-IP-Address missing or not valid",
                "Creating a consent needs the PSU-IP-Address header: the customer's IP address, or the third party's own when the customer's is not known.");
        }
        if (await ReadBodyAsync(http) is not { } body)
        {
            return Error(400, BerlinGroupCodes.FormatError, "Body not valid JSON",
                "Send the consent as a JSON object (Content-Type: application/json) of at most 64 KB.");
        }

        var (request, code, problem) = BerlinGroupConsentRequest.Parse(body.RootElement);
        if (request is null)
        {
            return Error(400, code!, "Consent request not acceptable", problem!);
        }
        var bank = http.GetSandboxBank();
        var (consent, errors) = await consents.CreateAsync(bank, clientId, request.Consent, http.RequestAborted, request.AccountTypes);
        if (consent is null)
        {
            var (field, messages) = errors.First();
            return Error(400, field == "validUntil" ? BerlinGroupCodes.PeriodInvalid : BerlinGroupCodes.FormatError,
                "Consent request not acceptable", $"{field}: {string.Join(" ", messages)}");
        }
        db.BerlinGroupConsents.Add(new BerlinGroupConsentRecord { ConsentId = consent.Id, Access = request.AccessJson });
        await db.SaveChangesAsync(http.RequestAborted);

        http.Response.Headers[ScaApproachHeader] = "REDIRECT";
        var self = SelfPath(http, consent.Id);
        var issuer = $"{http.RequestServices.GetRequiredService<SandboxOrigin>().Primary.GetLeftPart(UriPartial.Authority)}{http.Request.PathBase}";
        var links = new Dictionary<string, BgHref>
        {
            ["scaOAuth"] = new(issuer + MetadataPath),
            ["self"] = new(self),
            ["status"] = new(self + "/status"),
        };
        http.Response.Headers.Location = self;
        return TypedResults.Json(new BgConsentCreated(consent.Status.ToWire(), consent.Id, links), CamelCase, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> GetAsync(HttpContext http, string consentId, [FromServices] ConsentService consents, [FromServices] SandboxDbContext db, [FromServices] IOpenIddictApplicationManager applications)
    {
        if (await AuthenticateAsync(http, applications) is not { } clientId)
        {
            return ClientUnauthorized(http);
        }
        if (await FindAsync(http, consents, consentId, clientId) is not { } consent)
        {
            return ConsentUnknown(consentId);
        }
        var record = await db.BerlinGroupConsents.AsNoTracking().FirstOrDefaultAsync(r => r.ConsentId == consent.Id, http.RequestAborted);
        using var access = JsonDocument.Parse(record?.Access ?? AccessOf(consent));
        return TypedResults.Json(new BgConsentInformation(
            access.RootElement.Clone(), consent.RecurringIndicator, Iso(consent.ValidUntil), consent.FrequencyPerDay,
            Iso(DateOnly.FromDateTime(consent.StatusChangedAt.UtcDateTime)), consent.Status.ToWire()), CamelCase);
    }

    private static async Task<IResult> GetStatusAsync(HttpContext http, string consentId, [FromServices] ConsentService consents, [FromServices] IOpenIddictApplicationManager applications)
    {
        if (await AuthenticateAsync(http, applications) is not { } clientId)
        {
            return ClientUnauthorized(http);
        }
        return await FindAsync(http, consents, consentId, clientId) is { } consent
            ? TypedResults.Json(new BgConsentStatus(consent.Status.ToWire()), CamelCase)
            : ConsentUnknown(consentId);
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, string consentId, [FromServices] ConsentService consents, [FromServices] IOpenIddictApplicationManager applications)
    {
        if (await AuthenticateAsync(http, applications) is not { } clientId)
        {
            return ClientUnauthorized(http);
        }
        if (await FindAsync(http, consents, consentId, clientId) is not { } consent)
        {
            return ConsentUnknown(consentId);
        }
        await consents.EndAsync(consent, ConsentStatus.TerminatedByTpp, http.RequestAborted);
        return TypedResults.NoContent();
    }

    private static async Task<string?> AuthenticateAsync(HttpContext http, IOpenIddictApplicationManager applications) =>
        await http.AuthenticateClientAsync(applications);

    private static async Task<Consent?> FindAsync(HttpContext http, ConsentService consents, string consentId, string clientId)
    {
        var consent = await consents.FindAsync(http.GetSandboxBank(), consentId, http.RequestAborted);
        // Another client's consent is as unknown to this one as a consent that never was.
        return consent?.ClientId == clientId ? consent : null;
    }

    private static ProblemHttpResult ClientUnauthorized(HttpContext http)
    {
        var sent = http.Request.Headers.Authorization.Count > 0;
        http.Response.Headers.WWWAuthenticate = "Basic realm=\"sandbox\", charset=\"UTF-8\"";
        return Error(401, sent ? BerlinGroupCodes.CertificateInvalid : BerlinGroupCodes.CertificateMissing, "Third party not identified",
            "Donau Bank identifies third parties by their client credentials in place of an eIDAS certificate: send Authorization: Basic with your client_id and client_secret.");
    }

    private static ProblemHttpResult ConsentUnknown(string consentId) =>
        Error(403, BerlinGroupCodes.ConsentUnknown, "Consent unknown", $"This bank has no consent '{Clip(consentId)}' for your client.");

    private static string Clip(string value) => value.Length <= 100 ? value : value[..100];

    private static string SelfPath(HttpContext http, string consentId) =>
        $"{http.Request.PathBase}/v1/consents/{Uri.EscapeDataString(consentId)}";

    private static async Task<JsonDocument?> ReadBodyAsync(HttpContext http)
    {
        if (http.Request.ContentLength > MaxBodyBytes || !(http.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) ?? false))
        {
            return null;
        }
        try
        {
            return await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A consent made through the sandbox's generic resource, described in Berlin Group terms.</summary>
    private static string AccessOf(Consent consent)
    {
        var access = new Dictionary<string, object>();
        foreach (var permission in new[] { BankPermissions.Accounts, BankPermissions.Balances, BankPermissions.Transactions })
        {
            if (consent.Permissions.Contains(permission))
            {
                access[permission] = Array.Empty<object>();
            }
        }
        return JsonSerializer.Serialize(access);
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

internal sealed record BgConsentCreated(
    string ConsentStatus, string ConsentId,
    [property: JsonPropertyName("_links")] IReadOnlyDictionary<string, BgHref> Links);

internal sealed record BgConsentInformation(
    JsonElement Access, bool RecurringIndicator, string ValidUntil, int FrequencyPerDay, string LastActionDate, string ConsentStatus);

internal sealed record BgConsentStatus(string ConsentStatus);
