using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using LeafyBank.Core.Configuration;
using LeafyBank.Core.Security;
using LeafyBank.Sandbox.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace LeafyBank.DevIdentityProvider;

/// <summary>
/// The development identity provider: a small web application of its own (own DI container,
/// own OpenIddict server, own SQLite store under <c>{data}/identity</c>) on its own loopback
/// port, started and stopped with the app. It is a separate institution as far as the app is
/// concerned — the app reaches it only through OpenID Connect — and it does not need the bank
/// sandbox, which owns the OpenIddict server inside the app's container.
/// </summary>
public sealed class DevIdentityProviderHost(DevIdentityProviderOptions settings, ILoggerFactory loggers, TimeProvider timeProvider)
    : IHostedService, IAsyncDisposable
{
    /// <summary>The demo analyst's user name (staff, not a customer), which the app's home page offers beside the demo customers.</summary>
    public const string AnalystUserName = "analyst";

    /// <summary>
    /// The public client for calling the data API from a tool on this machine (a script, a CLI,
    /// an HTTP client): authorization code + PKCE with a loopback redirect, as RFC 8252 says
    /// native apps should. No secret, because a tool on a person's machine cannot keep one.
    /// </summary>
    public const string ApiClientId = "leafybank-api-client";

    private readonly ILogger logger = loggers.CreateLogger<DevIdentityProviderHost>();
    private WebApplication? app;
    private Uri? address;

    /// <summary>Where the provider listens (the OIDC authority); known once it has started.</summary>
    public Uri Address => address ?? throw new InvalidOperationException("The development identity provider has not started yet.");

    /// <summary>The app's client secret here: the configured one, or a fresh one per process (the client is re-registered at every start).</summary>
    public string ClientSecret { get; } = settings.ClientSecret ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public string Directory => Path.Combine(settings.DataDirectory, "identity");

    private string DatabasePath => Path.Combine(Directory, "identity.db");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Owner-only: the provider's store and keys (0700/0600 on Unix).
        OwnerOnlyFiles.PrepareSqliteFile(DatabasePath);
        var built = Build();
        await InitializeAsync(built.Services, cancellationToken);
        try
        {
            await built.StartAsync(cancellationToken);
        }
        catch (IOException exception) when (exception.InnerException is SocketException || exception.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            await built.DisposeAsync();
            throw new ConfigurationException(settings.UrlSettingKey,
                $"{settings.Url} is already in use; choose a free port (0 picks one) for the development identity provider.");
        }
        app = built;
        var listening = built.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        // Bound to all interfaces (a container), the listening address is not one a browser can use.
        address = settings.BindUrl is null ? new Uri(listening.TrimEnd('/') + "/") : settings.Url;
        logger.LogInformation("Development identity provider listening at {Address} (demo customers, password on its sign-in page)", address);
        if (settings.BindUrl is { } bind && !IsLoopback(bind))
        {
            // Its demo customers share one published password: reachable from other machines, anyone who
            // reaches it signs in as any of them. Fine for a demo container, never for real customers.
            logger.LogWarning("The development identity provider listens on {Bind}, which other machines may reach: anyone who can reach it " +
                              "can sign in as any demo customer. Use it for demos only; for real customers set {AuthorityKey} to your OpenID Connect provider.",
                bind, settings.AuthorityKey);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (app is not null)
        {
            await app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
            app = null;
        }
    }

    private WebApplication Build()
    {
        // An empty builder: no appsettings, environment variables or ASPNETCORE_URLS of the app leak in.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(DevIdentityProviderHost).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().UseUrls((settings.BindUrl ?? settings.Url).ToString())
            .ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.Logging.AddProvider(new ForwardingLoggerProvider(loggers));
        builder.Services.AddRouting();
        // The app's clock: tokens it issues must be judged by the same time the app's handlers read.
        builder.Services.AddSingleton(timeProvider);
        // What the app registered it with (the data API's scope, which its consent page describes).
        builder.Services.AddSingleton(settings);
        builder.Services.AddDataProtection()
            .SetApplicationName("LeafyBank.DevIdentity")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(Directory, "data-protection")));
        // Cookies are per host, not per port: names distinct from the app's keep the two apart on localhost.
        builder.Services.AddAntiforgery(options => options.Cookie.Name = ".LeafyBank.DevIdentity.Antiforgery");
        builder.Services.AddAuthentication(DevIdentityEndpoints.SessionScheme)
            .AddCookie(DevIdentityEndpoints.SessionScheme, options =>
            {
                options.Cookie.Name = ".LeafyBank.DevIdentity.Session";
                options.LoginPath = DevIdentityEndpoints.SignInPath;
                options.ReturnUrlParameter = "returnUrl";
                // A short session: switching personas should not need a browser restart.
                options.ExpireTimeSpan = TimeSpan.FromMinutes(30);
            });
        builder.Services.AddDbContext<DevIdentityDbContext>(options => options
            .UseSqlite($"Data Source={DatabasePath}")
            .UseOpenIddict());

        var keys = Path.Combine(Directory, "keys");
        builder.Services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<DevIdentityDbContext>())
            .AddServer(server =>
            {
                server.SetAuthorizationEndpointUris(DevIdentityEndpoints.AuthorizePath.TrimStart('/'))
                    .SetTokenEndpointUris(DevIdentityEndpoints.TokenPath.TrimStart('/'))
                    .SetEndSessionEndpointUris(DevIdentityEndpoints.EndSessionPath.TrimStart('/'));
                server.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                // S256 only: "plain" PKCE protects nothing against an intercepted request.
                server.Configure(options =>
                {
                    options.CodeChallengeMethods.Clear();
                    options.CodeChallengeMethods.Add(CodeChallengeMethods.Sha256);
                });
                server.RegisterScopes(Scopes.Profile, Scopes.Email, settings.ApiScope);
                // Access tokens as signed (not encrypted) JWTs, so the data API — or any resource
                // server — validates them with the published signing keys, as tokens from a real provider.
                server.DisableAccessTokenEncryption();
                // Persistent keys: sessions and tokens survive a restart of the app.
                server.AddSigningKey(SandboxSigningKeys.LoadOrCreate(keys, "signing-key"));
                server.AddEncryptionKey(SandboxSigningKeys.LoadOrCreate(keys, "encryption-key"));
                server.RemoveEventHandler(OpenIddict.Server.OpenIddictServerHandlers.Authentication.ValidateClientRedirectUri.Descriptor);
                server.AddEventHandler(DevIdentityServerHandlers.AllowLoopbackSignInCallback.Descriptor);
                server.RemoveEventHandler(OpenIddict.Server.OpenIddictServerHandlers.Session.ValidateClientPostLogoutRedirectUri.Descriptor);
                server.AddEventHandler(DevIdentityServerHandlers.AllowLoopbackSignOutCallback.Descriptor);
                server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    // Loopback-only development provider on plain http; a real provider never is.
                    .DisableTransportSecurityRequirement();
            });

        var built = builder.Build();
        // The same headers as the app: its sign-in page must not be framed either.
        settings.ConfigurePipeline?.Invoke(built);
        built.UseRouting();
        built.UseAuthentication();
        built.UseAntiforgery();
        built.MapDevIdentityEndpoints();
        return built;
    }

    /// <summary>Creates the store if needed and (re-)registers the app as this provider's client.</summary>
    private async Task InitializeAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DevIdentityDbContext>().Database.EnsureCreatedAsync(cancellationToken);
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = settings.ClientId,
            ClientSecret = ClientSecret,
            DisplayName = "Leafy Bank Open Finance",
            ClientType = ClientTypes.Confidential,
            ApplicationType = ApplicationTypes.Web,
            // The app itself (first-party): signing in to Leafy Bank is what the customer came for, so no consent question.
            ConsentType = ConsentTypes.Implicit,
            Permissions =
            {
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.Token,
                Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.ResponseTypes.Code,
                Permissions.Scopes.Profile,
                Permissions.Scopes.Email,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        await RegisterApplicationAsync(applications, descriptor, cancellationToken);
        await RegisterDataApiAsync(scope.ServiceProvider, applications, cancellationToken);
    }

    private static async Task RegisterApplicationAsync(IOpenIddictApplicationManager applications, OpenIddictApplicationDescriptor descriptor,
        CancellationToken cancellationToken)
    {
        if (await applications.FindByClientIdAsync(descriptor.ClientId!, cancellationToken) is { } existing)
        {
            await applications.UpdateAsync(existing, descriptor, cancellationToken);
        }
        else
        {
            await applications.CreateAsync(descriptor, cancellationToken);
        }
    }

    /// <summary>
    /// The data API as a resource: scope <see cref="DevIdentityProviderOptions.ApiScope"/> grants tokens whose
    /// audience is the configured API audience, and the public <see cref="ApiClientId"/> may ask for it.
    /// </summary>
    private async Task RegisterDataApiAsync(IServiceProvider services, IOpenIddictApplicationManager applications, CancellationToken cancellationToken)
    {
        var scopes = services.GetRequiredService<IOpenIddictScopeManager>();
        var scopeDescriptor = new OpenIddictScopeDescriptor
        {
            Name = settings.ApiScope,
            DisplayName = "Read your Leafy Bank position, accounts, products, transactions and connections",
            Resources = { settings.ApiAudience },
        };
        if (await scopes.FindByNameAsync(settings.ApiScope, cancellationToken) is { } existingScope)
        {
            await scopes.UpdateAsync(existingScope, scopeDescriptor, cancellationToken);
        }
        else
        {
            await scopes.CreateAsync(scopeDescriptor, cancellationToken);
        }

        await RegisterApplicationAsync(applications, new OpenIddictApplicationDescriptor
        {
            ClientId = ApiClientId,
            DisplayName = "Leafy Bank data API (tools on this machine)",
            ClientType = ClientTypes.Public,
            ApplicationType = ApplicationTypes.Native,
            // Any program on the customer's computer can use this client id: the customer is asked every time (DevIdentityConsent.cs).
            ConsentType = ConsentTypes.Systematic,
            Permissions =
            {
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.Token,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.ResponseTypes.Code,
                Permissions.Scopes.Profile,
                Permissions.Prefixes.Scope + settings.ApiScope,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        }, cancellationToken);
    }

    /// <summary>
    /// The provider's logs go to the app's loggers (and through its redaction). Framework categories
    /// keep their names, so the app's filters (<c>Microsoft.AspNetCore</c>, <c>OpenIddict</c>…) apply
    /// to them as to the app's own; the provider's own lines say where they come from.
    /// </summary>
    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    private sealed class ForwardingLoggerProvider(ILoggerFactory target) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => target.CreateLogger(
            categoryName.StartsWith("Microsoft.", StringComparison.Ordinal) || categoryName.StartsWith("OpenIddict", StringComparison.Ordinal) ||
            categoryName.StartsWith("System.", StringComparison.Ordinal)
                ? categoryName
                : "DevIdentityProvider." + categoryName);

        public void Dispose()
        {
        }
    }
}
