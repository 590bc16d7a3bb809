using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using LeafyBank.Core.Banking.Authorization;
using LeafyBank.Core.Domain;

namespace LeafyBank.Core.Banking.Consents;

/// <summary>
/// Berlin Group NextGenPSD2 1.3.12 account-information consents with the OAuth SCA approach:
/// <c>POST {api}/v1/consents</c> (a bank-offered consent: empty <c>accounts</c>,
/// <c>balances</c>, <c>transactions</c> arrays, the customer picks the accounts at the bank;
/// loans left out with <c>restrictedTo</c> when not asked for), then <c>GET</c> of the consent
/// for the validity the bank granted; the authorization request names it with scope
/// <c>AIS:{consentId}</c>; <c>GET …/status</c> reads its status and <c>DELETE</c> ends it. Every
/// call carries a new <c>X-Request-ID</c>. The consent resource sits beside the accounts
/// endpoint the bank directory names (<c>…/v1/accounts</c> → <c>…/v1/consents</c>).
/// </summary>
public sealed class BerlinGroupConsentProtocol : IConsentProtocol
{
    public const string RequestIdHeader = "X-Request-ID";
    public const string PsuIpAddressHeader = "PSU-IP-Address";
    public const string ScopePrefix = "AIS:";

    /// <summary>
    /// The standard makes PSU-IP-Address mandatory here. Leafy Bank does not pass the customer's
    /// address down to the consent request, so it says "address unknown" in a valid form, as its
    /// connectors do on customer-present calls (<c>BankApiCall</c>).
    /// </summary>
    private const string UnknownPsuAddress = "0.0.0.0";

    /// <summary>Every cashAccountType but LOAN: how a consent without the products permission leaves loans out.</summary>
    private static readonly string[] DepositAccountTypes = ["CACC", "CARD", "CASH", "MOMA", "SVGS", "TRAN"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<BankConsentStatus> CreateAsync(BankOAuthClient client, BankDirectoryEntry bank, BankConsentRequest request, CancellationToken cancellationToken)
    {
        var message = Message(client, HttpMethod.Post, ConsentsUri(bank));
        message.Headers.Add(PsuIpAddressHeader, UnknownPsuAddress);
        message.Content = JsonContent.Create(Body(request), options: Json);
        var created = await client.SendAsync<BgConsentCreatedJson>(bank, message, cancellationToken);
        if (string.IsNullOrEmpty(created.ConsentId) || created.Links?.ScaOAuth?.Href is null)
        {
            throw new BankApiException(BankFailureKind.MalformedResponse,
                $"{bank.Name} did not offer its customers OAuth sign-in for this consent, which Leafy Bank uses. Nothing was linked.");
        }

        // The bank may shorten validUntil or lower frequencyPerDay; the consent object says what it granted.
        var granted = await client.SendAsync<BgConsentJson>(bank,
            Message(client, HttpMethod.Get, ConsentUri(bank, created.ConsentId)), cancellationToken);
        return new BankConsentStatus(created.ConsentId, Status(bank, granted.ConsentStatus ?? created.ConsentStatus),
            granted.ValidUntil, granted.FrequencyPerDay);
    }

    public async Task<BankConsentStatus> GetAsync(BankOAuthClient client, BankDirectoryEntry bank, string consentId, CancellationToken cancellationToken)
    {
        var status = await client.SendAsync<BgConsentJson>(bank,
            Message(client, HttpMethod.Get, ConsentUri(bank, consentId) + "/status"), cancellationToken);
        return new BankConsentStatus(consentId, Status(bank, status.ConsentStatus), null, null);
    }

    public async Task DeleteAsync(BankOAuthClient client, BankDirectoryEntry bank, string consentId, CancellationToken cancellationToken)
    {
        using var request = Message(client, HttpMethod.Delete, ConsentUri(bank, consentId));
        using var response = await client.SendRawAsync(bank, request, cancellationToken);
        if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotFound || await IsConsentUnknownAsync(response, cancellationToken))
        {
            // Already gone at the bank is the outcome we wanted.
            return;
        }
        throw BankOAuthClient.Failure(bank, response, "ending the consent");
    }

    public void AddAuthorizationParameters(IDictionary<string, string?> parameters, string consentId, IReadOnlyList<string> permissions) =>
        // The consent carries the permissions; offline_access asks for the refresh token that keeps the connection.
        parameters["scope"] = $"{ScopePrefix}{consentId} offline_access";

    private static BgConsentRequestJson Body(BankConsentRequest request)
    {
        var asked = request.Access.ToHashSet(StringComparer.Ordinal);
        return new BgConsentRequestJson(
            new BgAccessJson(
                Accounts: [],
                Balances: asked.Contains(ConsentPermissions.Balances) ? [] : null,
                Transactions: asked.Contains(ConsentPermissions.Transactions) ? [] : null,
                RestrictedTo: asked.Contains(ConsentPermissions.Products) ? null : DepositAccountTypes),
            request.RecurringIndicator, request.ValidUntil, request.FrequencyPerDay, CombinedServiceIndicator: false);
    }

    /// <summary>Berlin Group's statuses are Leafy's vocabulary; a multi-level authorisation still under way is not yet granted.</summary>
    private static string Status(BankDirectoryEntry bank, string? status) => status switch
    {
        ConsentStatuses.Received or "partiallyAuthorised" => ConsentStatuses.Received,
        ConsentStatuses.Valid or ConsentStatuses.Rejected or ConsentStatuses.RevokedByPsu
            or ConsentStatuses.Expired or ConsentStatuses.TerminatedByTpp => status,
        _ => throw new BankApiException(BankFailureKind.MalformedResponse,
            $"{bank.Name} gave a consent status Leafy Bank does not know. Nothing was changed."),
    };

    private static async Task<bool> IsConsentUnknownAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode != HttpStatusCode.Forbidden)
        {
            return false;
        }
        try
        {
            var error = await response.Content.ReadFromJsonAsync<BgErrorJson>(Json, cancellationToken);
            return error?.Code == "CONSENT_UNKNOWN" || error?.TppMessages?.Any(m => m.Code == "CONSENT_UNKNOWN") == true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static HttpRequestMessage Message(BankOAuthClient client, HttpMethod method, string uri)
    {
        var message = client.Authenticated(new HttpRequestMessage(method, uri));
        message.Headers.Add(RequestIdHeader, Guid.NewGuid().ToString());
        return message;
    }

    private static string ConsentsUri(BankDirectoryEntry bank) => new Uri(bank.AccountsEndpoint, "consents").AbsoluteUri;

    private static string ConsentUri(BankDirectoryEntry bank, string consentId) => $"{ConsentsUri(bank)}/{Uri.EscapeDataString(consentId)}";
}

internal sealed record BgConsentRequestJson(
    BgAccessJson Access, bool RecurringIndicator, string ValidUntil, int FrequencyPerDay, bool CombinedServiceIndicator);

internal sealed record BgAccessJson(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<object>? Accounts,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<object>? Balances,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<object>? Transactions,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? RestrictedTo);

internal sealed record BgHrefJson(string? Href);

internal sealed record BgConsentLinksJson(BgHrefJson? ScaOAuth);

internal sealed record BgConsentCreatedJson(
    string ConsentId, string? ConsentStatus, [property: JsonPropertyName("_links")] BgConsentLinksJson? Links);

internal sealed record BgConsentJson(string? ConsentStatus, string? ValidUntil = null, int? FrequencyPerDay = null);

internal sealed record BgTppMessageJson(string? Code);

internal sealed record BgErrorJson(string? Code, IReadOnlyList<BgTppMessageJson>? TppMessages);
