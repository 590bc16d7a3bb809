using System.Security.Claims;
using LeafyBank.Core.Configuration;
using LeafyBank.Core.Customers;
using LeafyBank.Core.Security.Sessions;
using LeafyBank.DevIdentityProvider;
using LeafyBank.Web.Authentication.Sessions;
using LeafyBank.Web.Extensions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace LeafyBank.Web.Authentication;

/// <summary>
/// Customer sign-in: a cookie session established by OpenID Connect (authorization code + PKCE)
/// against the provider named in configuration, or the built-in development provider.
/// </summary>
public static class AuthenticationExtensions
{
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string OidcScheme = OpenIdConnectDefaults.AuthenticationScheme;

    public static WebApplicationBuilder AddLeafyBankAuthentication(this WebApplicationBuilder builder)
    {
        var settings = builder.Services.AddValidatedSettings<SignInSettings, SignInSettingsValidator>(builder.Configuration, SignInSettings.Section);
        settings.CheckProviderChosenFor(builder.Environment);
        var api = builder.Services.AddValidatedSettings<DataApiSettings, DataApiSettingsValidator>(builder.Configuration, DataApiSettings.Section);
        var lifetime = builder.Services.AddValidatedSettings<SessionLifetime, SessionLifetimeValidator>(builder.Configuration, SessionLifetime.Section);

        builder.Services.AddAuthentication(options =>
            {
                options.DefaultScheme = CookieScheme;
                options.DefaultChallengeScheme = OidcScheme;
            })
            .AddCookie(CookieScheme, options =>
            {
                options.Cookie.Name = ".LeafyBank.Session";
                // The cookie only names a stored session (StoredTicketStore), which ends on sign-out, when idle and at the
                // absolute lifetime; the cookie itself never outlives that lifetime and does not slide past it.
                options.ExpireTimeSpan = lifetime.Absolute;
                options.SlidingExpiration = false;
            })
            .AddOpenIdConnect(OidcScheme, options =>
            {
                options.Authority = settings.Authority?.ToString();
                options.ClientId = settings.ClientId;
                options.ClientSecret = settings.ClientSecret;
                // Code flow (PKCE is on by default): no tokens in the browser's address bar.
                options.ResponseType = OpenIdConnectResponseType.Code;
                options.UsePkce = true;
                options.Scope.Clear();
                foreach (var scope in settings.Scopes)
                {
                    options.Scope.Add(scope);
                }
                // Keep the provider's claim names (sub, name, preferred_username) instead of WS-Federation URIs.
                options.MapInboundClaims = false;
                options.TokenValidationParameters.NameClaimType = "name";
                options.TokenValidationParameters.RoleClaimType = "roles";
                // The id_token is kept as the id_token_hint for signing out at the provider.
                options.SaveTokens = true;
                options.SignInScheme = CookieScheme;
                // The customer is found by the token's issuer and subject once, here; the session keeps the answer.
                options.Events.OnTokenValidated = AcceptFreshSignInAsync;
                options.Events.OnRemoteFailure = ContinueAfterFailedSignIn;
                options.Events.OnTicketReceived = SignInLanding.ChooseStartPageAsync;
                options.Events.OnRedirectToIdentityProvider = context =>
                {
                    // The handler sends no login_hint of its own: a user name picked before signing in goes as one (OpenID Connect Core §3.1.2.1).
                    if (context.Properties.GetParameter<string>(OpenIdConnectParameterNames.LoginHint) is { } hint)
                    {
                        context.ProtocolMessage.LoginHint = hint;
                    }
                    FreshSignIn.Ask(context.ProtocolMessage);
                    return Task.CompletedTask;
                };
                // RP-initiated logout names the client: providers (OpenIddict, Keycloak) refuse an id_token_hint they cannot tie to one.
                options.Events.OnRedirectToIdentityProviderForSignOut = context =>
                {
                    context.ProtocolMessage.ClientId = context.Options.ClientId;
                    return Task.CompletedTask;
                };
            })
            // The data API: bearer tokens from the same provider, never the cookie.
            .AddDataApiBearer(settings, api);

        if (settings.UsesDevIdentityProvider)
        {
            builder.Services.AddDevIdentityProvider(services => new DevIdentityProviderOptions
            {
                Url = settings.DevIdentityProviderUrl,
                BindUrl = settings.DevIdentityProviderBindUrl,
                UrlSettingKey = SignInSettings.DevIdentityProviderUrlKey,
                AuthorityKey = SignInSettings.AuthorityKey,
                ClientId = settings.ClientId,
                ClientSecret = settings.ClientSecret,
                ApiScope = DataApiSettings.Scope,
                ApiAudience = api.Audience,
                DataDirectory = services.GetRequiredService<StoreSettings>().DataDirectory,
                ConfigurePipeline = app => app.UseSecurityHeaders(),
            });
            builder.Services.AddSingleton<IConfigureOptions<OpenIdConnectOptions>, UseDevIdentityProvider>();
            builder.Services.AddSingleton<IConfigureOptions<Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerOptions>, DataApiAuthentication.UseDevIdentityProvider>();
        }
        builder.Services.AddOptions<OpenIdConnectOptions>(OidcScheme).Configure<TimeProvider>((options, clock) =>
        {
            options.TokenValidationParameters.LifetimeValidator = TokenLifetimeOnAppClock.Validator(clock);
            // Max-Age, not only Expires: a browser whose clock differs from the server's by more than
            // the sign-in timeout would otherwise drop these cookies as already expired.
            options.CorrelationCookie.MaxAge = options.RemoteAuthenticationTimeout;
            options.NonceCookie.MaxAge = options.RemoteAuthenticationTimeout;
        });
        builder.Services.AddOptions<Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerOptions>(DataApiAuthentication.Scheme)
            .Configure<TimeProvider>((options, clock) => options.TokenValidationParameters.LifetimeValidator = TokenLifetimeOnAppClock.Validator(clock));

        builder.Services.AddAuthorization();
        builder.AddAnalystPolicy();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddScoped<CurrentCustomer>();
        builder.Services.AddSingleton(services => new CustomerIdentities(services.GetRequiredService<LeafyBank.Core.Persistence.IDocumentStore>(),
            services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILogger<CustomerIdentities>>(), services.GetService<CustomerCache>(),
            settings.LinksFirstSignInByUserName));
        AddServerSideSessions(builder.Services);
        return builder;
    }

