using System.Net.Http.Headers;

namespace LeafyBank.Core.Banking.Authorization;

/// <summary>
/// An access token at a bank and how it must be presented: as a bearer token (RFC 6750), or — when
/// the bank bound it to Leafy Bank's key (RFC 9449, <c>token_type</c> <c>DPoP</c>) — with the
/// <c>DPoP</c> scheme and a fresh proof for each request, so a copied token is useless without the key.
/// The token itself is never in <see cref="ToString"/>, so it cannot reach a log by accident.
/// </summary>
public sealed class BankAccessToken
{
    public const string BearerScheme = "Bearer";
    public const string DpopScheme = "DPoP";

    private readonly string value;
    private readonly BankClientKey? proofKey;
    private readonly TimeProvider? clock;

    private BankAccessToken(string value, BankClientKey? proofKey, TimeProvider? clock)
    {
        this.value = value;
        this.proofKey = proofKey;
        this.clock = clock;
    }

    /// <summary>A token sent as it is (a bank without DPoP, or one that did not bind it).</summary>
    public static BankAccessToken Bearer(string value) => new(value, null, null);

    /// <summary>A token the bank bound to <paramref name="key"/>: every request carries a proof signed by it.</summary>
    public static BankAccessToken Dpop(string value, BankClientKey key, TimeProvider clock) => new(value, key, clock);

    /// <summary>The token itself, for tests and for the bank's own hash checks; never for logs.</summary>
    internal string Value => value;

    /// <summary>Whether the bank bound the token to Leafy Bank's key.</summary>
    public bool IsSenderConstrained => proofKey is not null;

    /// <summary>The token type a token endpoint answered with: <c>DPoP</c> when it bound the token (RFC 9449 §5), anything else is bearer.</summary>
    public static bool IsDpopTokenType(string? tokenType) => string.Equals(tokenType, DpopScheme, StringComparison.OrdinalIgnoreCase);

    /// <summary>Sets <c>Authorization</c> (and the <c>DPoP</c> proof for this method and URL) on a request about to be sent.</summary>
    public void Authorize(HttpRequestMessage request)
    {
        if (proofKey is null || clock is null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(BearerScheme, value);
            return;
        }
        var target = request.RequestUri ?? throw new InvalidOperationException("A request to a bank needs its URL before it is authorised.");
        request.Headers.Authorization = new AuthenticationHeaderValue(DpopScheme, value);
        request.Headers.Remove(DpopScheme);
        request.Headers.Add(DpopScheme, proofKey.CreateDpopProof(request.Method, target, clock.GetUtcNow(), value));
    }

    public override string ToString() => IsSenderConstrained ? "(DPoP-bound access token)" : "(bearer access token)";
}
