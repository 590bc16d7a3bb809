using LeafyBank.Sandbox.Access;
using LeafyBank.Sandbox.Authorization;
using LeafyBank.Sandbox.Banks;
using LeafyBank.Sandbox.Consents;
using LeafyBank.Sandbox.Customers;
using LeafyBank.Sandbox.Data;
using LeafyBank.Sandbox.Dialects;
using LeafyBank.Sandbox.Faults;
using LeafyBank.Sandbox.Pages;
using LeafyBank.Sandbox.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace LeafyBank.Sandbox.Hosting;

public static class SandboxServiceCollectionExtensions
{
    /// <summary>
    /// Registers the sandbox banks: one OpenIddict authorization server for all of them (issuer
    /// inferred per bank from <c>/sandbox/{bankId}</c>), token validation for their APIs, the
    /// consent resource, and a customer cookie per bank. Settings come from section <c>Sandbox</c>
    /// (see <see cref="SandboxSettings"/>); a missing client secret fails here, with its key.
    /// The banks' data and dialect APIs come with it; tests may add their own with
    /// <see cref="AddSandboxAccountDirectory{T}"/> and <see cref="AddSandboxBankApi{T}"/>.
    /// </summary>
    public static IServiceCollection AddSandboxBanks(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = SandboxSettings.FromConfiguration(configuration);
        var database = Path.Combine(settings.DataDirectory, "sandbox.db");
        SandboxFiles.PrepareOwnerOnlyDatabase(database);
        services.AddSingleton(settings);
        services.AddSingleton<SandboxOrigin>();
        services.AddSingleton<PushedAuthorizationRequests>();
        services.AddSingleton<ClientAssertionReplayCache>();
        services.AddSingleton<DpopProofs>();
        // RFC 9449 §8-9 nonces, keyed by a secret beside the signing keys: still valid after a restart.
        var keyDirectory = Path.Combine(settings.DataDirectory, "keys");
        services.AddSingleton(provider => DpopNonces.LoadOrCreate(keyDirectory, provider.GetRequiredService<TimeProvider>()));
        // Off unless configured (Sandbox:Faults) or set by a test: slow and broken banks on demand.
        services.AddSingleton(SandboxFaults.FromConfiguration(configuration));
        services.TryAddSingleton(TimeProvider.System);

        services.AddDbContext<SandboxDbContext>(options => options
            .UseSqlite($"Data Source={database}")
            .UseOpenIddict());
        services.AddScoped<ConsentService>();
        services.AddHostedService<SandboxInitializer>();
        // Every bank's customers, accounts and transactions, and its API dialect.
        services.AddSandboxBankData();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISandboxBankApi, SandboxDialectApi>());
        services.AddAntiforgery();

        // No default scheme is set: the host owns its own sign-in; each bank names its scheme.
        var authentication = services.AddAuthentication();
        foreach (var bank in SandboxBankCatalog.All)
        {
            authentication.AddCookie(SandboxBankContext.CustomerScheme(bank), options =>
            {
                options.Cookie.Name = ".LeafyBank.Sandbox." + bank.Id;
                // Each bank's session is its own: the cookie never leaves the bank's path.
                options.Cookie.Path = "/sandbox/" + bank.Id;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.HttpOnly = true;
                options.LoginPath = CustomerPages.SignInPath;
                options.ExpireTimeSpan = TimeSpan.FromMinutes(30);
                options.SlidingExpiration = true;
            });
        }

