using System.Globalization;
using System.Text.Json;
using LeafyBank.Sandbox.Banks;
using LeafyBank.Sandbox.Consents;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using static LeafyBank.Sandbox.Dialects.DialectSupport;

namespace LeafyBank.Sandbox.Dialects.UkOpenBanking;

/// <summary>The UK terms a consent keeps beside the bank's own fields (<see cref="Consent.StandardTerms"/>).</summary>
internal sealed record UkConsentTerms(IReadOnlyList<string> Permissions, DateTimeOffset? TransactionFromDateTime, DateTimeOffset? TransactionToDateTime)
{
    public static UkConsentTerms? Of(Consent consent) =>
        consent.StandardTerms is { } json ? JsonSerializer.Deserialize<UkConsentTerms>(json, PascalCase) : null;
}

internal sealed record UkConsentResponse(UkConsentData Data, UkRisk Risk, UkLinks Links, UkMetaEmpty Meta);

internal sealed record UkConsentData(
    string ConsentId, string CreationDateTime, string Status, string StatusUpdateDateTime, IReadOnlyList<string> Permissions,
    string? ExpirationDateTime, string? TransactionFromDateTime, string? TransactionToDateTime);

internal sealed record UkRisk;

internal sealed record UkMetaEmpty;

/// <summary>
/// The account-access-consents resource (UK OB 3.1.11, all three operations Mandatory): created
/// under the third party's client-credentials token as <c>AwaitingAuthorisation</c>, authorised
/// by the customer at the bank through the intent id (<c>openbanking_intent_id</c>), read, and
/// deleted. Statuses are the bank's consent lifecycle in UK words.
/// </summary>
internal static class UkAccountAccessConsents
{
    public static void Map(RouteGroupBuilder aisp, SandboxBank bank)
    {
        aisp.MapPost("/account-access-consents", (HttpContext http, [FromServices] ConsentService consents) => Create(http, bank, consents))
            .WithName($"{bank.Id}-create-account-access-consent").WithDescription("OBReadConsent1 → OBReadConsentResponse1 (AwaitingAuthorisation).");
        aisp.MapGet("/account-access-consents/{consentId}", (HttpContext http, string consentId, [FromServices] ConsentService consents) => Get(http, bank, consentId, consents))
            .WithName($"{bank.Id}-get-account-access-consent").WithDescription("OBReadConsentResponse1: the consent's status.");
        aisp.MapDelete("/account-access-consents/{consentId}", (HttpContext http, string consentId, [FromServices] ConsentService consents) => Delete(http, bank, consentId, consents))
            .WithName($"{bank.Id}-delete-account-access-consent").WithDescription("Ends the consent and every token issued under it.");
    }

    /// <summary>A consent's status in UK words. An expired consent keeps the status it ended in; its ExpirationDateTime says it is over.</summary>
    public static string StatusOf(Consent consent) => consent.Status switch
    {
        ConsentStatus.Received => "AwaitingAuthorisation",
        ConsentStatus.Valid => "Authorised",
        ConsentStatus.Rejected => "Rejected",
        ConsentStatus.Expired => consent.AuthorizationId is null ? "Rejected" : "Authorised",
        _ => "Revoked",
    };

