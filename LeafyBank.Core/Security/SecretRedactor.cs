using System.Text.RegularExpressions;

namespace LeafyBank.Core.Security;

/// <summary>
/// Removes what must never reach a log line: JWTs and JWEs (access, refresh and id tokens),
/// OAuth parameters that carry secrets or bind a flow (<c>code</c>, <c>state</c>,
/// <c>id_token_hint</c>, tokens, verifiers, client secrets) in query strings and forms, and
/// credentials in Authorization headers. Applied to every log line by the app's logger factory,
/// whatever the category and level, so a framework's own trace output is covered too.
/// </summary>
public static partial class SecretRedactor
{
    public const string Redacted = "[redacted]";

    /// <summary><paramref name="text"/> with every secret replaced by <see cref="Redacted"/>; the same instance when there is none.</summary>
    public static string Redact(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }
        var redacted = SecretParameter().Replace(text, match => match.Groups["name"].Value + Redacted);
        redacted = ReferenceIdentifier().Replace(redacted, match => match.Groups["name"].Value + Redacted);
        redacted = Jwt().Replace(redacted, Redacted);
        return AuthorizationCredentials().Replace(redacted, match => match.Groups["scheme"].Value + Redacted);
    }

    // name=value in a query string (also URL-encoded inside another one, as in a sign-in page's ReturnUrl), a form body or a JSON-ish "name":"value" pair.
    [GeneratedRegex("""(?<name>(?<![A-Za-z_])(?:code|state|id_token_hint|id_token|access_token|refresh_token|token|code_verifier|client_secret|client_assertion|password|session_state)(?:=|"\s*:\s*"|%3D))[^&%\s"'<>,;]+""",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretParameter();

    // OpenIddict's reference tokens (authorization codes here): the identifier is the code itself.
    [GeneratedRegex(@"(?<name>reference identifier\s*[('""]?)[A-Za-z0-9_-]{16,}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReferenceIdentifier();

    // Three (JWS) or five (JWE) base64url segments starting with a JSON header.
    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]*){2,4}", RegexOptions.CultureInvariant)]
    private static partial Regex Jwt();

    // A DPoP proof (the DPoP header) goes as the JWT it is, above. A DPoP-Nonce value (RFC 9449 §8, §9) is left as it is, by the
    // rule this class keeps: it removes what grants access or binds a flow, and a nonce does neither. The bank gives it in clear
    // to any client that asks (the sandbox's is the same for every client for five minutes), and it is only one claim of a proof
    // that still needs Leafy Bank's private key, so knowing it lets no one call the bank or finish a customer's connection.
    // Leafy Bank does not log nonces anyway (SecretsInLogsTests checks it at Trace); that is a habit, not a secret this net must
    // catch. ("DPoP-Nonce: …" does not match the scheme below: DPoP is followed by a hyphen, not a space.)
    [GeneratedRegex(@"(?<scheme>\b(?:Bearer|Basic|DPoP)\s+)[A-Za-z0-9._~+/=-]{8,}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AuthorizationCredentials();
}
