using System.Globalization;
using System.Security.Claims;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace LeafyBank.Web.Authentication;

/// <summary>
/// Every sign-in at Leafy Bank is a fresh authentication at the provider, never a silent reuse of
/// the provider's own session. Otherwise "Sign out everywhere" would not reach a lost or shared
/// device: it ends Leafy Bank's sessions, but that device still holds the provider's session
/// cookie, and opening Leafy Bank there would sign straight back in. A bank asks for the password
/// at each sign-in for the same reason.
/// The request asks for it (OpenID Connect Core 1.0 §3.1.2.1: <c>prompt=login</c>, and
/// <c>max_age</c> of <see cref="Window"/>, which obliges the provider to state <c>auth_time</c> in
/// the id token), and the answer is checked: the id token must say the person authenticated at most
/// <see cref="Window"/> before the token was issued (both times are the provider's, so the two
/// machines' clocks need not agree). Not <c>max_age=0</c>: the person needs the moments between
/// typing the password and the token being issued, and a handler that checks <c>max_age</c> on
/// its own clock (ASP.NET Core 11's does) would refuse every answer to 0.
/// </summary>
public static class FreshSignIn
{
    /// <summary>How long before the id token was issued the authentication may have happened (typing a code, a consent page).</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    /// <summary>Asks the provider to authenticate the person again, whatever session it holds.</summary>
    public static void Ask(OpenIdConnectMessage request)
    {
        request.Prompt = OpenIdConnectPrompt.Login;
        request.MaxAge = ((long)Window.TotalSeconds).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Why the id token behind <paramref name="principal"/> is not a fresh authentication, or null when it is.</summary>
    public static string? Refusal(ClaimsPrincipal principal)
    {
        if (Seconds(principal, "auth_time") is not { } authenticatedAt)
        {
            return "the provider's id token does not say when the person authenticated (auth_time), although max_age asked it to";
        }
        if (Seconds(principal, "iat") is not { } issuedAt)
        {
            return "the provider's id token has no issue time (iat)";
        }
        var age = TimeSpan.FromSeconds(issuedAt - authenticatedAt);
        return age <= Window
            ? null
            : $"the provider reused an authentication {age.TotalMinutes:0} minutes old instead of asking again (prompt=login, max_age={(long)Window.TotalSeconds})";
    }

    private static long? Seconds(ClaimsPrincipal principal, string type) =>
        long.TryParse(principal.FindFirst(type)?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) ? seconds : null;
}
