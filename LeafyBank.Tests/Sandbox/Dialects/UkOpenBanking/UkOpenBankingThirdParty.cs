using System.Text.Json.Serialization;
using LeafyBank.Core.Banking.Consents;

namespace LeafyBank.Tests.Sandbox.Dialects.UkOpenBanking;

/// <summary>
/// A third party speaking UK Open Banking 3.1.11 to a sandbox bank, as the standard has it: a
/// client-credentials token (scope accounts), an account-access-consent, the customer's approval of
/// the intent id (named in the OpenID Connect claims request), the code exchange, then the data
/// endpoints — every step's answer kept so the tests can check it against the official document.
/// </summary>
public sealed class UkOpenBankingThirdParty(SandboxTestHost host, string bankId = "thamesbank")
{
    public static readonly string[] AllPermissions =
        ["ReadAccountsDetail", "ReadBalances", "ReadTransactionsDetail", "ReadTransactionsCredits", "ReadTransactionsDebits", "ReadProducts"];

    private static readonly JsonSerializerOptions LeaveOutNulls = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    /// <summary>Every response seen, with the operation it answered.</summary>
    public List<ObservedResponse> Seen { get; } = [];

    /// <summary>A client-credentials token for the consent resource, as Leafy Bank's own client gets it.</summary>
    public async Task<string> ClientTokenAsync() =>
        (await host.OAuth.ClientCredentialsTokenAsync(SandboxTestHost.Entry(bankId), "accounts", Ct)).AccessToken;

    public static string ConsentBody(IEnumerable<string> permissions, string? expiration = null, string? from = null, string? to = null) =>
        JsonSerializer.Serialize(new UkConsentRequest(new([.. permissions], expiration, from, to), new()), LeaveOutNulls);

    /// <summary>Sends one call and records its answer under the document's path template.</summary>
    public async Task<ObservedResponse> SendAsync(HttpMethod method, string template, string path, string? token,
        string? json = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var response = await host.SendAsync(method, $"/sandbox/{bankId}/open-banking/v3.1/aisp{path}", token,
            content: json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"),
            headers: [.. (headers ?? new Dictionary<string, string>()).Select(header => (header.Key, (string?)header.Value))]);
        var observed = await ObservedResponse.ReadAsync(method.Method, template, response, Ct);
        Seen.Add(observed);
        return observed;
    }

    public async Task<string> CreateConsentAsync(IEnumerable<string>? permissions = null, string? from = null)
    {
        var created = await SendAsync(HttpMethod.Post, "/account-access-consents", "/account-access-consents", await ClientTokenAsync(),
            ConsentBody(permissions ?? AllPermissions, from: from));
        Assert.True(created.Status == 201, created.Body);
        return JsonDocument.Parse(created.Body).RootElement.GetProperty("Data").GetProperty("ConsentId").GetString()!;
    }

    /// <summary>Consent → the customer approves the intent at the bank → code exchange.</summary>
    public async Task<(string ConsentId, BankTokenResponse Tokens)> ConnectAsync(IEnumerable<string>? permissions = null, string customer = "frida")
    {
        var consentId = await CreateConsentAsync(permissions);
        return (consentId, await host.ApproveAsync(bankId, consentId, customer: customer));
    }
}
