using Scalar.AspNetCore;

namespace LeafyBank.Web.Api;

/// <summary>
/// A browsable reference of the data API (Scalar, over <see cref="DataApiServiceExtensions.OpenApiPath"/>)
/// at <see cref="Path"/>, in Development only: elsewhere the OpenAPI document is the contract and
/// the app serves no developer tooling.
/// </summary>
public static class DataApiReference
{
    public const string Path = "/scalar";

    public static WebApplication MapDataApiReference(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            return app;
        }
        app.MapScalarApiReference(Path, options => options
            .WithTitle("Leafy Bank data API")
            .AddDocument(DataApi.DocumentName)
            // No internet at run time, and nothing about a developer's browsing leaves the machine:
            // the bundled script is served by the app, and no CDN fonts, telemetry or AI agent.
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            // Scalar's developer toolbar (Share, Generate SDK, Deploy) sends the document to scalar.com.
            .HideDeveloperTools()
            // The page starts Scalar with one inline module script; a fresh nonce per response lets the
            // app's script-src 'self' policy allow exactly that script (SecurityHeadersExtensions) and no other.
            .WithNonce())
            .AllowAnonymous();
        return app;
    }
}
