using Microsoft.IdentityModel.Tokens;

namespace LeafyBank.Web.Authentication;

/// <summary>
/// Judges id_token and access token lifetimes by the app's <see cref="TimeProvider"/>. IdentityModel
/// reads the machine's clock on its own, while everything else in the app (the tokens' issuer in
/// development, sessions, consents, the banks' books) reads the injected one; with two clocks a
/// token could be fresh to its issuer and expired to its reader.
/// </summary>
public static class TokenLifetimeOnAppClock
{
    public static LifetimeValidator Validator(TimeProvider clock) => (notBefore, expires, _, parameters) =>
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var skew = parameters.ClockSkew;
        if (expires is null && parameters.RequireExpirationTime)
        {
            throw new SecurityTokenNoExpirationException("The token has no expiry.");
        }
        if (notBefore is { } from && from > now + skew)
        {
            throw new SecurityTokenNotYetValidException($"The token is not valid before {from:O}.") { NotBefore = from };
        }
        // Same wording and exception type as IdentityModel's own check, so callers still hear "expired".
        if (expires is { } until && until < now - skew)
        {
            throw new SecurityTokenExpiredException($"The token expired at {until:O}.") { Expires = until };
        }
        return true;
    };
}
