using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components.Endpoints;

namespace LeafyBank.Web.Authentication.Sessions;

/// <summary>
/// Why a browser is signed out when "Sign out everywhere" was used elsewhere: without it, its next page went straight to the
/// sign-in with no reason given. <see cref="StoredTicketStore"/> notes it on a request whose cookie names a session ended that
/// way (found by that cookie's own secret, so it is only ever said to the browser that held the session, and it names no one);
/// <see cref="SayBeforeSignInAsync"/> then sends a page or sign-in request to the home page, which says it once and whose
/// sign-in returns to the page that was open (<see cref="HomeReturningTo"/>).
/// </summary>
/// <param name="EndedAt">When "Sign out everywhere" was used (UTC).</param>
public sealed record SignedOutEverywhereNotice(DateTime EndedAt)
{
    /// <summary>Where the notice is said: the home page, which also offers to sign in again.</summary>
    public const string Path = "/";

    private static readonly object ItemKey = new();

    /// <summary>What the home page says, with the time in UTC: the browser's own time zone is not known for certain here.</summary>
    public string Sentence => string.Create(CultureInfo.InvariantCulture,
        $"You were signed out because “Sign out everywhere” was used on {EndedAt:d MMM yyyy, HH:mm} UTC. Sign in again to continue.");

    internal static void Note(HttpContext context, DateTime endedAt) => context.Items[ItemKey] = new SignedOutEverywhereNotice(endedAt);

    /// <summary>The notice for this request, or null (its cookie names no session ended everywhere, or it carries none).</summary>
    public static SignedOutEverywhereNotice? Of(HttpContext context) =>
        context.Items.TryGetValue(ItemKey, out var notice) ? notice as SignedOutEverywhereNotice : null;

    /// <summary>
    /// Middleware, after authentication: a page (or the sign-in) asked for with a cookie whose session ended everywhere goes to
    /// <see cref="Path"/>; there the page is served with the notice and the dead cookie is removed, so the notice is said once
    /// and the next request is a plain visit. This covers a new request and an open page alike: a circuit whose session ended
    /// sends the browser to sign in (<c>RedirectToLogin</c>), which arrives here still carrying the cookie.
    /// </summary>
    public static async Task SayBeforeSignInAsync(HttpContext context, RequestDelegate next)
    {
        if (Of(context) is not null && context.User.Identity?.IsAuthenticated != true && HttpMethods.IsGet(context.Request.Method)
            && IsPageOrSignIn(context.GetEndpoint()))
        {
            if (context.Request.Path.Value is not Path)
            {
                context.Response.Redirect(context.Request.PathBase + HomeReturningTo(PageToReturnTo(context)));
                return;
            }
            // Removes the cookie only (the session it named is gone already); the request keeps its notice for App.razor.
            await context.SignOutAsync(AuthenticationExtensions.CookieScheme);
        }
        await next(context);
    }

    /// <summary>
    /// The home page, carrying the page the browser was on (<c>?returnUrl=</c>) so that signing in again from there returns to
    /// it rather than to the start page; plain when there is none.
    /// </summary>
    public static string HomeReturningTo(string? page) =>
        page is null ? Path : $"{Path}?{ReturnUrlParameter}={Uri.EscapeDataString(page)}";

    /// <summary>The home page's query parameter naming the page to return to after signing in again.</summary>
    public const string ReturnUrlParameter = "returnUrl";

    /// <summary>
    /// The page to go back to after signing in again: the page asked for, or, for the sign-in an open page's circuit asked
    /// for, the page it names; an address naming another host is dropped, never passed on (<see cref="ReturnUrls.PageToReturnTo"/>).
    /// </summary>
    internal static string? PageToReturnTo(HttpContext context) =>
        ReturnUrls.PageToReturnTo(context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is not null
            ? context.Request.Path.Value + context.Request.QueryString.Value
            : context.Request.Query[ReturnUrlParameter].ToString());

    /// <summary>A navigation the notice can answer: a page, or the sign-in an open page's circuit sends the browser to. Not files, APIs or the circuit.</summary>
    private static bool IsPageOrSignIn(Endpoint? endpoint) =>
        endpoint?.Metadata.GetMetadata<ComponentTypeMetadata>() is not null
        || endpoint?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == Endpoints.AuthenticationEndpoints.SignInName;
}
