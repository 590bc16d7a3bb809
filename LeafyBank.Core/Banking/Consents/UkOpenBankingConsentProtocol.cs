using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using LeafyBank.Core.Banking.Authorization;
using LeafyBank.Core.Domain;

namespace LeafyBank.Core.Banking.Consents;

/// <summary>
/// UK Open Banking 3.1 account-access-consents: a client-credentials token with scope
/// <c>accounts</c> from the bank's token endpoint, then <c>POST …/aisp/account-access-consents</c>
/// (OBReadConsent1), <c>GET</c> and <c>DELETE …/{ConsentId}</c>, every call with an
/// <c>x-fapi-interaction-id</c>. The customer authorises the intent id, named in the OpenID Connect
/// <c>claims</c> request with <c>scope=openid accounts</c>. The resource sits beside the accounts
/// endpoint, so a real ASPSP needs only its directory entry.
/// </summary>
public sealed class UkOpenBankingConsentProtocol : IConsentProtocol
{
    public const string Scope = "accounts";
    public const string IntentIdClaim = "openbanking_intent_id";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Leafy's permissions in UK words: the detailed variants, since Leafy shows names, references and counterparties.</summary>
    private static readonly Dictionary<string, string[]> UkPermissions = new(StringComparer.Ordinal)
    {
        [ConsentPermissions.Accounts] = ["ReadAccountsDetail"],
        [ConsentPermissions.Balances] = ["ReadBalances"],
        [ConsentPermissions.Transactions] = ["ReadTransactionsDetail", "ReadTransactionsCredits", "ReadTransactionsDebits"],
        [ConsentPermissions.Products] = ["ReadProducts"],
    };

    public async Task<BankConsentStatus> CreateAsync(BankOAuthClient client, BankDirectoryEntry bank, BankConsentRequest request, CancellationToken cancellationToken)
    {
        var permissions = request.Access.SelectMany(p => UkPermissions.TryGetValue(p, out var uk) ? uk : []).Distinct(StringComparer.Ordinal).ToList();
        // Leafy's validUntil is the last day of access: the UK consent expires as that day ends.
        var expires = DateOnly.ParseExact(request.ValidUntil, "yyyy-MM-dd", CultureInfo.InvariantCulture).AddDays(1);
        var body = new UkConsentRequest(
            new UkConsentRequestData(permissions, $"{expires:yyyy-MM-dd}T00:00:00+00:00", TransactionFromDateTime: null, TransactionToDateTime: null),
            new UkRisk());
        return await SendAsync(client, bank,
            () => new HttpRequestMessage(HttpMethod.Post, ConsentsUri(bank)) { Content = JsonContent.Create(body, options: Json) }, cancellationToken);
    }

    public Task<BankConsentStatus> GetAsync(BankOAuthClient client, BankDirectoryEntry bank, string consentId, CancellationToken cancellationToken) =>
        SendAsync(client, bank, () => new HttpRequestMessage(HttpMethod.Get, ConsentUri(bank, consentId)), cancellationToken);

