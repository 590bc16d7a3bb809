using System.Globalization;
using System.Security.Claims;
using System.Text;
using LeafyBank.Sandbox.Banks;
using LeafyBank.Sandbox.Consents;
using LeafyBank.Sandbox.Customers;
using LeafyBank.Sandbox.Dialects.UkOpenBanking;
using LeafyBank.Sandbox.Hosting;
using LeafyBank.Sandbox.Pages;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static LeafyBank.Sandbox.Pages.BankPage;
using static OpenIddict.Abstractions.OpenIddictConstants;
using ISandboxAccountDirectory = LeafyBank.Sandbox.Data.ISandboxAccountDirectory;
using SandboxAccountSummary = LeafyBank.Sandbox.Data.SandboxAccountSummary;

namespace LeafyBank.Sandbox.Authorization;

/// <summary>
/// The passthrough endpoints of the bank's authorization server: the authorization endpoint
/// (customer sign-in, then the consent page: Approve binds the consent to the customer and the
/// chosen accounts, Decline rejects it) and the token endpoint (codes and refresh tokens only
/// while the consent is valid; refresh tokens never outlive it).
/// </summary>
internal static class AuthorizationEndpoints
{
    public const string AuthorizePath = "/connect/authorize";
    public const string TokenPath = "/connect/token";
    public const string RevokePath = "/connect/revoke";
    public const string PushedAuthorizePath = "/connect/par";

    // Form fields of the consent page that are not part of the OAuth request.
    private const string DecisionField = "decision";
    private const string AccountField = "account";
    private const string CancelDecision = "cancel";

