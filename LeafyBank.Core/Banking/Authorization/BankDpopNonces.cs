using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;

namespace LeafyBank.Core.Banking.Authorization;

/// <summary>Which of a bank's servers gave a nonce: RFC 9449 keeps them apart (§8 authorization server, §9 resource server).</summary>
public enum DpopNonceServer
{
    /// <summary>The token endpoint: code exchange, refresh, client credentials.</summary>
    Authorization,

    /// <summary>The data APIs and the bank's own resources called with an access token (UK account-access-consents).</summary>
    Resource,
}

/// <summary>
/// Server-provided DPoP nonces (RFC 9449 §8 and §9): the latest nonce each bank's authorization server and
/// resource server gave Leafy Bank, put in every proof for that server, and the one retry the RFC asks
/// for when a server refuses a proof with <c>use_dpop_nonce</c>. Shared by every caller (one per process),
/// so one sync's retry spares the others theirs; safe for several syncs at once. A nonce is no secret
/// (any client calling the bank gets it), but like the proofs it is never logged.
/// </summary>
public sealed class BankDpopNonces
{
    /// <summary>RFC 9449 §8.1: the response header that carries a new nonce.</summary>
    public const string HeaderName = "DPoP-Nonce";

    /// <summary>RFC 9449 §8, §9: the error of a proof without the server's current nonce.</summary>
    public const string UseNonceError = "use_dpop_nonce";

    private readonly ConcurrentDictionary<(string BankId, DpopNonceServer Server), string> latest = new();

    /// <summary>The last nonce this bank's server gave, or null before it gave one.</summary>
    public string? Latest(string bankId, DpopNonceServer server) => latest.TryGetValue((bankId, server), out var nonce) ? nonce : null;

    /// <summary>
    /// Sends a request made by <paramref name="create"/> with a proof for the server's latest nonce (null: none yet). When the
    /// server refuses it for its nonce and names a new one, it is made again — a fresh proof with a new <c>jti</c>, and a fresh
    /// client assertion at the token endpoint — with that nonce and sent once more (RFC 9449 §8.2, §9). A second refusal is
    /// returned as it came: the caller reports it (<see cref="IsNonceRefusalAsync"/>); there is never a third request.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(string bankId, DpopNonceServer server, Func<string?, HttpRequestMessage> create,
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send, CancellationToken cancellationToken)
    {
        // Each request is disposed once sent (that disposes only its body); the answer is the caller's to dispose.
        var tried = Latest(bankId, server);
        HttpResponseMessage response;
        using (var first = create(tried))
        {
            response = await send(first, cancellationToken);
        }
        var given = Remember(bankId, server, response);
        if (!await IsNonceRefusalAsync(response, server, cancellationToken) || given is null || given == tried)
        {
            return response;
        }
        response.Dispose();
        using var retry = create(given);
        var retried = await send(retry, cancellationToken);
        Remember(bankId, server, retried);
        return retried;
    }

    /// <summary>
    /// Whether a response refuses a proof for its nonce: from the token endpoint a <c>400</c> whose error is
    /// <c>use_dpop_nonce</c> (§8), from a resource server a <c>401</c> with a <c>DPoP</c> challenge naming it (§9).
    /// An authorization server's body is buffered, so the caller can still read it.
    /// </summary>
    public static async Task<bool> IsNonceRefusalAsync(HttpResponseMessage response, DpopNonceServer server, CancellationToken cancellationToken)
    {
        if (server == DpopNonceServer.Resource)
        {
            return IsResourceNonceRefusal(response);
        }
        if (response.StatusCode != HttpStatusCode.BadRequest)
        {
            return false;
        }
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        try
        {
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            return body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("error", out var error) &&
                   error.ValueKind == JsonValueKind.String && error.GetString() == UseNonceError;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>A resource server's <c>401</c> with <c>WWW-Authenticate: DPoP error="use_dpop_nonce"</c> (RFC 9449 §9).</summary>
    public static bool IsResourceNonceRefusal(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Unauthorized &&
        response.Headers.WwwAuthenticate.Any(challenge =>
            string.Equals(challenge.Scheme, BankAccessToken.DpopScheme, StringComparison.OrdinalIgnoreCase) &&
            challenge.Parameter?.Replace(" ", "", StringComparison.Ordinal).Contains($"error=\"{UseNonceError}\"", StringComparison.Ordinal) == true);

    /// <summary>Keeps the nonce a response carries (any response may, §8.2); returns it, or null when it has none.</summary>
    private string? Remember(string bankId, DpopNonceServer server, HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues(HeaderName, out var values) || values.ToList() is not [var nonce] || !IsNonceSyntax(nonce))
        {
            return null;
        }
        Remember(bankId, server, nonce);
        return nonce;
    }

    /// <summary>Keeps a nonce as the latest from this bank's server (concurrent answers: the last one read wins, and either is current).</summary>
    internal void Remember(string bankId, DpopNonceServer server, string nonce) => latest[(bankId, server)] = nonce;

    /// <summary>RFC 9449 §8.1: <c>nonce = 1*NQCHAR</c> (visible ASCII but <c>"</c> and <c>\</c>); anything else is not put in a proof.</summary>
    private static bool IsNonceSyntax(string nonce) =>
        nonce.Length is > 0 and <= 512 && nonce.All(c => c is >= '\x21' and <= '\x7e' and not '"' and not '\\');
}
