using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LeafyBank.Sandbox.Banks;
using LeafyBank.Sandbox.Hosting;
using Microsoft.AspNetCore.Http;

namespace LeafyBank.Sandbox.Authorization;

/// <summary>
/// Checks DPoP proofs (RFC 9449 §4.3) at a bank's token endpoint and data APIs: one <c>DPoP</c> header
/// holding a JWT typed <c>dpop+jwt</c>, signed (PS256, RS256 or ES256) by the public key in its own
/// <c>jwk</c> header (never a private one), for this request's method (<c>htm</c>) and URL without
/// query (<c>htu</c>), made within <see cref="Window"/> of the bank's clock (<c>iat</c>), with a
/// <c>jti</c> used once; at a data API also <c>ath</c>, the hash of the access token presented with it.
/// At a bank that issues nonces (<see cref="DpopNonces"/>, RFC 9449 §8 and §9) also the <c>nonce</c> it gave
/// last. OpenIddict 7.8 has no DPoP, so the banks check proofs here and bind tokens to the key's RFC 7638
/// thumbprint (<see cref="DpopHandlers"/>).
/// </summary>
internal sealed class DpopProofs(ClientAssertionReplayCache replays, DpopNonces nonces, TimeProvider clock)
{
    public const string HeaderName = "DPoP";

    /// <summary>The token type (RFC 9449 §5) and authorization scheme (§7.1) of a bound token.</summary>
    public const string Scheme = "DPoP";

    /// <summary>RFC 9449 §5, §7.1: the error of a proof that fails any check but the nonce.</summary>
    public const string InvalidProof = "invalid_dpop_proof";

    /// <summary>RFC 9449 §5.1 metadata: the algorithms a proof may be signed with.</summary>
    public static readonly IReadOnlyList<string> SigningAlgorithms = ["PS256", "ES256", "RS256"];

    /// <summary>How far a proof's <c>iat</c> may be from the bank's clock: a proof is made for one request, just before it.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The thumbprint of the key that signed the request's one valid proof, or null with the refusal
    /// (<c>invalid_dpop_proof</c>, or <c>use_dpop_nonce</c> for a missing or stale nonce; worded for the
    /// client's developer). <paramref name="target"/> is the URL as the client addressed it (the bank's
    /// configured origin), <paramref name="accessToken"/> the token presented with the proof at a data API
    /// (null at the token endpoint), <paramref name="server"/> which of the bank's servers checks it.
    /// At a bank that issues nonces the response gets the nonce to use (<c>DPoP-Nonce</c>): the current one
    /// with a <c>use_dpop_nonce</c> refusal, the next one with any other answer once it is announced.
    /// </summary>
    public string? Verify(HttpRequest request, Uri target, string? accessToken, DpopServer server, out DpopRefusal? refusal)
    {
        var bank = request.HttpContext.TryGetSandboxBank();
        var thumbprint = Verify(request, target, accessToken, bank is { IssuesDpopNonces: true } ? (bank, server) : null, out string error, out string description);
        refusal = thumbprint is null ? new DpopRefusal(error, description) : null;
        if (bank is { IssuesDpopNonces: true })
        {
            var nonce = error == DpopNonces.UseNonceError ? nonces.Current(bank, server) : nonces.Announced(bank, server);
            if (nonce is not null)
            {
                request.HttpContext.Response.Headers[DpopNonces.HeaderName] = nonce;
            }
        }
        return thumbprint;
    }

    private string? Verify(HttpRequest request, Uri target, string? accessToken, (SandboxBank Bank, DpopServer Server)? nonceOf,
        out string error, out string refusal)
    {
        error = InvalidProof;
        refusal = "";
        var headers = request.Headers[HeaderName];
        if (headers.Count != 1 || string.IsNullOrEmpty(headers[0]))
        {
            refusal = headers.Count > 1 ? "Send exactly one DPoP header." : "Send a DPoP proof (RFC 9449) in the DPoP header.";
            return null;
        }
        var parts = headers[0]!.Split('.');
        if (parts.Length != 3 || CompactJws.Decode(parts[0]) is not { } header || CompactJws.Decode(parts[1]) is not { } payload)
        {
            refusal = "The DPoP proof must be a signed JWT (JWS compact serialization).";
            return null;
        }
        using (header)
        using (payload)
        {
            var thumbprint = Check(header.RootElement, payload.RootElement, parts, request.Method, target, accessToken, nonceOf, out error, out refusal);
            return refusal.Length == 0 ? thumbprint : null;
        }
    }

