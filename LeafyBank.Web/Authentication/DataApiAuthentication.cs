using System.Globalization;
using System.Security.Claims;
using System.Text;
using LeafyBank.Core.Customers;
using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence;
using LeafyBank.Core.Security.Sessions;
using LeafyBank.DevIdentityProvider;
using LeafyBank.Web.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace LeafyBank.Web.Authentication;

/// <summary>
/// Bearer-token authentication for the data API: JWT access tokens from the sign-in authority,
/// for the configured audience. The API accepts this scheme only — never the session cookie —
/// so a browser cannot be tricked into calling it with the customer's cookie (no CSRF), and a
/// missing or bad token is a 401 with <c>WWW-Authenticate: Bearer</c>, never a sign-in redirect.
/// </summary>
public static class DataApiAuthentication
{
    public const string Scheme = JwtBearerDefaults.AuthenticationScheme;

    /// <summary>A valid token whose user name is a Leafy Bank customer.</summary>
    public const string CustomerPolicy = "DataApiCustomer";

    internal const string CustomerItemKey = "LeafyBank.DataApi.Customer";

    public static AuthenticationBuilder AddDataApiBearer(this AuthenticationBuilder authentication, SignInSettings signIn, DataApiSettings api)
    {
        authentication.AddJwtBearer(Scheme, options =>
        {
            options.Authority = signIn.Authority?.ToString();
            options.Audience = api.Audience;
            // Keep the provider's claim names (preferred_username, name, sub), as the cookie sign-in does.
            options.MapInboundClaims = false;
            options.TokenValidationParameters.NameClaimType = "name";
            options.TokenValidationParameters.RoleClaimType = "roles";
            options.Events = new JwtBearerEvents
            {
                OnTokenValidated = RefuseTokensEndedEverywhereAsync,
                OnChallenge = WriteChallengeAsync,
                OnForbidden = WriteForbiddenAsync,
            };
        });
        authentication.Services.AddSingleton<IAuthorizationHandler, LeafyBankCustomerHandler>();
        // Identifying the caller reads the store before any endpoint filter runs: a store outage there (or any failure
        // on an API path) is answered as the API's own problem, never with an error page.
        authentication.Services.AddSingleton<DataApiFailures>();
        authentication.Services.AddSingleton<IExceptionHandler>(services => services.GetRequiredService<DataApiFailures>());
        authentication.Services.AddSingleton<IDeveloperPageExceptionFilter>(services => services.GetRequiredService<DataApiFailures>());
        authentication.Services.AddAuthorizationBuilder()
            .AddPolicy(CustomerPolicy, policy => policy
                .AddAuthenticationSchemes(Scheme)
                .RequireAuthenticatedUser()
                .AddRequirements(new LeafyBankCustomerRequirement()));
        return authentication;
    }

    /// <summary>The customer the authorization step found for this request's token.</summary>
    public static LeafyUser? CustomerOf(HttpContext context) => context.Items[CustomerItemKey] as LeafyUser;

    /// <summary>
    /// A token issued at or before the customer's last "Sign out everywhere" is refused like an expired one (401, RFC 6750
    /// <c>invalid_token</c>): a tool signed in as the customer is one more device, and someone who fears a tool's token leaked
    /// has that button to stop it. Its <c>iat</c> is the provider's clock against the app's; a token without one is refused too.
    /// The customer found here is the one the authorization step hands on (no second lookup).
    /// </summary>
    private static async Task RefuseTokensEndedEverywhereAsync(TokenValidatedContext context)
    {
        var http = context.HttpContext;
        if (context.Principal is not { } principal
            || await http.RequestServices.GetRequiredService<CustomerIdentities>().ResolveAsync(principal, http.RequestAborted) is not { } customer)
        {
            return; // Not a customer: the authorization step says so (403).
        }
        var sessions = http.RequestServices.GetRequiredService<CustomerSessions>();
        if (await sessions.DataApiTokensEndedAtAsync(customer.Id, http.RequestAborted) is { } endedAt
            && !(IssuedAt(principal) is { } issuedAt && issuedAt > new DateTimeOffset(endedAt, TimeSpan.Zero).ToUnixTimeSeconds()))
        {
            context.Fail(new TokenEndedEverywhereException(endedAt));
            return;
        }
        http.Items[CustomerItemKey] = customer;
    }