    public static void MapAuthorizationEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods(AuthorizePath, [HttpMethods.Get, HttpMethods.Post], Authorize).ExcludeFromDescription();
        endpoints.MapPost(TokenPath, Exchange).ExcludeFromDescription();
    }

    private static async Task<IResult> Authorize(
        HttpContext context, ConsentService consents, IAntiforgery antiforgery,
        IOpenIddictApplicationManager applications, IOpenIddictAuthorizationManager authorizations, ILoggerFactory loggers)
    {
        var bank = context.GetSandboxBank();
        // Error passthrough: OpenIddict refused the request and could not redirect it to the client.
        if (context.GetOpenIddictServerResponse() is { Error: { Length: > 0 } } refusal)
        {
            loggers.CreateLogger(typeof(AuthorizationEndpoints).FullName!).LogAuthorizationErrorShown(bank.Id, refusal.Error, refusal.ErrorDescription);
            return await AuthorizationErrorPage.RenderAsync(context, bank, refusal, applications, context.RequestServices.GetRequiredService<SandboxOrigin>());
        }
        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");

        var binding = ConsentBinding.For(bank);
        var consentId = binding.ConsentIdOf(request);
        var consent = string.IsNullOrEmpty(consentId) ? null : await consents.FindAsync(bank, consentId, context.RequestAborted);
        if (consent is null || consent.ClientId != request.ClientId)
        {
            return Refuse(Errors.InvalidRequest, binding.HowToNameTheConsent(bank));
        }
        if (consent.Status is not ConsentStatus.Received)
        {
            return Refuse(Errors.InvalidRequest, $"Consent {consent.Id} is {consent.Status.ToWire()}; create a new consent to ask again.");
        }

        var requested = request.GetScopes();
        if (binding.UncoveredScope(requested, consent) is { } extra)
        {
            return Refuse(Errors.InvalidScope, $"Scope '{extra}' is not part of consent {consent.Id}.");
        }
        // What the tokens will carry: the standard may name the consent in a scope of its own (Berlin Group AIS:{consentId}) and grant its permissions.
        requested = [.. binding.GrantedScopes(requested, consent)];

        var logger = loggers.CreateLogger(typeof(AuthorizationEndpoints).FullName!);
        var isPost = HttpMethods.IsPost(context.Request.Method);
        if (isPost && context.Request.HasFormContentType &&
            (await context.Request.ReadFormAsync(context.RequestAborted))[DecisionField] == CancelDecision)
        {
            // Cancel on the sign-in, code or consent page: RFC 6749 §4.1.2.1 access_denied, with
            // state (and RFC 9207 iss) added by the server; the consent is rejected, nothing is shared.
            if (await RejectForgedPostAsync(context, antiforgery, bank) is { } forgedCancel)
            {
                return forgedCancel;
            }
            var who = context.CustomerAuthenticatedFor(consent.Id) ?? context.AwaitingSecondFactor()?.Customer;
            await consents.RejectAsync(consent, who?.Id, context.RequestAborted);
            logger.LogConsentStatus(consent.Id, bank.Id, consent.Status.ToWire());
            return Refuse(Errors.AccessDenied, "The customer cancelled at the bank.");
        }

        // Strong customer authentication for this consent: a session from an earlier consent, or
        // one that has not passed the one-time code, is never enough.
        if (context.CustomerAuthenticatedFor(consent.Id) is not { } customer)
        {
            return Results.Redirect(CustomerPages.SignInUrl(context, $"{context.Request.PathBase}{AuthorizePath}{RequestQuery(context)}"));
        }

        // Only what the consent asks for is offered (ConsentCoverage): a deposit account for a consent about loans, or a type
        // its restrictedTo leaves out, would be shared behind the third party's request. What is not offered cannot be chosen.
        var coverage = ConsentCoverage.Of(consent, requested);
        var held = context.RequestServices.GetRequiredService<ISandboxAccountDirectory>().AccountsOf(bank, customer.Id);
        var accounts = held.Where(coverage.Covers).ToList();
        var application = await applications.FindByClientIdAsync(request.ClientId!, context.RequestAborted)
            ?? throw new InvalidOperationException("The client application cannot be found.");
        var clientName = await applications.GetDisplayNameAsync(application, context.RequestAborted) ?? request.ClientId!;

        if (!isPost)
        {
            return RenderConsentPage(context, antiforgery, bank, consent, customer, clientName, coverage, accounts, holdsAny: held.Count > 0, ticked: null, error: null);
        }

        if (await RejectForgedPostAsync(context, antiforgery, bank) is { } forged)
        {
            return forged;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (form[DecisionField] != "approve")
        {
            await consents.RejectAsync(consent, customer.Id, context.RequestAborted);
            logger.LogConsentStatus(consent.Id, bank.Id, consent.Status.ToWire());
            return Refuse(Errors.AccessDenied, "The customer declined the consent.");
        }

        var offered = accounts.Select(account => account.Id).ToHashSet(StringComparer.Ordinal);
        var chosen = form[AccountField].Where(id => id is not null && offered.Contains(id)).Select(id => id!).Distinct(StringComparer.Ordinal).ToList();
        if (chosen.Count == 0)
        {
            // The accounts as the customer left them (none ticked), not all ticked again behind their back.
            var what = (accounts.Any(account => !account.IsProduct), accounts.Any(account => account.IsProduct)) switch
            {
                (true, true) => "account, loan or mortgage",
                (false, true) => "loan or mortgage",
                _ => "account",
            };
            return RenderConsentPage(context, antiforgery, bank, consent, customer, clientName, coverage, accounts, holdsAny: held.Count > 0,
                ticked: chosen.ToHashSet(StringComparer.Ordinal),
                error: accounts.Count == 0 ? "There is nothing to share: decline." : $"Choose at least one {what} to share, or decline.");
        }

        var identity = new ClaimsIdentity(
            authenticationType: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, nameType: Claims.Name, roleType: Claims.Role);
        identity.SetClaim(Claims.Subject, customer.Id)
            .SetClaim(SandboxBankContext.ConsentIdClaim, consent.Id);
        // RFC 9449 §10: the key the pushed request bound the code to (checked there, DpopHandlers), carried in the code to the token endpoint.
        if (request.GetParameter(DpopHandlers.CodeBindingParameter) is { } boundTo)
        {
            identity.SetClaim(DpopHandlers.CodeBindingClaim, (string?)boundTo);
        }
        identity.SetScopes(requested);
        identity.SetAudiences(bank.Id);

        var authorization = await authorizations.CreateAsync(
            identity, customer.Id, (await applications.GetIdAsync(application, context.RequestAborted))!,
            AuthorizationTypes.Permanent, identity.GetScopes(), context.RequestAborted);
        var authorizationId = (await authorizations.GetIdAsync(authorization, context.RequestAborted))!;
        identity.SetAuthorizationId(authorizationId);

        await consents.AuthorizeAsync(consent, customer.Id, chosen, authorizationId, context.RequestAborted);
        logger.LogConsentStatus(consent.Id, bank.Id, consent.Status.ToWire());

        PrepareForTokens(identity, consent, consents.Now);
        return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> Exchange(HttpContext context, ConsentService consents)
    {
        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");
        if (request.IsClientCredentialsGrantType() && context.GetSandboxBank().Dialect == SandboxDialects.UkOpenBanking)
        {
            return UkClientCredentialsGrant.Issue(context, request);
        }
        if (!request.IsAuthorizationCodeGrantType() && !request.IsRefreshTokenGrantType())
        {
            return Refuse(Errors.UnsupportedGrantType, "This bank issues tokens for authorization codes and refresh tokens only.");
        }

        // OpenIddict has already checked the code or refresh token (signature, expiry, PKCE,
        // redirect_uri, not redeemed, authorization still valid); the consent is the bank's part.
        var result = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var principal = result.Principal ?? throw new InvalidOperationException("The grant's principal cannot be retrieved.");
        var bank = context.GetSandboxBank();
        var consentId = principal.GetClaim(SandboxBankContext.ConsentIdClaim);
        var consent = consentId is null ? null : await consents.FindAsync(bank, consentId, context.RequestAborted);
        if (consent is not { Status: ConsentStatus.Valid })
        {
            return Refuse(Errors.InvalidGrant, consent is null
                ? "The grant is not tied to a consent at this bank."
                : $"Consent {consent.Id} is {consent.Status.ToWire()}; ask the customer for a new consent.");
        }

        // The code's key binding (RFC 9449 §10) was checked by DpopHandlers; it is not carried on into the refresh token.
        var identity = new ClaimsIdentity(principal.Claims.Where(claim => claim.Type != DpopHandlers.CodeBindingClaim),
            authenticationType: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, nameType: Claims.Name, roleType: Claims.Role);
        PrepareForTokens(identity, consent, consents.Now);
        return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>Claims go into the access token only; a refresh token lives no longer than its consent.</summary>
    private static void PrepareForTokens(ClaimsIdentity identity, Consent consent, DateTimeOffset now)
    {
        identity.SetDestinations(claim => claim.Type switch
        {
            Claims.Subject or SandboxBankContext.ConsentIdClaim => [Destinations.AccessToken],
            _ => [],
        });
        var remaining = consent.ExpiresAt - now;
        identity.SetRefreshTokenLifetime(remaining > TimeSpan.Zero ? remaining : TimeSpan.FromSeconds(1));
    }

    private static IResult Refuse(string error, string description) => Results.Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);

    /// <summary>The OAuth request as a query string, without the consent page's own form fields.</summary>
    private static QueryString RequestQuery(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            return context.Request.QueryString;
        }
        var form = context.Request.Form;
        return QueryString.Create(form
            .Where(field => field.Key is not (DecisionField or AccountField) && !field.Key.StartsWith("__", StringComparison.Ordinal))
            .Select(field => KeyValuePair.Create(field.Key, (string?)field.Value.ToString())));
    }

    /// <param name="accounts">What the consent can cover of what the customer holds: the tick boxes.</param>
    /// <param name="holdsAny">Whether the customer holds anything at this bank, offered or not.</param>
    private static IResult RenderConsentPage(
        HttpContext context, IAntiforgery antiforgery, SandboxBank bank, Consent consent, SandboxCustomer customer,
        string clientName, ConsentCoverage coverage, IReadOnlyList<SandboxAccountSummary> accounts, bool holdsAny, IReadOnlySet<string>? ticked, string? error)
    {
        var days = ConsentDuration.DaysFrom(DateOnly.FromDateTime(context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime), consent.ValidUntil);
        var body = new StringBuilder()
            .Append("<h1 data-testid=\"consent-title\"><span data-testid=\"requesting-party\">").Append(Encode(clientName))
            .Append("</span> asks to see your data at ").Append(Encode(bank.Name)).Append("</h1>")
            .Append("<p data-testid=\"signed-in-as\">Signed in as <strong>").Append(Encode(customer.Name)).Append("</strong>. ")
            .Append("<button class=\"link\" type=\"submit\" form=\"not-you\" data-testid=\"not-you\">Not you?</button></p>");
        if (error is not null)
        {
            body.Append("<p class=\"error\" role=\"alert\">").Append(Encode(error)).Append("</p>");
        }

        body.Append("<h2>What ").Append(Encode(clientName)).Append(" will see</h2><ul data-testid=\"permissions\">");
        foreach (var permission in coverage.Described)
        {
            body.Append("<li data-permission=\"").Append(Encode(permission)).Append("\">").Append(Encode(Describe(permission))).Append("</li>");
        }
        body.Append("</ul>");

        body.Append("<h2>For how long</h2><p data-testid=\"validity\">")
            .Append(Encode(ConsentDuration.Describe(days, consent.ValidUntil)))
            .Append(". You can stop it at any time under ").Append(CustomerPages.MyConsentsLink(context)).Append(".</p>")
            .Append("<p data-testid=\"frequency\">").Append(Encode(clientName)).Append(" may refresh your data up to ")
            .Append(consent.FrequencyPerDay.ToString(CultureInfo.InvariantCulture))
            .Append(consent.FrequencyPerDay == 1 ? " time" : " times").Append(" a day on its own, and whenever you use it.</p>");

        body.Append("<form method=\"post\" action=\"").Append(Encode($"{context.Request.PathBase}{AuthorizePath}")).Append("\">")
            .Append(AntiforgeryField(context, antiforgery));
        foreach (var (name, value) in OAuthParameters(context))
        {
            body.Append("<input type=\"hidden\" name=\"").Append(Encode(name)).Append("\" value=\"").Append(Encode(value)).Append("\">");
        }

        // One list of tick boxes (the same "account" field, so what is left unticked is left out of the consent's shared
        // ids as before), shown in two groups: to a customer a loan or a mortgage is something they owe, not an account.
        body.Append("<h2>Choose what to share</h2>");
        if (accounts.Count == 0)
        {
            body.Append("<p data-testid=\"nothing-to-share\">").Append(holdsAny
                ? $"You hold nothing at {Encode(bank.Name)} of what {Encode(clientName)} asked to see, so there is nothing to share. Decline to tell {Encode(clientName)}."
                : "You hold no accounts at this bank.").Append("</p>");
        }
        else
        {
            body.Append("<p>Untick anything ").Append(Encode(clientName)).Append(" should not see.</p>");
            AppendChoices(body, "Accounts", "share-accounts", accounts.Where(account => !account.IsProduct), ticked);
            AppendChoices(body, "Loans and mortgages", "share-loans", accounts.Where(account => account.IsProduct), ticked);
        }
        body.Append("<p class=\"actions\"><button class=\"primary\" type=\"submit\" name=\"").Append(DecisionField)
            .Append("\" value=\"approve\" data-testid=\"approve\">Approve</button>")
            .Append("<button class=\"secondary\" type=\"submit\" name=\"").Append(DecisionField)
            .Append("\" value=\"decline\" data-testid=\"decline\">Decline</button></p></form>");

        // After the consent form, so it is the page's first form; "Not you?" above submits it by id.
        var authorizeUrl = $"{context.Request.PathBase}{AuthorizePath}{RequestQuery(context)}";
        body.Append("<form id=\"not-you\" method=\"post\" action=\"").Append(Encode($"{context.Request.PathBase}{CustomerPages.SignOutPath}")).Append("\">")
            .Append(AntiforgeryField(context, antiforgery))
            .Append("<input type=\"hidden\" name=\"returnUrl\" value=\"").Append(Encode(authorizeUrl)).Append("\"></form>")
            .Append(CancelForm(context, antiforgery, OAuthParameters(context).Select(p => KeyValuePair.Create(p.Name, p.Value)), clientName));
        return Render(bank, "Consent", body.ToString());
    }

    /// <summary>A group of tick boxes on the consent page, left out when the customer holds nothing of the kind.</summary>
    private static void AppendChoices(
        StringBuilder body, string legend, string testId, IEnumerable<SandboxAccountSummary> choices, IReadOnlySet<string>? ticked)
    {
        var list = choices.ToList();
        if (list.Count == 0)
        {
            return;
        }
        body.Append("<fieldset data-testid=\"").Append(testId).Append("\"><legend>").Append(Encode(legend)).Append("</legend>");
        foreach (var (id, name) in list.Select(choice => (choice.Id, choice.Name)))
        {
            // All ticked on the first showing: the customer unticks what they keep to themselves.
            body.Append("<label><input type=\"checkbox\" name=\"").Append(AccountField).Append("\" value=\"").Append(Encode(id))
                .Append(ticked is null || ticked.Contains(id) ? "\" checked> " : "\"> ").Append(Encode(name)).Append("</label>");
        }
        body.Append("</fieldset>");
    }

    private static IEnumerable<(string Name, string Value)> OAuthParameters(HttpContext context)
    {
        IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> source =
            context.Request.HasFormContentType ? context.Request.Form : context.Request.Query;
        foreach (var (name, values) in source)
        {
            if (name is DecisionField or AccountField || name.StartsWith("__", StringComparison.Ordinal))
            {
                continue;
            }
            foreach (var value in values)
            {
                yield return (name, value ?? "");
            }
        }
    }
}