        services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<SandboxDbContext>())
            .AddServer(server =>
            {
                // No SetIssuer: the issuer is the configured origin (SandboxOrigin, never the Host
                // header) plus the bank's path base, so /sandbox/greenbank and /sandbox/donaubank
                // are two distinct issuers.
                server.SetAuthorizationEndpointUris(AuthorizationEndpoints.AuthorizePath.TrimStart('/'))
                    .SetTokenEndpointUris(AuthorizationEndpoints.TokenPath.TrimStart('/'))
                    .SetRevocationEndpointUris(AuthorizationEndpoints.RevokePath.TrimStart('/'))
                    .SetPushedAuthorizationEndpointUris(AuthorizationEndpoints.PushedAuthorizePath.TrimStart('/'));

                server.AllowAuthorizationCodeFlow()
                    .AllowRefreshTokenFlow()
                    // UK Open Banking's account-access-consents take the client's own token; the token endpoint grants it at UK banks only.
                    .AllowClientCredentialsFlow()
                    .RequireProofKeyForCodeExchange()
                    // FAPI 2.0: the authorization request travels on the back channel (RFC 9126),
                    // so the browser carries only client_id and request_uri.
                    .RequirePushedAuthorizationRequests();
                // A rotated-out refresh token fails at once (OpenIddict's default leeway is 30 s), and
                // using it revokes the whole chain: a stolen copy is useless the moment the owner refreshes.
                server.SetRefreshTokenReuseLeeway(null);
                // S256 only: "plain" PKCE protects nothing against an intercepted request.
                server.Configure(options =>
                {
                    options.CodeChallengeMethods.Clear();
                    options.CodeChallengeMethods.Add(CodeChallengeMethods.Sha256);
                    // FAPI 2.0 wants a pushed request's lifetime under 10 minutes; the customer has that long to sign in and approve.
                    options.RequestTokenLifetime = TimeSpan.FromMinutes(9);
                });

                server.RegisterScopes([Scopes.OfflineAccess, .. BankPermissions.All]);
                server.SetAccessTokenLifetime(TimeSpan.FromMinutes(5));
                // Upper bound only: each refresh token is cut to its consent's remaining validity.
                server.SetRefreshTokenLifetime(TimeSpan.FromDays(180));

                server.AddSigningKey(SandboxSigningKeys.LoadOrCreate(keyDirectory, "signing-key"));
                server.AddEncryptionKey(SandboxSigningKeys.LoadOrCreate(keyDirectory, "encryption-key"));
                // Access tokens are signed JWTs anyone can inspect (as at most real banks); codes
                // and refresh tokens stay encrypted.
                server.DisableAccessTokenEncryption();

                server.RemoveEventHandler(OpenIddict.Server.OpenIddictServerHandlers.Authentication.ValidateClientRedirectUri.Descriptor);
                server.AddEventHandler(ValidateRedirectUriOrSameOriginCallback.Descriptor);
                server.RemoveEventHandler(OpenIddict.Server.OpenIddictServerHandlers.Authentication.ValidatePushedClientRedirectUri.Descriptor);
                server.AddEventHandler(ValidateRedirectUriOrSameOriginCallback.Pushed.Descriptor);
                server.AddEventHandler(IgnoreRequestsOutsideBanks.Descriptor);
                server.AddEventHandler(UseConfiguredOrigin.Descriptor);
                // Berlin Group names the consent in a per-consent scope (AIS:{consentId}), which no
                // registration can list: hidden from OpenIddict's scope checks at Berlin Group banks only.
                server.AddEventHandler(BerlinGroupConsentScope.Hide.Descriptor);
                server.AddEventHandler(BerlinGroupConsentScope.Restore.Descriptor);
                server.AddEventHandler(BerlinGroupConsentScope.HidePushed.Descriptor);
                server.AddEventHandler(BerlinGroupConsentScope.RestorePushed.Descriptor);
                server.AddEventHandler(AdvertiseBankScopes.Descriptor);
                server.AddEventHandler(RememberPushedAuthorizationRequest.Descriptor);
                // private_key_jwt (FAPI 2.0 §5.3.2.1): assertions held to the profile, secrets refused where the bank follows it.
                server.AddEventHandler(RefuseClientSecretWhereNotAccepted.Descriptor);
                server.AddEventHandler(ValidateClientAssertionForFapi.Descriptor);
                server.AddEventHandler(AdvertiseBankClientAuthentication.Descriptor);
                server.AddEventHandler(LeaveClientAssertionAudienceToTheBank.Descriptor);
                server.AddEventHandler(ReportClientAssertionFailuresAsInvalidClient<OpenIddict.Server.OpenIddictServerEvents.ApplyTokenResponseContext>.Descriptor);
                server.AddEventHandler(ReportClientAssertionFailuresAsInvalidClient<OpenIddict.Server.OpenIddictServerEvents.ApplyPushedAuthorizationResponseContext>.Descriptor);
                server.AddEventHandler(ReportClientAssertionFailuresAsInvalidClient<OpenIddict.Server.OpenIddictServerEvents.ApplyRevocationResponseContext>.Descriptor);
                // Sender-constrained access tokens (FAPI 2.0 §5.3.2.2) by DPoP, which OpenIddict 7.8 lacks.
                foreach (var descriptor in DpopHandlers.Descriptors)
                {
                    server.AddEventHandler(descriptor);
                }

                server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    // An authorize error that cannot go back to the client (used or expired request_uri, unknown
                    // client) reaches the endpoint, which shows the customer the bank's page, not OpenIddict's plain text.
                    .EnableErrorPassthrough()
                    .EnableTokenEndpointPassthrough()
                    // The sandbox runs on plain http locally and in tests; a real bank never would.
                    .DisableTransportSecurityRequirement();
            })
            .AddValidation(validation =>
            {
                validation.UseLocalServer();
                validation.AddEventHandler(UseConfiguredOriginForValidation.Descriptor);
                validation.AddEventHandler(ExtractDpopAccessToken.Descriptor);
                validation.AddEventHandler(DpopHandlers.LeaveBindingToTheBankAtValidation.Descriptor);
                // Check every access token against the store, so revocation takes effect at once.
                validation.EnableTokenEntryValidation();
                validation.EnableAuthorizationEntryValidation();
                validation.UseAspNetCore();
            });

        return services;
    }

    /// <summary>Registers where the consent page gets a customer's accounts at a bank.</summary>
    public static IServiceCollection AddSandboxAccountDirectory<T>(this IServiceCollection services)
        where T : class, ISandboxAccountDirectory
    {
        services.RemoveAll<ISandboxAccountDirectory>();
        services.AddSingleton<ISandboxAccountDirectory, T>();
        return services;
    }

    /// <summary>Registers a bank data API to be mapped inside every bank's branch.</summary>
    public static IServiceCollection AddSandboxBankApi<T>(this IServiceCollection services)
        where T : class, ISandboxBankApi
    {
        services.AddSingleton<ISandboxBankApi, T>();
        return services;
    }
}
