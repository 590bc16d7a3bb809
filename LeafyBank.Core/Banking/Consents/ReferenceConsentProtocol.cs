using System.Net;
using System.Net.Http.Json;
using LeafyBank.Core.Banking.Authorization;

namespace LeafyBank.Core.Banking.Consents;

/// <summary>
/// The reference banks' consent resource (Green Bank, MongoDB Bank): <c>{issuer}/consents</c>,
/// client-authenticated, Berlin-Group-like statuses, and the consent named by a
/// <c>consent_id</c> authorization parameter with the permissions as scopes.
/// </summary>
public sealed class ReferenceConsentProtocol : IConsentProtocol
{
    public Task<BankConsentStatus> CreateAsync(BankOAuthClient client, BankDirectoryEntry bank, BankConsentRequest request, CancellationToken cancellationToken) =>
        client.SendAsync<BankConsentStatus>(bank,
            client.Authenticated(new HttpRequestMessage(HttpMethod.Post, ConsentsUri(bank)) { Content = JsonContent.Create(request) }), cancellationToken);

    public Task<BankConsentStatus> GetAsync(BankOAuthClient client, BankDirectoryEntry bank, string consentId, CancellationToken cancellationToken) =>
        client.SendAsync<BankConsentStatus>(bank,
            client.Authenticated(new HttpRequestMessage(HttpMethod.Get, $"{ConsentsUri(bank)}/{Uri.EscapeDataString(consentId)}")), cancellationToken);

    public async Task DeleteAsync(BankOAuthClient client, BankDirectoryEntry bank, string consentId, CancellationToken cancellationToken)
    {
        using var request = client.Authenticated(new HttpRequestMessage(HttpMethod.Delete, $"{ConsentsUri(bank)}/{Uri.EscapeDataString(consentId)}"));
        using var response = await client.SendRawAsync(bank, request, cancellationToken);
        // Already gone at the bank is the outcome we wanted.
        if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.NotFound)
        {
            throw BankOAuthClient.Failure(bank, response, "ending the consent");
        }
    }

    public void AddAuthorizationParameters(IDictionary<string, string?> parameters, string consentId, IReadOnlyList<string> permissions)
    {
        parameters["scope"] = string.Join(' ', permissions.Append("offline_access"));
        parameters["consent_id"] = consentId;
    }

    private static string ConsentsUri(BankDirectoryEntry bank) => $"{bank.Issuer.ToString().TrimEnd('/')}/consents";
}
