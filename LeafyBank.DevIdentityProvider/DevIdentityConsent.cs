using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace LeafyBank.DevIdentityProvider;

/// <summary>
/// The consent question for a client other than the app (consent type systematic, the tools' data API client): a program
/// on the customer's computer that opens the authorization URL must not get a code because the customer happens to be
/// signed in here. The customer answers Allow or Deny on this provider's own page; Deny is <c>access_denied</c> at the
/// client's redirect (RFC 6749 §4.1.2.1). The answer is not remembered: every tool asks anew and only a fresh token
/// would need it, so a remembered "yes" would be one more thing to withdraw that this provider has no page for.
/// </summary>
internal static partial class DevIdentityEndpoints
{
    /// <summary>The consent form's field: which of its buttons the customer pressed.</summary>
    public const string ConsentAnswerField = "consent";

    public const string AllowAnswer = "allow";

    public const string DenyAnswer = "deny";

    /// <summary>
    /// Null when the customer has just allowed it on this provider's form; otherwise what to answer: the question, the
    /// refusal at the client's redirect, or a form that cannot be trusted (no antiforgery token of this provider's).
    /// </summary>
    private static async Task<IResult?> ConsentAsync(HttpContext context, IAntiforgery antiforgery, OpenIddictRequest request, DevIdentityUser persona)
    {
        // Only a POST from the form counts: an answer in a GET's query is a link anyone could have written.
        var answer = HttpMethods.IsPost(context.Request.Method) && context.Request.HasFormContentType
            ? (await context.Request.ReadFormAsync(context.RequestAborted))[ConsentAnswerField].ToString()
            : "";
        if (answer is AllowAnswer or DenyAnswer)
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Page("Form expired",
                    "<h1>This form has expired</h1><p data-testid=\"consent-expired\">Nothing was shared. Go back, reload the page and answer again.</p>",
                    StatusCodes.Status400BadRequest);
            }
            return answer == AllowAnswer ? null : Refuse(Errors.AccessDenied, "The customer did not allow this tool to read their Leafy Bank data.");
        }
        // The client asked for no page at all (OpenID Connect Core 1.0 §3.1.2.6): without the customer's answer, no code.
        if (request.HasPromptValue(PromptValues.None))
        {
            return Refuse(Errors.ConsentRequired, "The customer must answer on the consent page: ask without prompt=none.");
        }
        return RenderConsent(context, antiforgery, request, persona);
    }

    /// <summary>An error response at the client's redirect, with its state, as OpenIddict writes it for the validated redirect_uri.</summary>
    private static IResult Refuse(string error, string description) =>
        Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);

    private static IResult RenderConsent(HttpContext context, IAntiforgery antiforgery, OpenIddictRequest request, DevIdentityUser persona)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var apiScope = context.RequestServices.GetRequiredService<DevIdentityProviderOptions>().ApiScope;
        // The lifetime OpenIddict gives the access tokens it issues: no refresh token is issued to this client, so that is all the tool gets.
        var lifetime = context.RequestServices.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue.AccessTokenLifetime;

        var body = new StringBuilder("<h1>Let a tool read your Leafy Bank data?</h1>")
            .Append("<p data-testid=\"consent-question\">A program on this computer, such as a script, a spreadsheet or another app, asks to read ")
            .Append("your Leafy Bank data as <strong>").Append(Encode(persona.DisplayName)).Append("</strong>. ")
            .Append("Allow it only if you have just started such a tool yourself.</p>")
            .Append("<h2>What it could read</h2><ul data-testid=\"consent-reads\">");
        if (request.HasScope(apiScope))
        {
            // What the data API returns (LeafyBank.Web/Api/DataApi.cs), in the words of the app's Data API page.
            body.Append("<li>Your totals: what you have, what you owe and your net worth</li>")
                .Append("<li>Your accounts and their balances, at Leafy Bank and at the banks you linked</li>")
                .Append("<li>Your loans, mortgages and other products at those banks</li>")
                .Append("<li>Your transactions at those banks</li>")
                .Append("<li>The banks you linked, and when each was last read</li>");
        }
        // Every token this provider issues carries them (DevIdentityEndpoints.IssueCodeAsync), and the tool can read its token.
        body.Append("<li>Your name and your user name</li></ul>")
            .Append("<p>It can only read: it cannot move money or change anything.</p>")
            .Append("<h2>For how long</h2><p data-testid=\"consent-lifetime\">")
            .Append(lifetime is { } time
                ? $"The tool's access lasts {Duration(time)}; after that it has to ask you again. "
                : "The tool's access does not run out. ")
            // A sign-out ends one session; "Sign out everywhere" also ends every data API token issued before it (DataApiAuthentication).
            .Append("Signing out of Leafy Bank does not end it sooner; Sign out everywhere does.</p>")
            .Append("<form method=\"post\" action=\"").Append(Encode($"{context.Request.PathBase}{AuthorizePath}")).Append("\">")
            .Append("<input type=\"hidden\" name=\"").Append(Encode(tokens.FormFieldName)).Append("\" value=\"").Append(Encode(tokens.RequestToken)).Append("\">");
        // The request itself (client, redirect, PKCE challenge, state…) goes back with the answer: OpenIddict validates it
        // again and returns to the same redirect, so the code still needs the tool's verifier.
        foreach (var (name, value) in RequestParameters(context, request))
        {
            body.Append("<input type=\"hidden\" name=\"").Append(Encode(name)).Append("\" value=\"").Append(Encode(value)).Append("\">");
        }
        body.Append("<p class=\"actions\">")
            .Append("<button class=\"primary\" type=\"submit\" name=\"").Append(ConsentAnswerField).Append("\" value=\"").Append(AllowAnswer)
            .Append("\" data-testid=\"consent-allow\">Allow</button>")
            .Append("<button type=\"submit\" name=\"").Append(ConsentAnswerField).Append("\" value=\"").Append(DenyAnswer)
            .Append("\" data-testid=\"consent-deny\">Deny</button></p></form>");
        return Page("Allow a tool?", body.ToString());
    }

    /// <summary>The authorization request's own parameters, without a consent answer or antiforgery token a form POST added to them.</summary>
    private static IEnumerable<KeyValuePair<string, string?>> RequestParameters(HttpContext context, OpenIddictRequest request)
    {
        var antiforgeryField = context.RequestServices.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.FormFieldName;
        return request.GetParameters()
            .Where(p => p.Key != ConsentAnswerField && p.Key != antiforgeryField)
            .Select(p => KeyValuePair.Create(p.Key, (string?)p.Value));
    }

    private static string Duration(TimeSpan time) => time switch
    {
        { TotalHours: 1 } => "one hour",
        { TotalMinutes: var minutes } when minutes % 60 == 0 => $"{minutes / 60:0} hours",
        { TotalMinutes: var minutes } => $"{minutes:0} minutes",
    };
}