    public async Task DeleteAsync(BankOAuthClient client, BankDirectoryEntry bank, string consentId, CancellationToken cancellationToken)
    {
        using var response = await SendWithTokenAsync(client, bank, () => new HttpRequestMessage(HttpMethod.Delete, ConsentUri(bank, consentId)), cancellationToken);
        // UK banks answer an unknown ConsentId with 400 UK.OBIE.Resource.NotFound: already gone is the outcome we wanted.
        if (!response.IsSuccessStatusCode && response.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.BadRequest))
        {
            throw BankOAuthClient.Failure(bank, response, "ending the consent");
        }
    }

    public void AddAuthorizationParameters(IDictionary<string, string?> parameters, string consentId, IReadOnlyList<string> permissions)
    {
        parameters["scope"] = $"openid {Scope}";
        var intent = new Dictionary<string, object> { ["value"] = consentId, ["essential"] = true };
        parameters["claims"] = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["userinfo"] = new Dictionary<string, object> { [IntentIdClaim] = intent },
            ["id_token"] = new Dictionary<string, object> { [IntentIdClaim] = intent },
        });
    }

    /// <summary>
    /// UK statuses in Leafy's words. UK has no "expired": an Authorised consent past its
    /// ExpirationDateTime is over all the same. "Past" is by the bank's own clock (its Date
    /// header), so neither side's clock skew matters; without one, Leafy's own validUntil decides.
    /// </summary>
    internal static string StatusOf(UkConsentResponseData data, DateTimeOffset? bankNow) => data.Status switch
    {
        "AwaitingAuthorisation" => ConsentStatuses.Received,
        "Authorised" when data.ExpirationDateTime is { } expires && bankNow is { } now && expires <= now => ConsentStatuses.Expired,
        "Authorised" => ConsentStatuses.Valid,
        "Rejected" => ConsentStatuses.Rejected,
        "Revoked" => ConsentStatuses.RevokedByPsu,
        var other => throw new BankApiException(BankFailureKind.MalformedResponse, $"The bank answered with a consent status Leafy Bank does not know ({other})."),
    };

    private static BankConsentStatus Translate(UkConsentResponse response, DateTimeOffset? bankNow, BankDirectoryEntry bank)
    {
        var data = response.Data ?? throw new BankApiException(BankFailureKind.MalformedResponse, $"{bank.Name} answered the consent request without its Data.");
        return new BankConsentStatus(data.ConsentId, StatusOf(data, bankNow),
            data.ExpirationDateTime is { } expires ? DateOnly.FromDateTime(expires.UtcDateTime.AddTicks(-1)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
            FrequencyPerDay: null);
    }

    private static async Task<BankConsentStatus> SendAsync(BankOAuthClient client, BankDirectoryEntry bank, Func<HttpRequestMessage> create, CancellationToken cancellationToken)
    {
        using var response = await SendWithTokenAsync(client, bank, create, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw BankOAuthClient.Failure(bank, response, "handling the consent");
        }
        return Translate(await BankOAuthClient.ReadJsonAsync<UkConsentResponse>(bank, response, cancellationToken), response.Headers.Date, bank);
    }

    /// <summary>
    /// A request made by <paramref name="create"/> with a fresh client-credentials token; made again, once, with a new DPoP
    /// proof when the bank asks for its nonce (RFC 9449 §9), so each attempt is a whole new request.
    /// </summary>
    private static async Task<HttpResponseMessage> SendWithTokenAsync(BankOAuthClient client, BankDirectoryEntry bank, Func<HttpRequestMessage> create,
        CancellationToken cancellationToken)
    {
        var token = await client.ClientCredentialsTokenAsync(bank, Scope, cancellationToken);
        return await client.Presentable(bank, token.AccessToken, token.TokenType).SendAsync(() =>
        {
            var request = create();
            request.Headers.Add("x-fapi-interaction-id", Guid.NewGuid().ToString());
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            return request;
        }, (request, cancellation) => client.SendRawAsync(bank, request, cancellation), cancellationToken);
    }

    private static Uri ConsentsUri(BankDirectoryEntry bank) => new(bank.AccountsEndpoint, "account-access-consents");

    private static Uri ConsentUri(BankDirectoryEntry bank, string consentId) => new($"{ConsentsUri(bank).AbsoluteUri}/{Uri.EscapeDataString(consentId)}");
}

internal sealed record UkConsentRequest(UkConsentRequestData Data, UkRisk Risk);

internal sealed record UkConsentRequestData(
    IReadOnlyList<string> Permissions, string? ExpirationDateTime, string? TransactionFromDateTime, string? TransactionToDateTime);

internal sealed record UkRisk;

internal sealed record UkConsentResponse(UkConsentResponseData? Data);

internal sealed record UkConsentResponseData(string ConsentId, string Status, DateTimeOffset? ExpirationDateTime);
