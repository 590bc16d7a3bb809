using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace LeafyBank.Core.Banking.Authorization;

/// <summary>
/// Leafy Bank's key pair for <c>private_key_jwt</c> client authentication (RFC 7523, OpenID Connect
/// Core §9, FAPI 2.0 Security Profile §5.3.2.1): it signs a short-lived client assertion for every call
/// to a bank's token, pushed authorization and revocation endpoints. The banks hold only the public
/// half (<see cref="PublicJwks"/>), so nothing they store lets anyone pose as Leafy Bank. PS256, one of
/// the three algorithms FAPI 2.0 allows, with RSA (at least 2048 bits, as FAPI asks). The same key
/// signs the DPoP proofs (RFC 9449) that bind Leafy Bank's access tokens to it at banks that offer DPoP.
/// </summary>
public sealed class BankClientKey
{
    public const string Algorithm = "PS256";

    /// <summary>How long an assertion is good for: one request's round trip, with room for clock skew.</summary>
    public static readonly TimeSpan AssertionLifetime = TimeSpan.FromSeconds(60);

    /// <summary>How long after its <c>iat</c> a bank may take a DPoP proof; Leafy Bank makes a fresh one per request.</summary>
    public static readonly TimeSpan DpopProofLifetime = TimeSpan.FromSeconds(60);

    private readonly RSA rsa;
    private readonly Dictionary<string, string> publicJwk;

    public BankClientKey(RSA rsa)
    {
        if (rsa.KeySize < 2048)
        {
            throw new ArgumentException("FAPI 2.0 asks for RSA keys of at least 2048 bits.", nameof(rsa));
        }
        this.rsa = rsa;
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        var (n, e) = (Base64Url(parameters.Modulus!), Base64Url(parameters.Exponent!));
        // RFC 7638: the thumbprint hashes the required members in lexicographic order, without spaces.
        KeyId = Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes($$"""{"e":"{{e}}","kty":"RSA","n":"{{n}}"}""")));
        publicJwk = new Dictionary<string, string> { ["kty"] = "RSA", ["n"] = n, ["e"] = e };
        PublicJwks = JsonSerializer.Serialize(new
        {
            keys = new[] { new { kty = "RSA", use = "sig", alg = Algorithm, kid = KeyId, n, e } },
        });
    }

    /// <summary>The key's RFC 7638 thumbprint, named in each assertion's header so a bank can pick the key while both an old and a new one are registered.</summary>
    public string KeyId { get; }

    /// <summary>The public JWK set the banks register for Leafy Bank's client (never the private key).</summary>
    public string PublicJwks { get; }

    /// <summary>
    /// A client assertion for one request: <c>iss</c> = <c>sub</c> = the client id, <c>aud</c> = the
    /// bank's issuer identifier as a single string (FAPI 2.0: not the endpoint's URL), a fresh <c>jti</c>
    /// (a bank accepts each once) and an <c>exp</c> <see cref="AssertionLifetime"/> away.
    /// </summary>
    public string CreateAssertion(string clientId, string issuer, DateTimeOffset now)
    {
        // The explicit type of draft-ietf-oauth-rfc7523bis: an assertion cannot pass for another kind of JWT (OpenIddict 7 requires it).
        var header = JsonSerializer.SerializeToUtf8Bytes(new { alg = Algorithm, typ = "client-authentication+jwt", kid = KeyId });
        var payload = JsonSerializer.SerializeToUtf8Bytes(new
        {
            iss = clientId,
            sub = clientId,
            aud = issuer,
            jti = Base64Url(RandomNumberGenerator.GetBytes(18)),
            iat = now.ToUnixTimeSeconds(),
            exp = (now + AssertionLifetime).ToUnixTimeSeconds(),
        });
        return Sign(header, payload);
    }

    /// <summary>
    /// A DPoP proof (RFC 9449 §4.2) for one HTTP request: typed <c>dpop+jwt</c>, the public key in the
    /// header's <c>jwk</c>, and the request it is for — <c>htm</c>, <c>htu</c> without query or fragment,
    /// a fresh <c>jti</c>, <c>iat</c> — plus, at a resource, <c>ath</c>: the hash of the access token
    /// presented with it, so a proof cannot be moved to another token; and <c>nonce</c>, the one the server
    /// last gave, where it gave one (§8, §9).
    /// </summary>
    public string CreateDpopProof(HttpMethod method, Uri target, DateTimeOffset now, string? accessToken = null, string? nonce = null)
    {
        var header = JsonSerializer.SerializeToUtf8Bytes(new { typ = "dpop+jwt", alg = Algorithm, jwk = publicJwk });
        var claims = new Dictionary<string, object>
        {
            ["jti"] = Base64Url(RandomNumberGenerator.GetBytes(18)),
            ["htm"] = method.Method,
            ["htu"] = target.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped),
            ["iat"] = now.ToUnixTimeSeconds(),
        };
        if (accessToken is not null)
        {
            claims["ath"] = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken)));
        }
        if (nonce is not null)
        {
            claims["nonce"] = nonce;
        }
        return Sign(header, JsonSerializer.SerializeToUtf8Bytes(claims));
    }

    private string Sign(byte[] header, byte[] payload)
    {
        var signingInput = $"{Base64Url(header)}.{Base64Url(payload)}";
        // PS256: RSASSA-PSS with SHA-256 and a salt as long as the hash, which is .NET's PSS.
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        return $"{signingInput}.{Base64Url(signature)}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
