using LeafyBank.Core.Banking.Authorization;

namespace LeafyBank.Core.Banking.Consents;

/// <summary>
/// How one open-banking standard handles the consent resource: creating it before the customer
/// is sent to the bank, reading its status, ending it, and naming it in the authorization
/// request. Berlin Group (<c>POST /v1/consents</c>, scope <c>AIS:{consentId}</c>), UK Open
/// Banking (<c>account-access-consents</c> under a client-credentials token, the intent id in the
/// <c>claims</c> request) and the reference banks' own resource differ exactly here; everything
/// after the code exchange is the same OAuth 2.0. Implementations use the bank's
/// <see cref="BankOAuthClient"/> as their transport, so client authentication, error words and
/// timeouts are the same for every standard.
/// </summary>
public interface IConsentProtocol
{
    /// <summary>Creates the consent; the answer's status is in Leafy's vocabulary (<see cref="Domain.ConsentStatuses"/>).</summary>
    Task<BankConsentStatus> CreateAsync(BankOAuthClient client, BankDirectoryEntry bank, BankConsentRequest request, CancellationToken cancellationToken);

    /// <summary>The bank's current view of the consent, its status translated to <see cref="Domain.ConsentStatuses"/>.</summary>
    Task<BankConsentStatus> GetAsync(BankOAuthClient client, BankDirectoryEntry bank, string consentId, CancellationToken cancellationToken);

    /// <summary>Ends the consent at the bank; a consent the bank no longer knows counts as ended.</summary>
    Task DeleteAsync(BankOAuthClient client, BankDirectoryEntry bank, string consentId, CancellationToken cancellationToken);

    /// <summary>Adds the parameters that name the consent and the scope to the authorization request.</summary>
    void AddAuthorizationParameters(IDictionary<string, string?> parameters, string consentId, IReadOnlyList<string> permissions);
}