    private static long? IssuedAt(ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirst("iat")?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) ? seconds : null;

    /// <summary>Why a token was refused although the provider's signature and times hold: "Sign out everywhere" ended it.</summary>
    private sealed class TokenEndedEverywhereException(DateTime endedAt)
        // Plain ASCII: it goes into the WWW-Authenticate header as the error_description.
        : Exception($"the token was issued before 'Sign out everywhere' was used on {endedAt.ToString("d MMM yyyy, HH:mm", CultureInfo.InvariantCulture)} UTC, which ended every sign-in, this tool's too");

    /// <summary>RFC 6750 challenge header plus a ProblemDetails body saying what to do next.</summary>
    private static async Task WriteChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        if (context.AuthenticateFailure is TokenEndedEverywhereException ended)
        {
            // The handler has no words for a refusal of ours (it leaves error_description empty): give them.
            context.Error = "invalid_token";
            context.ErrorDescription = ended.Message;
        }
        var header = new StringBuilder("Bearer");
        if (!string.IsNullOrEmpty(context.Error))
        {
            header.Append(" error=\"").Append(context.Error).Append('"');
            if (!string.IsNullOrEmpty(context.ErrorDescription))
            {
                // The description names the failed check (expired, audience, signature), never the token.
                header.Append(", error_description=\"").Append(context.ErrorDescription.Replace("\"", "'", StringComparison.Ordinal)).Append('"');
            }
        }
        context.Response.Headers.WWWAuthenticate = header.ToString();
        var detail = context.AuthenticateFailure is null
            ? "Send an access token from the identity provider in the Authorization header (Authorization: Bearer <token>). The API does not accept the app's sign-in cookie."
            : $"The access token was refused ({context.ErrorDescription ?? "invalid token"}). Get a new token for the '{context.Options.Audience}' audience and try again.";
        await TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Authentication required")
            .ExecuteAsync(context.HttpContext);
    }

    private static Task WriteForbiddenAsync(ForbiddenContext context) =>
        TypedResults.Problem(
                $"The token is valid, but its user ({CurrentCustomer.UserNameOf(context.HttpContext.User) ?? "no user name claim"}) is not a Leafy Bank customer. " +
                "Get a token for a Leafy Bank customer's sign-in.",
                statusCode: StatusCodes.Status403Forbidden, title: "Not a Leafy Bank customer")
            .ExecuteAsync(context.HttpContext);

    private sealed class LeafyBankCustomerRequirement : IAuthorizationRequirement;

    /// <summary>
    /// Resolves the token's issuer and subject to a customer once per request (a first use links
    /// it by user name, as the first cookie sign-in does), and hands it to the endpoints.
    /// </summary>
    private sealed class LeafyBankCustomerHandler(CustomerIdentities identities) : AuthorizationHandler<LeafyBankCustomerRequirement>
    {
        protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, LeafyBankCustomerRequirement requirement)
        {
            if (context.Resource is not HttpContext http || context.User.Identity?.IsAuthenticated != true)
            {
                return;
            }
            // Found while the token was checked (RefuseTokensEndedEverywhereAsync); resolved here only when that step did not run.
            if ((http.Items[CustomerItemKey] as LeafyUser ?? await identities.ResolveAsync(context.User, http.RequestAborted)) is { } user)
            {
                http.Items[CustomerItemKey] = user;
                context.Succeed(requirement);
            }
        }
    }

    /// <summary>Points the bearer handler at the development identity provider once it listens.</summary>
    internal sealed class UseDevIdentityProvider(DevIdentityProviderHost provider, SignInSettings settings) : IConfigureNamedOptions<JwtBearerOptions>
    {
        public void Configure(string? name, JwtBearerOptions options)
        {
            if (name != Scheme)
            {
                return;
            }
            var authority = settings.Authority ?? provider.Address;
            options.Authority = authority.ToString();
            // The development provider is plain http on this machine; every other authority must be https.
            options.RequireHttpsMetadata = !(authority.Scheme == "http" && SignInSettings.IsLoopback(authority));
        }

        public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);
    }
}