    private static async Task<IResult> Create(HttpContext http, SandboxBank bank, ConsentService consents)
    {
        var (clientId, reason) = await UkClientCredentialsGrant.AuthenticateAsync(http);
        if (clientId is null)
        {
            return UkErrors.Unauthorized(http, reason);
        }

        JsonElement body;
        try
        {
            using var document = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            body = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return UkErrors.BadRequest(http, UkErrors.ResourceInvalidFormat, "The body is not JSON: send an OBReadConsent1.");
        }

        var now = consents.Now;
        var (terms, expiration, error) = Read(http, body, bank, now);
        if (error is not null)
        {
            return error;
        }

        var consent = new Consent
        {
            Id = "aac-" + Guid.NewGuid().ToString("N"),
            BankId = bank.Id,
            ClientId = clientId,
            Status = ConsentStatus.Received,
            Access = string.Join(' ', terms!.Permissions.Select(p => UkPermissions.Supported[p]).Distinct(StringComparer.Ordinal)),
            ValidUntil = DateOnly.FromDateTime(expiration.UtcDateTime),
            ExpirationDateTime = expiration,
            StandardTerms = JsonSerializer.Serialize(terms, PascalCase),
            FrequencyPerDay = bank.FrequencyPerDay,
            RecurringIndicator = true,
            CreatedAt = now,
            StatusChangedAt = now,
        };
        await consents.AddAsync(consent, http.RequestAborted);
        return TypedResults.Json(Response(http, consent, $"/{consent.Id}"), PascalCase, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> Get(HttpContext http, SandboxBank bank, string consentId, ConsentService consents)
    {
        var (clientId, reason) = await UkClientCredentialsGrant.AuthenticateAsync(http);
        if (clientId is null)
        {
            return UkErrors.Unauthorized(http, reason);
        }
        var consent = await consents.FindAsync(bank, consentId, http.RequestAborted);
        return consent is null || consent.ClientId != clientId || consent.StandardTerms is null
            ? UkErrors.BadRequest(http, UkErrors.ResourceNotFound, $"This bank has no account-access-consent '{consentId}' for your client.", "ConsentId")
            : TypedResults.Json(Response(http, consent, ""), PascalCase);
    }

    private static async Task<IResult> Delete(HttpContext http, SandboxBank bank, string consentId, ConsentService consents)
    {
        var (clientId, reason) = await UkClientCredentialsGrant.AuthenticateAsync(http);
        if (clientId is null)
        {
            return UkErrors.Unauthorized(http, reason);
        }
        var consent = await consents.FindAsync(bank, consentId, http.RequestAborted);
        if (consent is null || consent.ClientId != clientId || consent.StandardTerms is null)
        {
            return UkErrors.BadRequest(http, UkErrors.ResourceNotFound, $"This bank has no account-access-consent '{consentId}' for your client.", "ConsentId");
        }
        await consents.EndAsync(consent, ConsentStatus.TerminatedByTpp, http.RequestAborted);
        return TypedResults.NoContent();
    }

    private static (UkConsentTerms? Terms, DateTimeOffset Expiration, IResult? Error) Read(HttpContext http, JsonElement body, SandboxBank bank, DateTimeOffset now)
    {
        IResult Invalid(string code, string message, string path) => UkErrors.BadRequest(http, code, message, path);

        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("Data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            return (null, default, Invalid(UkErrors.FieldMissing, "Send an OBReadConsent1: { \"Data\": { \"Permissions\": [...] }, \"Risk\": {} }.", "Data"));
        }
        if (!body.TryGetProperty("Risk", out var risk) || risk.ValueKind != JsonValueKind.Object)
        {
            return (null, default, Invalid(UkErrors.FieldMissing, "Risk is required; send an empty object {} for account information.", "Risk"));
        }
        if (!data.TryGetProperty("Permissions", out var permissionList) || permissionList.ValueKind != JsonValueKind.Array || permissionList.GetArrayLength() == 0)
        {
            return (null, default, Invalid(UkErrors.FieldMissing, $"List at least one permission: {string.Join(", ", UkPermissions.Supported.Keys)}.", "Data.Permissions"));
        }

        var permissions = new List<string>();
        foreach (var item in permissionList.EnumerateArray())
        {
            var permission = item.ValueKind == JsonValueKind.String ? item.GetString()! : item.ToString();
            if (!UkPermissions.Defined.Contains(permission))
            {
                return (null, default, Invalid(UkErrors.FieldInvalid, $"'{permission}' is not a UK Open Banking permission.", "Data.Permissions"));
            }
            if (!UkPermissions.Supported.ContainsKey(permission))
            {
                return (null, default, Invalid(UkErrors.FieldInvalid,
                    $"{bank.Name} does not offer '{permission}'; ask for {string.Join(", ", UkPermissions.Supported.Keys)}.", "Data.Permissions"));
            }
            if (!permissions.Contains(permission, StringComparer.Ordinal))
            {
                permissions.Add(permission);
            }
        }
        // 3.1.11 permission rules: credits/debits narrow a transaction permission, they are not one on their own.
        if ((permissions.Contains(UkPermissions.ReadTransactionsCredits) || permissions.Contains(UkPermissions.ReadTransactionsDebits)) &&
            !permissions.Contains(UkPermissions.ReadTransactionsBasic) && !permissions.Contains(UkPermissions.ReadTransactionsDetail))
        {
            return (null, default, Invalid(UkErrors.FieldInvalid,
                "ReadTransactionsCredits and ReadTransactionsDebits need ReadTransactionsBasic or ReadTransactionsDetail beside them.", "Data.Permissions"));
        }

        if (!TryTime(data, "ExpirationDateTime", out var expiration) ||
            !TryTime(data, "TransactionFromDateTime", out var from) || !TryTime(data, "TransactionToDateTime", out var to))
        {
            return (null, default, Invalid(UkErrors.FieldInvalidDate,
                "Write date-times in ISO 8601 with a time zone, e.g. 2026-12-31T23:59:59+00:00.", "Data"));
        }
        if (expiration is { } expires && expires <= now)
        {
            return (null, default, Invalid(UkErrors.FieldInvalidDate, "ExpirationDateTime is in the past; choose a later one or leave it out.", "Data.ExpirationDateTime"));
        }
        if (from is { } start && to is { } end && start > end)
        {
            return (null, default, Invalid(UkErrors.FieldInvalidDate, "TransactionFromDateTime is after TransactionToDateTime.", "Data.TransactionFromDateTime"));
        }

        // Open-ended or longer than the bank's policy: the bank shortens it and says so in the answer.
        var latest = now.AddDays(bank.MaxConsentDays);
        var granted = expiration is { } asked && asked < latest ? asked : latest;
        return (new UkConsentTerms(permissions, from, to), granted, null);
    }

    private static bool TryTime(JsonElement data, string name, out DateTimeOffset? value)
    {
        value = null;
        if (!data.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }
        if (element.ValueKind == JsonValueKind.String &&
            DateTimeOffset.TryParse(element.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) &&
            element.GetString()!.Contains('T', StringComparison.Ordinal))
        {
            value = parsed;
            return true;
        }
        return false;
    }

    private static UkConsentResponse Response(HttpContext http, Consent consent, string selfTail)
    {
        var terms = UkConsentTerms.Of(consent)!;
        return new UkConsentResponse(
            new UkConsentData(consent.Id, UkTime.Of(consent.CreatedAt), StatusOf(consent), UkTime.Of(consent.StatusChangedAt), terms.Permissions,
                consent.ExpirationDateTime is { } e ? UkTime.Of(e) : null,
                terms.TransactionFromDateTime is { } f ? UkTime.Of(f) : null,
                terms.TransactionToDateTime is { } t ? UkTime.Of(t) : null),
            new UkRisk(),
            new UkLinks($"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{http.Request.Path}{selfTail}", null),
            new UkMetaEmpty());
    }
}

/// <summary>UK Open Banking date-times: ISO 8601 with the offset written out (2017-04-05T10:43:07+00:00).</summary>
internal static class UkTime
{
    public static string Of(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);

    public static string Of(DateOnly value) => Of(new DateTimeOffset(value.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
}
