using LeafyBank.Web.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace LeafyBank.Web.Endpoints;

/// <summary>
/// Sign-in and sign-out as endpoints (not components): a challenge needs a full page load and a
/// sign-out must be a POST with an antiforgery token. Return URLs are local paths only.
/// </summary>
public static class AuthenticationEndpoints
{
    public const string DefaultLandingPage = "/dashboard";

    public static RouteGroupBuilder MapAuthenticationEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/authentication").WithTags("Authentication");

        group.MapGet("/login", (string? returnUrl) =>
                TypedResults.Challenge(new AuthenticationProperties { RedirectUri = ReturnUrls.Local(returnUrl, DefaultLandingPage) }))
            .AllowAnonymous()
            .WithName("SignIn")
            .WithSummary("Signs the customer in at the identity provider, then returns to returnUrl (a local path; /dashboard by default).");

        // [FromForm] makes the antiforgery middleware require a valid token: a forged post is a 400.
        group.MapPost("/logout", ([FromForm] string? returnUrl) =>
                TypedResults.SignOut(new AuthenticationProperties { RedirectUri = ReturnUrls.Local(returnUrl) },
                    [AuthenticationExtensions.CookieScheme, AuthenticationExtensions.OidcScheme]))
            .WithName("SignOut")
            .WithSummary("Ends the session here and at the identity provider, then returns to returnUrl (a local path; / by default).");

        return group;
    }
}