    // In RFC 9449 §4.3's order: the nonce (item 10) after the request's method and URL, before the proof's age and its jti.
    private string? Check(JsonElement header, JsonElement claims, string[] parts, string method, Uri target, string? accessToken,
        (SandboxBank Bank, DpopServer Server)? nonceOf, out string error, out string refusal)
    {
        error = InvalidProof;
        refusal = "";
        if (CompactJws.Text(header, "typ") != "dpop+jwt")
        {
            refusal = "The DPoP proof's typ must be dpop+jwt.";
            return null;
        }
        var algorithm = CompactJws.Text(header, "alg");
        if (algorithm is null || !SigningAlgorithms.Contains(algorithm, StringComparer.Ordinal))
        {
            refusal = $"The DPoP proof must be signed with one of {string.Join(", ", SigningAlgorithms)}.";
            return null;
        }
        if (!header.TryGetProperty("jwk", out var jwk) || jwk.ValueKind != JsonValueKind.Object || PublicKey.From(jwk, algorithm) is not { } key)
        {
            refusal = $"The DPoP proof's header must carry the public key (jwk) it was signed with, of a kind that fits {algorithm}.";
            return null;
        }
        if (jwk.TryGetProperty("d", out _))
        {
            refusal = "The DPoP proof's jwk holds a private key: send only the public key, and replace the exposed one.";
            return null;
        }
        using (key)
        {
            if (!key.Verifies(algorithm, Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), parts[2]))
            {
                refusal = "The DPoP proof's signature does not match its jwk.";
                return null;
            }
        }

