using LeafyBank.Sandbox.Banks;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace LeafyBank.Sandbox.Authorization;

/// <summary>
/// How a bank lets a third party authenticate at its token, pushed authorization and revocation
/// endpoints. The standard banks (Berlin Group, UK Open Banking) follow the FAPI 2.0 Security
/// Profile (§5.3.2.1): <c>private_key_jwt</c> only, as a FAPI-certified ASPSP does — a shared secret
/// can be copied from wherever it is stored and replayed for ever. The reference banks reproduce
/// the reference demo's banks, which issue client secrets: they take <c>private_key_jwt</c> too (and
/// Leafy Bank uses it there), but keep the secret so a client registered the reference way still connects.
/// </summary>
internal static class ClientAuthenticationPolicy
{
    /// <summary>The JWS algorithms FAPI 2.0 (§5.4) allows for client assertions.</summary>
    public static readonly IReadOnlyList<string> AssertionSigningAlgorithms = ["PS256", "ES256", "EdDSA"];

    /// <summary>
    /// The longest a client assertion may live (its <c>exp</c> from now): long enough for clock skew and
    /// a slow network, short enough that a copied assertion is soon worthless and the replay list stays small.
    /// </summary>
    public static readonly TimeSpan MaxAssertionLifetime = TimeSpan.FromMinutes(5);

    public static IReadOnlyList<string> MethodsFor(SandboxBank bank) =>
        FollowsFapi(bank)
            ? [ClientAuthenticationMethods.PrivateKeyJwt]
            : [ClientAuthenticationMethods.PrivateKeyJwt, ClientAuthenticationMethods.ClientSecretBasic, ClientAuthenticationMethods.ClientSecretPost];

    public static bool AcceptsClientSecret(SandboxBank bank) => !FollowsFapi(bank);

    private static bool FollowsFapi(SandboxBank bank) =>
        bank.Dialect is SandboxDialects.BerlinGroup or SandboxDialects.UkOpenBanking;
}