    /// <summary>Sessions kept in the store, and circuits that end with them.</summary>
    private static void AddServerSideSessions(IServiceCollection services)
    {
        services.AddSingleton<CustomerSessions>();
        services.AddSingleton<StoredTicketStore>();
        services.AddSingleton<IConfigureOptions<CookieAuthenticationOptions>, StoredTicketStore.UseForCookies>();
        services.AddScoped<CircuitActivity>();
        services.AddScoped<CircuitHandler, CircuitActivity.Handler>();
        services.AddScoped<AuthenticationStateProvider, SessionRevalidation>();
    }

    /// <summary>Where a sign-in that could not complete sends someone not signed in; the home page says what happened.</summary>
    public const string SignInFailedPath = "/?signin=failed";

    /// <summary>A challenge that asks the provider to fill in <paramref name="userName"/> (none: a plain challenge).</summary>
    public static AuthenticationProperties WithLoginHint(AuthenticationProperties properties, string? userName)
    {
        if (userName is not null)
        {
            properties.SetParameter(OpenIdConnectParameterNames.LoginHint, userName);
        }
        return properties;
    }

    /// <summary>Where sign-out from the app bar lands: the home page, saying the customer is signed out.</summary>
    public const string SignedOutPath = "/?signout=done";

    /// <summary>Where "Sign out everywhere" lands: the home page, saying every session ended.</summary>
    public const string SignedOutEverywherePath = "/?signout=everywhere";

    /// <summary>
    /// A sign-in answer that cannot be used — Back to the provider's page after signing in (its answer comes a second
    /// time, without the correlation cookie), a sign-in left open past its timeout, or cancelled at the provider — is
    /// nothing the person did wrong: instead of an error page, someone already signed in carries on to their start page
    /// (<see cref="SignInLanding"/>), and anyone else lands on the home page, which says the sign-in did not finish and offers it again.
    /// </summary>
    private static async Task ContinueAfterFailedSignIn(RemoteFailureContext context)
    {
        // The callback is handled before the request's own sign-in is read: ask the session cookie itself.
        var session = await context.HttpContext.AuthenticateAsync(CookieScheme);
        var next = session is { Succeeded: true, Principal: { } principal }
            ? await SignInLanding.StartPageOfAsync(principal, context.HttpContext.RequestServices, context.HttpContext.RequestAborted)
            : SignInFailedPath;
        context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AuthenticationExtensions))
            .LogWarning("A sign-in answer could not be used ({Reason}); sent to {Next}.", context.Failure?.Message, next);
        context.Response.Redirect(next);
        context.HandleResponse();
    }

    private static async Task AcceptFreshSignInAsync(TokenValidatedContext context)
    {
        if (context.Principal is { } principal && FreshSignIn.Refusal(principal) is { } refusal)
        {
            // The answer is not used: OnRemoteFailure logs why and sends the person back to sign in again.
            context.Fail($"Not a fresh sign-in: {refusal}.");
            return;
        }
        await RecordCustomerAsync(context);
    }

    private static async Task RecordCustomerAsync(TokenValidatedContext context)
    {
        if (context.Principal?.Identity is not ClaimsIdentity identity)
        {
            return;
        }
        var identities = context.HttpContext.RequestServices.GetRequiredService<CustomerIdentities>();
        if (await identities.ResolveAsync(context.Principal, context.HttpContext.RequestAborted) is { } customer)
        {
            identity.AddClaim(new Claim(CustomerClaims.CustomerId, customer.Id.ToString()));
        }
    }

    /// <summary>
    /// Points the OIDC handler at the development provider once it listens (its port may be
    /// chosen at start-up). Options are built on first use, after the hosted provider started.
    /// </summary>
    private sealed class UseDevIdentityProvider(DevIdentityProviderHost provider, SignInSettings settings) : IConfigureNamedOptions<OpenIdConnectOptions>
    {
        public void Configure(string? name, OpenIdConnectOptions options)
        {
            if (name != OidcScheme)
            {
                return;
            }
            var authority = settings.Authority ?? provider.Address;
            options.Authority = authority.ToString();
            options.ClientSecret = provider.ClientSecret;
            // The development provider is plain http on this machine; every other authority must be https.
            options.RequireHttpsMetadata = !(authority.Scheme == "http" && SignInSettings.IsLoopback(authority));
            // Over plain http the default SameSite=None + Secure correlation cookies would be dropped,
            // and a cross-site form_post would not carry Lax cookies: use a top-level GET callback.
            options.ResponseMode = OpenIdConnectResponseMode.Query;
            options.CorrelationCookie.SameSite = SameSiteMode.Lax;
            options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.NonceCookie.SameSite = SameSiteMode.Lax;
            options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        }

        public void Configure(OpenIdConnectOptions options) => Configure(Options.DefaultName, options);
    }
}
