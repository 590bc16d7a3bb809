using System.Text;
using LeafyBank.Core.Customers;
using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence;
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

    /// <summary>RFC 6750 challenge header plus a ProblemDetails body saying what to do next.</summary>
    private static async Task WriteChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
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
            if (await identities.ResolveAsync(context.User, http.RequestAborted) is { } user)
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
