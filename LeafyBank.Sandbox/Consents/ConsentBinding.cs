using LeafyBank.Sandbox.Banks;
using LeafyBank.Sandbox.Hosting;
using OpenIddict.Abstractions;

namespace LeafyBank.Sandbox.Consents;

/// <summary>
/// How an authorization request names the consent the customer is asked to approve, and which
/// scopes that consent covers. The standards differ here (Berlin Group: scope
/// <c>AIS:{consentId}</c>; UK Open Banking: the intent id in the OpenID Connect <c>claims</c>
/// request; the reference banks: a <c>consent_id</c> parameter with the permissions as scopes);
/// the rest of the authorization endpoint is the same for every bank.
/// </summary>
internal abstract class ConsentBinding
{
    private static readonly ConsentBinding Reference = new ReferenceConsentBinding();

    private static readonly Dictionary<string, ConsentBinding> ByDialect = new(StringComparer.Ordinal)
    {
        // One line per standard that names its consent its own way.
        [SandboxDialects.BerlinGroup] = new BerlinGroupConsentBinding(),
        [SandboxDialects.UkOpenBanking] = new UkOpenBankingConsentBinding(),
    };

    public static ConsentBinding For(SandboxBank bank) => ByDialect.GetValueOrDefault(bank.Dialect, Reference);

    /// <summary>The consent id the request names, or null when it names none.</summary>
    public abstract string? ConsentIdOf(OpenIddictRequest request);

    /// <summary>A requested scope this consent does not cover, or null when all are covered.</summary>
    public abstract string? UncoveredScope(IEnumerable<string> requested, Consent consent);

    /// <summary>What the client must do when the request names no consent it may use.</summary>
    public abstract string HowToNameTheConsent(SandboxBank bank);

    /// <summary>
    /// The scopes the tokens carry (and the consent page lists) once the customer approves: the
    /// requested ones, unless the standard names the consent in a scope of its own.
    /// </summary>
    public virtual IEnumerable<string> GrantedScopes(IEnumerable<string> requested, Consent consent) => requested;

    /// <summary>
    /// The bank's <c>scopes_supported</c>: only scopes it grants (RFC 8414). A standard that grants
    /// <c>openid</c> or names its own scopes lists them here; nothing is advertised that is refused.
    /// </summary>
    public virtual IReadOnlyCollection<string> ScopesSupported { get; } =
        [.. Access.BankPermissions.All, OpenIddictConstants.Scopes.OfflineAccess];

    private sealed class ReferenceConsentBinding : ConsentBinding
    {
        public override string? ConsentIdOf(OpenIddictRequest request) => (string?)request[SandboxBankContext.ConsentIdParameter];

        public override string? UncoveredScope(IEnumerable<string> requested, Consent consent)
        {
            var allowed = consent.Permissions.Append(OpenIddictConstants.Scopes.OfflineAccess).ToHashSet(StringComparer.Ordinal);
            return requested.FirstOrDefault(scope => !allowed.Contains(scope));
        }

        public override string HowToNameTheConsent(SandboxBank bank) =>
            $"Create a consent at {bank.Name} first and pass its id as {SandboxBankContext.ConsentIdParameter}.";
    }
}
