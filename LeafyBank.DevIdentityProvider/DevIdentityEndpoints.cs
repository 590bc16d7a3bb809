using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace LeafyBank.DevIdentityProvider;

/// <summary>
/// The development identity provider's pages: sign-in as a persona (the demo password is on
/// the page: this provider exists only for local use), the authorization endpoint that issues
/// the code for the signed-in persona (after asking them, for a client other than the app:
/// DevIdentityConsent.cs), and the end-session endpoint.
/// </summary>
internal static partial class DevIdentityEndpoints
{
    public const string SessionScheme = "DevIdentitySession";
    public const string SignInPath = "/signin";
    public const string AuthorizePath = "/connect/authorize";
    public const string TokenPath = "/connect/token";
    public const string EndSessionPath = "/connect/endsession";

    /// <summary>The one password of every demo persona, printed on the sign-in page.</summary>
    public const string DemoPassword = "leafy";

    public static void MapDevIdentityEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", () => Results.Redirect(SignInPath));
        endpoints.MapGet(SignInPath, (HttpContext context, IAntiforgery antiforgery, string? returnUrl) =>
            RenderSignIn(context, antiforgery, returnUrl, userName: LoginHintOf(returnUrl), error: null));
        endpoints.MapPost(SignInPath, (Delegate)SignIn);
        endpoints.MapMethods(AuthorizePath, [HttpMethods.Get, HttpMethods.Post], (Delegate)Authorize);
        endpoints.MapMethods(EndSessionPath, [HttpMethods.Get, HttpMethods.Post], (Delegate)EndSession);
    }

    private static async Task<IResult> SignIn(HttpContext context, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Page("Form expired", "<h1>This form has expired</h1><p>Go back, reload the page and sign in again.</p>",
                StatusCodes.Status400BadRequest);
        }
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var returnUrl = form["returnUrl"].ToString();
        var userName = form["username"].ToString().Trim();
        var persona = DevIdentityUsers.All.FirstOrDefault(p => string.Equals(p.UserName, userName, StringComparison.OrdinalIgnoreCase));
        if (persona is null || form["password"] != DemoPassword)
        {
            return RenderSignIn(context, antiforgery, returnUrl, userName, "That user name and password do not match a demo user.");
        }

        // When the person authenticated, on the clock the tokens are issued by: the id token's auth_time.
        var authenticatedAt = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().ToUnixTimeSeconds();
        var identity = new ClaimsIdentity(
            [new Claim(Claims.Subject, persona.UserName), new Claim(Claims.AuthenticationTime, authenticatedAt.ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64)],
            SessionScheme, Claims.Subject, Claims.Role);
        await context.SignInAsync(SessionScheme, new ClaimsPrincipal(identity));
        return Results.Redirect(LocalPathOrRoot(returnUrl));
    }

    /// <summary>
    /// Where the sign-in form may send the browser: a path on this provider ("/connect/authorize?…"),
    /// never an absolute, scheme-relative ("//evil") or backslash ("/\evil") address. The provider
    /// is another institution than the app, so it keeps its own check rather than the app's.
    /// </summary>
    private static string LocalPathOrRoot(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl[0] == '/' &&
        (returnUrl.Length == 1 || (returnUrl[1] != '/' && returnUrl[1] != '\\')) &&
        !returnUrl.Any(char.IsControl)
            ? returnUrl
            : "/";

    /// <summary>
    /// The login_hint of the authorization request the sign-in page returns to (OpenID Connect Core 1.0 §3.1.2.1): the
    /// client already knows who is signing in (a demo customer picked on the app's home page), so the user name is filled in.
    /// </summary>
    private static string? LoginHintOf(string? returnUrl) =>
        returnUrl?.IndexOf('?', StringComparison.Ordinal) is >= 0 and var queryStart
        && Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(returnUrl[queryStart..]).TryGetValue(Parameters.LoginHint, out var hint)
            ? hint.ToString()
            : null;

    private static async Task<IResult> Authorize(HttpContext context, IAntiforgery antiforgery)
    {
        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");

        var session = await context.AuthenticateAsync(SessionScheme);
        var persona = session.Succeeded
            ? DevIdentityUsers.All.FirstOrDefault(p => p.UserName == session.Principal.FindFirstValue(Claims.Subject))
            : null;
        var authenticatedAt = long.TryParse(session.Principal?.FindFirstValue(Claims.AuthenticationTime), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : (DateTimeOffset?)null;
        if (persona is null || authenticatedAt is null || MustAuthenticateAgain(context, request, authenticatedAt.Value))
        {
            // Sign in first, then come back to this very request, without what asked for the sign-in: asked again after it,
            // prompt=login or max_age=0 would send the person back to the sign-in page for ever. Nor an answer to the
            // consent question: back from the sign-in page is a GET, which asks the question afresh.
            var parameters = RequestParameters(context, request)
                .Where(p => p.Key is not (Parameters.Prompt or Parameters.MaxAge));
            return Results.Challenge(new AuthenticationProperties { RedirectUri = $"{context.Request.PathBase}{AuthorizePath}{QueryString.Create(parameters)}" }, [SessionScheme]);
        }

        var applications = context.RequestServices.GetRequiredService<IOpenIddictApplicationManager>();
        var application = await applications.FindByClientIdAsync(request.ClientId!, context.RequestAborted)
            ?? throw new InvalidOperationException("OpenIddict has validated the client, which cannot be found any more.");
        // The app's own sign-in is first-party (implicit consent): signing in is the whole question. Any other client
        // (the tools' data API client) is a third party, and the customer answers for it on this provider's page.
        if (!await applications.HasConsentTypeAsync(application, ConsentTypes.Implicit, context.RequestAborted)
            && await ConsentAsync(context, antiforgery, request, persona) is { } notAllowed)
        {
            return notAllowed;
        }
        return await IssueCodeAsync(context, request, persona, authenticatedAt.Value);
    }

    /// <summary>The authorization response for <paramref name="persona"/>: OpenIddict issues the code for these claims.</summary>
    private static async Task<IResult> IssueCodeAsync(HttpContext context, OpenIddictRequest request, DevIdentityUser persona, DateTimeOffset authenticatedAt)
    {
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, persona.Subject)
            .SetClaim(Claims.AuthenticationTime, authenticatedAt.ToUnixTimeSeconds())
            .SetClaim(Claims.Name, persona.DisplayName)
            .SetClaim(Claims.PreferredUsername, persona.UserName)
            .SetClaim(Claims.GivenName, persona.FirstName)
            .SetClaim(Claims.FamilyName, persona.LastName);
        identity.SetClaims(Claims.Role, [.. persona.Roles]);
        identity.SetScopes(request.GetScopes());
        // The audiences of the granted scopes (the data API's for leafybank.api) go into the access token.
        var scopes = context.RequestServices.GetRequiredService<IOpenIddictScopeManager>();
        identity.SetResources(await scopes.ListResourcesAsync(identity.GetScopes(), context.RequestAborted).ToListAsync(context.RequestAborted));
        // Profile claims go into the identity token only when the client asked for the profile scope.
        // Roles go into the identity token whatever the scopes: the app's cookie principal is built from it (no userinfo call).
        identity.SetDestinations(claim => claim.Type is Claims.AuthenticationTime ? [Destinations.IdentityToken]
            : claim.Type is Claims.Role ? [Destinations.AccessToken, Destinations.IdentityToken]
            : claim.Type is Claims.Name or Claims.PreferredUsername or Claims.GivenName or Claims.FamilyName
            ? identity.HasScope(Scopes.Profile) ? [Destinations.AccessToken, Destinations.IdentityToken] : [Destinations.AccessToken]
            : [Destinations.AccessToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>
    /// OpenID Connect Core 1.0 §3.1.2.1: <c>prompt=login</c> asks for the person to authenticate again whatever session this
    /// provider holds, and <c>max_age</c> when their last authentication is older than that many seconds.
    /// </summary>
    private static bool MustAuthenticateAgain(HttpContext context, OpenIddictRequest request, DateTimeOffset authenticatedAt) =>
        request.HasPromptValue(PromptValues.Login)
        || (request.MaxAge is { } maxAge
            && context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow() - authenticatedAt > TimeSpan.FromSeconds(maxAge));

    private static async Task<IResult> EndSession(HttpContext context, IAntiforgery antiforgery)
    {
        var session = await context.AuthenticateAsync(SessionScheme);
        if (session.Succeeded && !await IsSignOutConfirmedAsync(context, antiforgery, session.Principal))
        {
            return RenderSignOutConfirmation(context, antiforgery);
        }
        await context.SignOutAsync(SessionScheme);
        // OpenIddict returns to the validated post_logout_redirect_uri, or to the sign-in page.
        return Results.SignOut(new AuthenticationProperties { RedirectUri = SignInPath },
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    /// <summary>
    /// A cross-site link must not end a session: a GET counts only with an id_token_hint this
    /// provider issued for the signed-in persona (OpenIddict has checked its signature), a POST
    /// only from this provider's own confirmation form (antiforgery).
    /// </summary>
    private static async Task<bool> IsSignOutConfirmedAsync(HttpContext context, IAntiforgery antiforgery, ClaimsPrincipal session)
    {
        if (HttpMethods.IsPost(context.Request.Method) && context.Request.HasFormContentType)
        {
            return await antiforgery.IsRequestValidAsync(context);
        }
        var hint = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var persona = DevIdentityUsers.All.FirstOrDefault(p => p.UserName == session.FindFirstValue(Claims.Subject));
        return hint is { Succeeded: true } && persona is not null &&
               string.Equals(hint.Principal.GetClaim(Claims.Subject), persona.Subject, StringComparison.Ordinal);
    }

    private static IResult RenderSignOutConfirmation(HttpContext context, IAntiforgery antiforgery)
    {
        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");
        var tokens = antiforgery.GetAndStoreTokens(context);
        var body = new StringBuilder("<h1>Sign out?</h1><p data-testid=\"signout-confirm\">Do you want to sign out of Leafy Bank's development identity provider?</p>")
            .Append("<form method=\"post\" action=\"").Append(Encode($"{context.Request.PathBase}{EndSessionPath}")).Append("\">")
            .Append("<input type=\"hidden\" name=\"").Append(Encode(tokens.FormFieldName)).Append("\" value=\"").Append(Encode(tokens.RequestToken)).Append("\">");
        // The request's own parameters (where to return, its state), so the sign-out ends where it was asked to.
        foreach (var (name, value) in request.GetParameters())
        {
            if (name is not Parameters.IdTokenHint && name != tokens.FormFieldName)
            {
                body.Append("<input type=\"hidden\" name=\"").Append(Encode(name)).Append("\" value=\"").Append(Encode((string?)value)).Append("\">");
            }
        }
        body.Append("<p><button class=\"primary\" type=\"submit\">Sign out</button></p></form>");
        return Page("Sign out", body.ToString());
    }

    private static IResult RenderSignIn(HttpContext context, IAntiforgery antiforgery, string? returnUrl, string? userName, string? error)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var body = new StringBuilder("<h1>Sign in to Leafy Bank</h1>");
        if (error is not null)
        {
            body.Append("<p class=\"error\" role=\"alert\" data-testid=\"signin-error\">").Append(Encode(error)).Append("</p>");
        }
        body.Append("<p class=\"hint\" data-testid=\"demo-hint\">This is Leafy Bank's <strong>development identity provider</strong>. ")
            .Append("Sign in as one of the demo users below with the password <strong><code>").Append(DemoPassword)
            .Append("</code></strong>.</p>")
            .Append("<table><tr><th>User name</th><th>Name</th><th>Who</th></tr>");
        foreach (var persona in DevIdentityUsers.All)
        {
            body.Append("<tr><td><code>").Append(Encode(persona.UserName)).Append("</code></td><td>").Append(Encode(persona.DisplayName))
                .Append("</td><td>").Append(Encode(persona.Description)).Append("</td></tr>");
        }
        body.Append("</table>")
            .Append("<form method=\"post\" action=\"").Append(Encode($"{context.Request.PathBase}{SignInPath}")).Append("\">")
            .Append("<input type=\"hidden\" name=\"").Append(Encode(tokens.FormFieldName)).Append("\" value=\"").Append(Encode(tokens.RequestToken)).Append("\">")
            .Append("<input type=\"hidden\" name=\"returnUrl\" value=\"").Append(Encode(returnUrl)).Append("\">")
            .Append("<label for=\"username\">User name</label><input type=\"text\" id=\"username\" name=\"username\" autocomplete=\"username\" required value=\"")
            .Append(Encode(userName)).Append('"').Append(string.IsNullOrEmpty(userName) ? " autofocus" : "").Append('>')
            // With the user name known (a hint, or a failed attempt), the password is what is left to type.
            .Append("<label for=\"password\">Password</label><input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"current-password\" required")
            .Append(string.IsNullOrEmpty(userName) ? "" : " autofocus").Append('>')
            .Append("<p><button class=\"primary\" type=\"submit\">Sign in</button></p></form>");
        return Page("Sign in", body.ToString());
    }

    // The app follows the device's light or dark setting (MainLayout), so its sign-in page does too: a customer in
    // dark mode is not flashed a white page between two dark ones.
    private const string Styles = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f9fbfa;color:#001e2b;margin:0}
        header{background:#00684a;color:#fff;padding:14px 24px;display:flex;align-items:center;gap:12px}
        header .dev{margin-left:auto;font-size:12px;opacity:.85}
        main{max-width:560px;margin:24px auto;background:#fff;border-radius:10px;padding:24px 28px;box-shadow:0 1px 4px rgba(0,0,0,.08)}
        h1{font-size:22px;margin-top:0} label{display:block;margin:12px 0 4px}
        input[type=text],input[type=password]{width:100%;padding:8px;border:1px solid #b8c4be;border-radius:6px;box-sizing:border-box}
        button{padding:9px 18px;border-radius:6px;border:1px solid #00684a;font-size:15px;cursor:pointer}
        button.primary{background:#00684a;color:#fff}
        .hint{background:#eef5f1;border-left:4px solid #00684a;padding:8px 12px;font-size:14px}
        .error{background:#fdecea;border-left:4px solid #b3261e;padding:8px 12px}
        h2{font-size:17px;margin:20px 0 6px} ul{padding-left:22px;margin:6px 0} li{margin:4px 0}
        .actions{display:flex;flex-wrap:wrap;gap:12px}
        table{border-collapse:collapse;width:100%;margin:8px 0} td,th{text-align:left;padding:6px 4px;border-bottom:1px solid #e3e8e5;font-size:14px}
        :root{color-scheme:light dark}
        @media (prefers-color-scheme:dark){
        body{background:#0b1a14;color:#e8f0ec} header{background:#001e2b}
        main{background:#12261d;box-shadow:none;border:1px solid #2a4a3c}
        input[type=text],input[type=password]{background:#0b1a14;color:#e8f0ec;border-color:#5f7d70}
        button{background:#12261d;color:#e8f0ec;border-color:#00ed64}
        button.primary{background:#00ed64;color:#001e2b}
        .hint{background:#173327;border-left-color:#00ed64}
        .error{background:#3b1a1a;border-left-color:#ff8a8a}
        td,th{border-bottom-color:#2a4a3c}
        a{color:#71f6ba}}
        """;

    private static string Encode(string? value) => HtmlEncoder.Default.Encode(value ?? "");

    private static IResult Page(string title, string body, int statusCode = StatusCodes.Status200OK) =>
        Results.Content(
            $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
            $"<title>{Encode(title)} — Leafy Bank identity (development)</title>" +
            // No favicon on this origin: say so, or every browser asks for /favicon.ico and logs a 404.
            $"<link rel=\"icon\" href=\"data:,\"><style>{Styles}</style></head><body>" +
            "<header><strong>Leafy Bank</strong><span class=\"dev\">Development identity provider — demo customers only</span></header>" +
            $"<main>{body}</main></body></html>",
            "text/html; charset=utf-8", Encoding.UTF8, statusCode);
}