        if (CompactJws.Text(claims, "htm") != method)
        {
            refusal = $"The DPoP proof's htm must be this request's method ({method}).";
            return null;
        }
        if (!SameTarget(CompactJws.Text(claims, "htu"), target))
        {
            refusal = $"The DPoP proof's htu must be this request's URL without query or fragment ({target.GetLeftPart(UriPartial.Path)}).";
            return null;
        }
        if (nonceOf is var (bank, server) && !nonces.Accepts(bank, server, CompactJws.Text(claims, "nonce")))
        {
            error = DpopNonces.UseNonceError;
            refusal = CompactJws.Text(claims, "nonce") is null
                ? $"{bank.Name} requires a nonce it provides in every DPoP proof: make a new proof with the nonce in this response's {DpopNonces.HeaderName} header."
                : $"The DPoP proof's nonce is not (or no longer) one {bank.Name} takes: make a new proof with the nonce in this response's {DpopNonces.HeaderName} header.";
            return null;
        }
        var now = clock.GetUtcNow();
        if (!claims.TryGetProperty("iat", out var iat) || !iat.TryGetInt64(out var issuedSeconds) ||
            (DateTimeOffset.FromUnixTimeSeconds(issuedSeconds) - now).Duration() > Window)
        {
            refusal = $"The DPoP proof's iat must be the time it was made, within {Window.TotalSeconds:0} seconds of now: make a new proof for every request.";
            return null;
        }
        if (accessToken is not null &&
            CompactJws.Text(claims, "ath") != CompactJws.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken))))
        {
            refusal = "The DPoP proof's ath must be the SHA-256 hash of the access token sent with it.";
            return null;
        }
        var thumbprint = PublicKey.Thumbprint(jwk);
        if (CompactJws.Text(claims, "jti") is not { Length: > 0 } jwtId ||
            !replays.TryUse(target.GetLeftPart(UriPartial.Authority), "dpop " + thumbprint, jwtId, DateTimeOffset.FromUnixTimeSeconds(issuedSeconds) + Window))
        {
            refusal = "The DPoP proof must carry a jti never used before: make a new proof for every request.";
            return null;
        }
        return thumbprint;
    }

    /// <summary>RFC 9449 §4.3 item 9: scheme and host compared case-insensitively, default ports dropped, path exactly.</summary>
    private static bool SameTarget(string? htu, Uri target) =>
        Uri.TryCreate(htu, UriKind.Absolute, out var claimed) && string.IsNullOrEmpty(claimed.Query) && string.IsNullOrEmpty(claimed.Fragment) &&
        Uri.Compare(claimed, target, UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) == 0 &&
        string.Equals(claimed.AbsolutePath, target.AbsolutePath, StringComparison.Ordinal);

    /// <summary>A proof's public key, RSA or P-256, read from its JWK.</summary>
    private sealed class PublicKey : IDisposable
    {
        private readonly RSA? rsa;
        private readonly ECDsa? ecdsa;

        private PublicKey(RSA? rsa, ECDsa? ecdsa) => (this.rsa, this.ecdsa) = (rsa, ecdsa);

        public static PublicKey? From(JsonElement jwk, string algorithm)
        {
            try
            {
                switch (CompactJws.Text(jwk, "kty"))
                {
                    case "RSA" when algorithm is "PS256" or "RS256" &&
                                    CompactJws.Text(jwk, "n") is { } n && CompactJws.Text(jwk, "e") is { } e:
                        var rsa = RSA.Create(new RSAParameters { Modulus = CompactJws.Base64UrlDecode(n), Exponent = CompactJws.Base64UrlDecode(e) });
                        return rsa.KeySize >= 2048 ? new PublicKey(rsa, null) : Dispose(rsa);
                    case "EC" when algorithm is "ES256" && CompactJws.Text(jwk, "crv") == "P-256" &&
                                   CompactJws.Text(jwk, "x") is { } x && CompactJws.Text(jwk, "y") is { } y:
                        return new PublicKey(null, ECDsa.Create(new ECParameters
                        {
                            Curve = ECCurve.NamedCurves.nistP256,
                            Q = new ECPoint { X = CompactJws.Base64UrlDecode(x), Y = CompactJws.Base64UrlDecode(y) },
                        }));
                    default:
                        return null;
                }
            }
            catch (Exception exception) when (exception is CryptographicException or FormatException)
            {
                return null;
            }
        }

        private static PublicKey? Dispose(IDisposable key)
        {
            key.Dispose();
            return null;
        }

        public bool Verifies(string algorithm, byte[] signed, string encodedSignature)
        {
            try
            {
                var signature = CompactJws.Base64UrlDecode(encodedSignature);
                return algorithm switch
                {
                    "PS256" => rsa!.VerifyData(signed, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss),
                    "RS256" => rsa!.VerifyData(signed, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
                    // JWS (RFC 7518 §3.4): the raw r‖s form, which is .NET's default for ECDsa.
                    _ => ecdsa!.VerifyData(signed, signature, HashAlgorithmName.SHA256),
                };
            }
            catch (Exception exception) when (exception is CryptographicException or FormatException)
            {
                return false;
            }
        }

        /// <summary>RFC 7638: SHA-256 over the key's required members in lexicographic order, no spaces.</summary>
        public static string Thumbprint(JsonElement jwk)
        {
            var canonical = CompactJws.Text(jwk, "kty") == "EC"
                ? $$"""{"crv":"{{CompactJws.Text(jwk, "crv")}}","kty":"EC","x":"{{CompactJws.Text(jwk, "x")}}","y":"{{CompactJws.Text(jwk, "y")}}"}"""
                : $$"""{"e":"{{CompactJws.Text(jwk, "e")}}","kty":"RSA","n":"{{CompactJws.Text(jwk, "n")}}"}""";
            return CompactJws.Base64UrlEncode(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
        }

        public void Dispose()
        {
            rsa?.Dispose();
            ecdsa?.Dispose();
        }
    }
}

/// <summary>The few pieces of JWS compact serialization (RFC 7515) the banks read by hand: base64url and the JSON parts.</summary>
internal static class CompactJws
{
    public static JsonDocument? Decode(string segment)
    {
        try
        {
            return JsonDocument.Parse(Base64UrlDecode(segment));
        }
        catch (Exception exception) when (exception is FormatException or JsonException)
        {
            return null;
        }
    }

    public static byte[] Base64UrlDecode(string segment)
    {
        var base64 = segment.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '='));
    }

    public static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.String ? value.GetString() : null;
}
