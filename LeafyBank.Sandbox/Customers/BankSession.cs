using System.Globalization;
using System.Security.Claims;
using LeafyBank.Sandbox.Banks;
using LeafyBank.Sandbox.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace LeafyBank.Sandbox.Customers;

/// <summary>
/// The bank's own session cookie and what it proves. After the password it only says "a code is
/// on its way" (<see cref="PasswordOnly"/>); after the one-time code it is strong customer
/// authentication, for the one consent the sign-in was for (<see cref="Authenticated"/>). A
/// session never authorises another consent: every consent asks for a fresh sign-in, so a
/// customer who left a session in a shared browser never lends it to the next person. And it ends
/// <see cref="AfterStrongAuthentication"/> after the code was accepted (time enough to approve and
/// glance at "My consents"), not when the cookie's 30 minutes run out. A sign-in that failed
/// (<see cref="FailedSignIn"/>) proves nothing: it only lets the sign-in page, after its redirect,
/// say why and keep the customer id that was typed.
/// </summary>
public static class BankSession
{
    private const string StageClaim = "sandbox_sca_stage";
    private const string PasswordStage = "password";
    private const string CompleteStage = "complete";
    private const string ChallengeClaim = "sandbox_sca_challenge";
    private const string ConsentClaim = "sandbox_sca_consent";
    private const string AuthenticatedAtClaim = "sandbox_sca_at";
    private const string FailedStage = "failed";
    private const string NoticeClaim = "sandbox_signin_notice";
    private const string TypedIdClaim = "sandbox_signin_typed_id";
    private const string ReturnUrlClaim = "sandbox_signin_return_url";

    // Enough for any customer id; a longer paste (a password typed in the wrong field) is not kept whole in the cookie.
    private const int TypedIdKept = 64;

    /// <summary>How long a completed sign-in counts after the one-time code was accepted.</summary>
    public static readonly TimeSpan AfterStrongAuthentication = TimeSpan.FromMinutes(5);

    // The sandbox's stand-in for the text message a real bank would send: the code rides in the
    // encrypted, HttpOnly session cookie, so the page can show it; the check is at the server.
    private const string TextMessageClaim = "sandbox_sca_text_message";

    public static ClaimsPrincipal PasswordOnly(SandboxBank bank, SandboxCustomer customer, SecondFactorChallenge challenge, string code) =>
        Principal(bank, customer,
            new Claim(StageClaim, PasswordStage), new Claim(ChallengeClaim, challenge.Id), new Claim(TextMessageClaim, code));

    public static ClaimsPrincipal Authenticated(SandboxBank bank, SandboxCustomer customer, string? consentId, DateTimeOffset authenticatedAt) =>
        Principal(bank, customer, new Claim(StageClaim, CompleteStage), new Claim(ConsentClaim, consentId ?? ""),
            new Claim(AuthenticatedAtClaim, authenticatedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));

    /// <summary>
    /// A sign-in that did not go through: what the sign-in page for <paramref name="returnUrl"/> says, and the customer id
    /// typed (never the password). It replaces whatever session the browser had, as a new sign-in would.
    /// </summary>
    public static ClaimsPrincipal FailedSignIn(SandboxBank bank, string? typedId, SignInNotice notice, string returnUrl)
    {
        var kept = (typedId ?? "").Trim();
        return new(new ClaimsIdentity(
            [
                new Claim(StageClaim, FailedStage),
                new Claim(NoticeClaim, notice.ToString()),
                new Claim(TypedIdClaim, kept.Length > TypedIdKept ? kept[..TypedIdKept] : kept),
                new Claim(ReturnUrlClaim, returnUrl),
            ],
            SandboxBankContext.CustomerScheme(bank)));
    }

    /// <summary>
    /// The failed sign-in this session holds for exactly <paramref name="returnUrl"/>, or null: a sign-in for another
    /// request (the next person at a shared browser, a new consent) starts with an empty form.
    /// </summary>
    public static (string TypedId, SignInNotice Notice)? FailedSignInFor(this HttpContext context, string returnUrl) =>
        context.User.FindFirstValue(StageClaim) == FailedStage &&
        context.User.FindFirstValue(ReturnUrlClaim) == returnUrl &&
        Enum.TryParse<SignInNotice>(context.User.FindFirstValue(NoticeClaim), out var notice)
            ? (context.User.FindFirstValue(TypedIdClaim) ?? "", notice)
            : null;

    /// <summary>The customer who completed both factors in this session, minutes ago (for "My consents"), or null.</summary>
    public static SandboxCustomer? AuthenticatedCustomer(this HttpContext context) =>
        IsRecentlyComplete(context) ? SessionCustomer(context) : null;

    /// <summary>The customer who completed both factors for exactly this consent, minutes ago, or null: anything else signs in afresh.</summary>
    public static SandboxCustomer? CustomerAuthenticatedFor(this HttpContext context, string consentId) =>
        IsRecentlyComplete(context) && context.User.FindFirstValue(ConsentClaim) == consentId
            ? SessionCustomer(context)
            : null;

    private static bool IsRecentlyComplete(HttpContext context)
    {
        if (context.User.FindFirstValue(StageClaim) != CompleteStage
            || !long.TryParse(context.User.FindFirstValue(AuthenticatedAtClaim), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }
        var now = (context.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow();
        var age = now - DateTimeOffset.FromUnixTimeSeconds(seconds);
        return age >= TimeSpan.FromSeconds(-5) && age <= AfterStrongAuthentication;
    }

    /// <summary>The customer between password and code, with the challenge and the code "sent" to them.</summary>
    public static (SandboxCustomer Customer, string ChallengeId, string Code)? AwaitingSecondFactor(this HttpContext context) =>
        context.User.FindFirstValue(StageClaim) == PasswordStage && SessionCustomer(context) is { } customer &&
        context.User.FindFirstValue(ChallengeClaim) is { } challengeId && context.User.FindFirstValue(TextMessageClaim) is { } code
            ? (customer, challengeId, code)
            : null;

    private static SandboxCustomer? SessionCustomer(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true ? SandboxCustomers.Find(context.User.FindFirstValue(ClaimTypes.NameIdentifier)) : null;

    private static ClaimsPrincipal Principal(SandboxBank bank, SandboxCustomer customer, params Claim[] claims) =>
        new(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, customer.Id), new Claim(ClaimTypes.Name, customer.Name), .. claims],
            SandboxBankContext.CustomerScheme(bank)));
}
