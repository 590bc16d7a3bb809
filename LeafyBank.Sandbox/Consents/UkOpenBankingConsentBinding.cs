using System.Text.Json;
using LeafyBank.Sandbox.Banks;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace LeafyBank.Sandbox.Consents;

/// <summary>
/// UK Open Banking names the consent by its intent id in the OpenID Connect <c>claims</c> request
/// parameter (<c>{"id_token":{"openbanking_intent_id":{"value":"…","essential":true}}}</c>, also
/// allowed under <c>userinfo</c>) with <c>scope=openid accounts</c>; OpenID Connect Core §5.5 allows
/// <c>claims</c> without a request object. What the token may read is the intent's Permissions,
/// so the tokens carry the consent's permissions, not the word <c>accounts</c>.
/// </summary>
internal sealed class UkOpenBankingConsentBinding : ConsentBinding
{
    public const string IntentIdClaim = "openbanking_intent_id";

    private static readonly string[] Members = ["id_token", "userinfo"];

    public override string? ConsentIdOf(OpenIddictRequest request)
    {
        if ((string?)request[Parameters.Claims] is not { Length: > 0 } claims)
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(claims);
            var named = Members
                .Select(member => document.RootElement.ValueKind == JsonValueKind.Object &&
                    document.RootElement.TryGetProperty(member, out var section) && section.ValueKind == JsonValueKind.Object &&
                    section.TryGetProperty(IntentIdClaim, out var claim) && claim.ValueKind == JsonValueKind.Object &&
                    claim.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String
                        ? value.GetString() : null)
                .Where(id => !string.IsNullOrEmpty(id)).Distinct(StringComparer.Ordinal).ToList();
            // Two different intents in one request name no consent at all.
            return named is [var only] ? only : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public override string? UncoveredScope(IEnumerable<string> requested, Consent consent) =>
        requested.FirstOrDefault(scope => scope is not (Scopes.OpenId or Access.BankPermissions.Accounts or Scopes.OfflineAccess));

    public override IEnumerable<string> GrantedScopes(IEnumerable<string> requested, Consent consent) =>
        [.. requested.Where(scope => scope == Scopes.OpenId), Scopes.OfflineAccess, .. consent.Permissions.Order(StringComparer.Ordinal)];

    /// <summary>UK Open Banking asks for <c>openid accounts</c>; the consent's permissions travel in the intent, not in scopes.</summary>
    public override IReadOnlyCollection<string> ScopesSupported { get; } = [Scopes.OpenId, Access.BankPermissions.Accounts, Scopes.OfflineAccess];

    public override string HowToNameTheConsent(SandboxBank bank) =>
        $"Create an account-access-consent at {bank.Name} first, then name its ConsentId as {IntentIdClaim} in the claims parameter " +
        "(id_token or userinfo, essential) with scope 'openid accounts'.";
}
