using LeafyBank.Core.Security.Sessions;
using LeafyBank.Web.Authentication;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using MongoDB.Bson;

namespace LeafyBank.Web.Endpoints;

/// <summary>
/// Sign-in and sign-out as endpoints (not components): a challenge needs a full page load and a
/// sign-out must be a POST with an antiforgery token. Return URLs are local paths only.
/// </summary>
public static class AuthenticationEndpoints
{
    /// <summary>The sign-in endpoint's name: a browser told why it was signed out is told before it gets there (<c>SignedOutEverywhereNotice</c>).</summary>
    public const string SignInName = "SignIn";

    public static RouteGroupBuilder MapAuthenticationEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/authentication").WithTags("Authentication");

        group.MapGet("/login", (string? returnUrl, string? loginHint) =>
                TypedResults.Challenge(AuthenticationExtensions.WithLoginHint(SignInLanding.For(returnUrl), LoginHint(loginHint))))
            .AllowAnonymous()
            .WithName(SignInName)
            .WithSummary("Signs the customer in at the identity provider, then returns to returnUrl (a local path; by default " +
                         "the start page: the dashboard, or the analytics for an analyst who is not a customer); " +
                         "loginHint is passed on as OpenID Connect's login_hint (the user name the provider fills in).");

        group.MapPost("/logout", SignOutAsync)
            // Checked in the handler, so a missing or forged token is a plain 400, not an exception logged three times.
            .DisableAntiforgery()
            .WithName("SignOut")
            .WithSummary("Ends the session here and at the identity provider, then returns to returnUrl (a local path; / by default).");

        group.MapPost("/logout-everywhere", SignOutEverywhereAsync)
            .DisableAntiforgery()
            .WithName("SignOutEverywhere")
            .WithSummary("Ends every session of the signed-in customer (all browsers and devices), then signs out here and at the identity provider.");

        return group;
    }

    /// <summary>A user name to pass on as a hint, or none: blank or overlong (no user name is) is not worth sending to the provider.</summary>
    private static string? LoginHint(string? loginHint) =>
        loginHint?.Trim() is { Length: > 0 and <= 256 } hint && !hint.Any(char.IsControl) ? hint : null;

    internal static async Task<Results<SignOutHttpResult, ProblemHttpResult>> SignOutEverywhereAsync(
        HttpContext context, IAntiforgery antiforgery, CustomerSessions sessions)
    {
        if (!context.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(context))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Sign-out form expired",
                detail: "This sign-out form has expired. Reload the page and choose Sign out everywhere again.");
        }
        // The owner this session was stored under (StoredTicketStore.OwnerOf): a customer, or a member of staff by their
        // provider identity. A session stored before staff had owners ends with the sign-out below, alone.
        if (context.User.FindFirst(CustomerClaims.SessionKey)?.Value is { } key && CustomerSessions.OwnerOf(key) is { } owner && owner != ObjectId.Empty)
        {
            await sessions.EndAllAsync(owner, context.RequestAborted);
        }
        return TypedResults.SignOut(new AuthenticationProperties { RedirectUri = AuthenticationExtensions.SignedOutEverywherePath },
            [AuthenticationExtensions.CookieScheme, AuthenticationExtensions.OidcScheme]);
    }

    internal static async Task<Results<SignOutHttpResult, ProblemHttpResult>> SignOutAsync(HttpContext context, IAntiforgery antiforgery)
    {
        if (!context.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(context))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Sign-out form expired",
                detail: "This sign-out form has expired. Reload the page and choose Sign out again.");
        }
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        return TypedResults.SignOut(new AuthenticationProperties { RedirectUri = ReturnUrls.Local(form["returnUrl"].ToString()) },
            [AuthenticationExtensions.CookieScheme, AuthenticationExtensions.OidcScheme]);
    }
}
