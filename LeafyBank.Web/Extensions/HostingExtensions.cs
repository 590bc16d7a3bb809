using LeafyBank.Core;
using LeafyBank.Core.Configuration;
using LeafyBank.Core.Persistence;
using LeafyBank.Sandbox.Hosting;
using LeafyBank.Web.Api;
using LeafyBank.Web.Authentication.Sessions;
using LeafyBank.Web.Components;
using LeafyBank.Web.Components.Formatting;
using LeafyBank.Web.Components.Layout;
using LeafyBank.Web.Endpoints;
using MudBlazor.Services;

namespace LeafyBank.Web.Extensions;

public static class HostingExtensions
{
    /// <summary>Large enough for any page's prerendered state, small enough to refuse an abusive message.</summary>
    public const int MaximumCircuitMessageBytes = 512 * 1024;

    /// <summary>Where snackbars appear: top centre, as wide as a phone allows (see <see cref="AddLeafyBankWeb"/>).</summary>
    public const string SnackbarPosition = MudBlazor.Defaults.Classes.Position.TopCenter + " mud-width-full d-flex flex-column align-center px-2";

    /// <summary>Telemetry, Blazor Server with MudBlazor. Core's services are registered by <c>AddLeafyBankCore</c>.</summary>
    public static WebApplicationBuilder AddLeafyBankWeb(this WebApplicationBuilder builder)
    {
        builder.AddLeafyBankTelemetry();
        // Serve package assets (MudBlazor's CSS/JS) when the build output runs outside Development;
        // a published app has no build manifest and is unaffected.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorComponents()
            .AddInteractiveServerComponents()
            // Pages hand their prerendered data to the circuit (persistent component state), which the
            // browser sends back in the circuit's first message: a dashboard with four banks is past
            // SignalR's 32 KB default, and a message over the limit closes the circuit for good.
            .AddHubOptions(hub => hub.MaximumReceiveMessageSize = MaximumCircuitMessageBytes);
        // Snackbars top centre, not MudBlazor's top right, where they cover the pages' main action ("Connect a bank",
        // sign-out) on a laptop; at the bottom they cover a phone's last row and the transactions pager. MudBlazor
        // centres by a left: 50% that shrinks a snackbar to 288 px on a phone, four lines tall and over "Connect a
        // bank" again: its own utility classes make the box full width and centre each snackbar in it instead.
        builder.Services.AddMudServices(config => config.SnackbarConfiguration.PositionClass = SnackbarPosition);
        // One per circuit: tells the banner and the Connections page that a connection changed.
        builder.Services.AddScoped<ConnectionChanges>();
        builder.Services.AddScoped<CustomerTimeZone>();
        builder.Services.AddLeafyBankHealthChecks();
        builder.AddDataApi();
        return builder;
    }

    public static WebApplication UseLeafyBankPipeline(this WebApplication app)
    {
        // Before anything reads the scheme or the client's address: a known proxy's https counts as https.
        app.UseForwardedHeaders();
        // Every response, the sandbox banks' and error pages included, carries the security headers.
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        }
        // The bank sandbox first: a request for a bank ends in that bank's own branch.
        if (app.Services.GetService<SandboxSettings>() is not null)
        {
            app.MapSandboxBanks();
        }
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseRateLimiter();
        app.UseAuthentication();
        // Before authorization would send a page's request to sign in with no reason given.
        app.Use(SignedOutEverywhereNotice.SayBeforeSignInAsync);
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapLeafyBankEndpoints(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapHealthEndpoints();
        app.MapAuthenticationEndpoints();
        app.MapConnectionEndpoints();
        app.MapLedgerEndpoints();
        app.MapTransactionExportEndpoints();
        app.MapClientKeyEndpoints();
        app.MapDataApi();
        app.MapOpenApi().AllowAnonymous();
        app.MapDataApiReference();
        app.MapRazorComponents<App>()
            // frame-ancestors is in the app's own policy (SecurityHeadersExtensions), for every response.
            .AddInteractiveServerRenderMode(options => options.ContentSecurityFrameAncestorsPolicy = null);
        return app;
    }

    /// <summary>
    /// Creates tables/indexes and seeds the personas, within <paramref name="timeout"/>.
    /// Throws <see cref="StoreUnavailableException"/> when the store does not answer in time.
    /// </summary>
    public static async Task InitializeStoreAsync(this IHost app, TimeSpan timeout)
    {
        var store = app.Services.GetRequiredService<IDocumentStore>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("LeafyBank.Web.Startup");
        // Location names a directory or host list only; credentials never reach it.
        logger.LogInformation("Opening the {Engine} store at {Location}", store.Engine, store.Location);

        using var timeoutSource = new CancellationTokenSource(timeout);
        try
        {
            // WaitAsync as well as the token: a call that ignores cancellation must not hang start-up.
            await app.Services.InitializeOpenFinanceStoreAsync(timeoutSource.Token).WaitAsync(timeout);
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
        {
            throw new StoreUnavailableException(
                $"The {store.Engine} store at {store.Location} did not answer within {timeout.TotalSeconds:0} s.", exception);
        }
        logger.LogInformation("The {Engine} store at {Location} is ready", store.Engine, store.Location);
        if (app.Services.GetService<KeyRingSettings>() is { Certificate: null })
        {
            logger.LogWarning("The key ring that decrypts the stored bank tokens is kept unencrypted in the store: anyone who can read the store can read " +
                              "the tokens. Set {CertificateKey} to a .pfx certificate file (and {PasswordKey} to its password) to encrypt it.",
                KeyRingSettings.CertificateKey, KeyRingSettings.PasswordKey);
        }
    }
}
