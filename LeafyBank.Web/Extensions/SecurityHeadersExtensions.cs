using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Components;
using Scalar.AspNetCore;

namespace LeafyBank.Web.Extensions;

/// <summary>
/// The response headers every answer carries — pages, the data API, <c>/health</c>, static
/// files, the sandbox banks' pages and APIs and the development identity provider — set when
/// the response starts, so error pages and short-circuited answers get them too.
/// </summary>
public static class SecurityHeadersExtensions
{
    /// <summary>
    /// No inline script and no eval: Blazor Server and MudBlazor need neither. MudBlazor sets
    /// inline styles, hence <c>'unsafe-inline'</c> for styles only. Nothing may frame any page
    /// (the bank's consent page above all: a framed Approve button is one click away from
    /// clickjacking). <c>connect-src 'self'</c> covers the circuit's WebSocket on this origin.
    /// </summary>
    private const string ScriptSources = "script-src 'self'";

    private const string OtherSources =
        "; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    private const string PermissionsPolicy =
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()";

    // One hash per import map (there is one per build): computed once, not per response.
    private static readonly ConcurrentDictionary<ImportMapDefinition, string> ImportMapHashes = new();

    /// <summary>Adds the headers to every response of <paramref name="app"/> (call it first in the pipeline).</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                Apply((HttpContext)state);
                return Task.CompletedTask;
            }, context);
            return next(context);
        });

    private static void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'self'; " + ScriptSources + ImportMapSource(context) + ScriptNonceSource(context) + OtherSources;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Permissions-Policy"] = PermissionsPolicy;
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
    }

    /// <summary>
    /// The data API reference page (Development only, <c>DataApiReference</c>) starts Scalar with an
    /// inline module script carrying a fresh nonce: the policy allows that one script by its nonce,
    /// only on the response that carries it, rather than inline scripts anywhere. No eval there either:
    /// Scalar's reference and its request client run under this policy (the browser journey opens the
    /// client and sends a request, and fails on any policy violation).
    /// </summary>
    private static string ScriptNonceSource(HttpContext context) =>
        context.Items.TryGetValue(ScalarOptions.NonceHttpContextItemKey, out var nonce) && nonce is string { Length: > 0 } value
            ? $" 'nonce-{value}'"
            : "";

    /// <summary>
    /// Blazor's <c>&lt;ImportMap /&gt;</c> writes the page's import map (fingerprinted module URLs)
    /// as an inline script, which <c>script-src 'self'</c> alone would block: the policy allows
    /// exactly that map by its SHA-256, and nothing else inline.
    /// </summary>
    private static string ImportMapSource(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<ImportMapDefinition>() is not { } importMap)
        {
            return "";
        }
        return " " + ImportMapHashes.GetOrAdd(importMap,
            static map => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(map.ToString())))}'");
    }
}
