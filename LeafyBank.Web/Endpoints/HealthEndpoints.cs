using System.Text.Json.Serialization;
using LeafyBank.Core.Persistence;
using LeafyBank.Web.Authentication;
using LeafyBank.Web.Extensions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LeafyBank.Web.Endpoints;

public static class HealthEndpoints
{
    /// <summary>How long a health probe waits for the store before calling it unreachable.</summary>
    private static readonly TimeSpan StoreProbeTimeout = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health", GetHealthAsync)
            .WithName("GetHealth")
            .WithSummary("Whether the app can reach its document store")
            .WithDescription("200 when the store answers, 503 otherwise. Anonymous callers get the status only; an analyst, or everyone with " +
                             "LEAFYBANK_HEALTH_DETAILS=true, also gets the engine, where it lives (never credentials), the latency and the error.")
            .AllowAnonymous();
        return endpoints;
    }

    internal static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> GetHealthAsync(
        IDocumentStore store, HttpContext context, HostingSecuritySettings settings, IAuthorizationService authorization, CancellationToken cancellationToken)
    {
        // Probes must see the state now, never a cached answer.
        context.Response.Headers.CacheControl = "no-store";

        var health = await store.ProbeAsync(StoreProbeTimeout, cancellationToken);
        // Where the data lives and how it answers is reconnaissance for a stranger; a load balancer needs only the status.
        var details = settings.HealthDetailsForEveryone ||
                      (await authorization.AuthorizeAsync(context.User, AnalystPolicy.Name)).Succeeded;
        var report = details ? HealthReport.From(health) : HealthReport.StatusOnly(health);
        return health.Reachable
            ? TypedResults.Ok(report)
            : TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}

public sealed record HealthReport(
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] StoreHealthReport? Store)
{
    public const string Healthy = "healthy";
    public const string Unhealthy = "unhealthy";

    public static HealthReport From(StoreHealth health) => new(
        health.Reachable ? Healthy : Unhealthy,
        new StoreHealthReport(health.Engine, health.Location, health.Reachable,
            Math.Round(health.Latency.TotalMilliseconds, 1), health.Error));

    public static HealthReport StatusOnly(StoreHealth health) => new(health.Reachable ? Healthy : Unhealthy, null);
}

public sealed record StoreHealthReport(
    string Engine,
    string Location,
    bool Reachable,
    double LatencyMs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error);
