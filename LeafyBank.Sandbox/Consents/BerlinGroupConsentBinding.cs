using LeafyBank.Sandbox.Banks;
using OpenIddict.Abstractions;

namespace LeafyBank.Sandbox.Consents;

/// <summary>
/// Berlin Group's OAuth SCA approach (NextGenPSD2 implementation guidelines): the authorization
/// request names the consent in the scope, <c>AIS:{consentId}</c>, and nothing else; a refresh
/// token is asked for with <c>offline_access</c>. The tokens carry the permissions the consent
/// grants, so the data APIs check them as at every bank.
/// </summary>
internal sealed class BerlinGroupConsentBinding : ConsentBinding
{
    public const string ScopePrefix = "AIS:";

    public static bool IsConsentScope(string scope) =>
        scope.StartsWith(ScopePrefix, StringComparison.Ordinal) && scope.Length > ScopePrefix.Length;

    /// <summary>The consent of the one <c>AIS:</c> scope; none when there is none or more than one.</summary>
    public override string? ConsentIdOf(OpenIddictRequest request)
    {
        var named = request.GetScopes().Where(IsConsentScope).Distinct(StringComparer.Ordinal).ToList();
        return named.Count == 1 ? named[0][ScopePrefix.Length..] : null;
    }

    public override string? UncoveredScope(IEnumerable<string> requested, Consent consent) =>
        requested.FirstOrDefault(scope => scope != ScopePrefix + consent.Id && scope != OpenIddictConstants.Scopes.OfflineAccess);

    public override IEnumerable<string> GrantedScopes(IEnumerable<string> requested, Consent consent) =>
        consent.Permissions.Order(StringComparer.Ordinal)
            .Concat(requested.Where(scope => scope == OpenIddictConstants.Scopes.OfflineAccess));

    /// <summary>Only <c>offline_access</c>: the consent's own scope (<c>AIS:{consentId}</c>) is made per consent and cannot be listed.</summary>
    public override IReadOnlyCollection<string> ScopesSupported { get; } = [OpenIddictConstants.Scopes.OfflineAccess];

    public override string HowToNameTheConsent(SandboxBank bank) =>
        $"Create a consent at {bank.Name} (POST /v1/consents) and ask for scope {ScopePrefix}{{consentId}} with its id.";
}
