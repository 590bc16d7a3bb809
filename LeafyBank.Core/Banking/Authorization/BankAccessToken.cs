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
    private readonly BankDpopNonces? nonces;
    private readonly string? bankId;

    private BankAccessToken(string value, BankClientKey? proofKey, TimeProvider? clock, BankDpopNonces? nonces, string? bankId)
    {
        this.value = value;
        this.proofKey = proofKey;
        this.clock = clock;
        this.nonces = nonces;
        this.bankId = bankId;
    }

    /// <summary>A token sent as it is (a bank without DPoP, or one that did not bind it).</summary>
    public static BankAccessToken Bearer(string value) => new(value, null, null, null, null);

    /// <summary>
    /// A token the bank bound to <paramref name="key"/>: every request carries a proof signed by it, with the
    /// nonce the bank's resource server last gave (<paramref name="nonces"/>, RFC 9449 §9) when it gives them.
    /// </summary>
    public static BankAccessToken Dpop(string value, BankClientKey key, TimeProvider clock, BankDpopNonces? nonces = null, string? bankId = null) =>
        new(value, key, clock, bankId is null ? null : nonces, bankId);

    /// <summary>The token itself, for tests and for the bank's own hash checks; never for logs.</summary>
    internal string Value => value;

    /// <summary>Whether the bank bound the token to Leafy Bank's key.</summary>
    public bool IsSenderConstrained => proofKey is not null;

    /// <summary>The token type a token endpoint answered with: <c>DPoP</c> when it bound the token (RFC 9449 §5), anything else is bearer.</summary>
    public static bool IsDpopTokenType(string? tokenType) => string.Equals(tokenType, DpopScheme, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Sets <c>Authorization</c> (and the <c>DPoP</c> proof for this method and URL, with <paramref name="nonce"/> or else the
    /// resource server's latest) on a request about to be sent.
    /// </summary>
    public void Authorize(HttpRequestMessage request, string? nonce = null)
    {
        if (proofKey is null || clock is null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(BearerScheme, value);
            return;
        }
        var target = request.RequestUri ?? throw new InvalidOperationException("A request to a bank needs its URL before it is authorised.");
        request.Headers.Authorization = new AuthenticationHeaderValue(DpopScheme, value);
        request.Headers.Remove(DpopScheme);
        nonce ??= bankId is null ? null : nonces?.Latest(bankId, DpopNonceServer.Resource);
        request.Headers.Add(DpopScheme, proofKey.CreateDpopProof(request.Method, target, clock.GetUtcNow(), value, nonce));
    }

    /// <summary>
    /// Sends a request made by <paramref name="create"/> with this token: a bearer token once; a bound one with a proof for
    /// the resource server's latest nonce, made again once with a new proof when the server asks for its nonce (RFC 9449 §9).
    /// </summary>
    public Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> create,
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send, CancellationToken cancellationToken)
    {
        if (proofKey is null || nonces is null || bankId is null)
        {
            var request = create();
            Authorize(request);
            return send(request, cancellationToken);
        }
        return nonces.SendAsync(bankId, DpopNonceServer.Resource, nonce =>
        {
            var request = create();
            Authorize(request, nonce);
            return request;
        }, send, cancellationToken);
    }

    public override string ToString() => IsSenderConstrained ? "(DPoP-bound access token)" : "(bearer access token)";
}
