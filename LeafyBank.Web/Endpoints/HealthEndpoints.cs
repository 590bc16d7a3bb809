using System.Text.Json.Serialization;
using LeafyBank.Core.Persistence;
using LeafyBank.Web.Authentication;
using LeafyBank.Web.Extensions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LeafyBank.Web.Endpoints;

/// <summary>
/// ASP.NET Core health checks: <c>/health</c> is readiness (the store check; 503 when the store does
/// not answer), <c>/alive</c> is liveness (the process answers; no dependency is asked, so an outage
/// of the store takes the instance out of the load balancer without restarting it).
/// </summary>
public static class HealthEndpoints
{
    /// <summary>The checks <c>/health</c> runs.</summary>
    public const string ReadinessTag = "ready";

    public static IServiceCollection AddLeafyBankHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<StoreHealthCheck>(StoreHealthCheck.Name, tags: [ReadinessTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // AllowCachingResponses stays false: probes must see the state now (Cache-Control: no-store, no-cache).
        endpoints.MapHealthChecks("/health", new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(ReadinessTag),
            ResponseWriter = WriteReadinessAsync,
        })
            .WithName("GetHealth")
            .WithSummary("Readiness: whether the app can reach its document store")
            .WithDescription("200 when the store answers, 503 otherwise. Anonymous callers get the status only; an analyst, or everyone with " +
                             "LEAFYBANK_HEALTH_DETAILS=true, also gets the engine, where it lives (never credentials), the latency, the error " +
                             "and whether multi-document transactions are used.")
            .AllowAnonymous();
        endpoints.MapHealthChecks("/alive", new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = (context, report) => context.Response.WriteAsJsonAsync(new HealthResponse(HealthResponse.Healthy, null), context.RequestAborted),
        })
            .WithName("GetAlive")
            .WithSummary("Liveness: the process answers")
            .WithDescription("Always 200 while the app runs; asks no dependency.")
            .AllowAnonymous();
        return endpoints;
    }

    private static async Task WriteReadinessAsync(HttpContext context, HealthReport report)
    {
        var settings = context.RequestServices.GetRequiredService<HostingSecuritySettings>();
        var authorization = context.RequestServices.GetRequiredService<IAuthorizationService>();
        // Where the data lives and how it answers is reconnaissance for a stranger; a load balancer needs only the status.
        var details = settings.HealthDetailsForEveryone ||
                      (await authorization.AuthorizeAsync(context.User, AnalystPolicy.Name)).Succeeded;
        var store = details && report.Entries.TryGetValue(StoreHealthCheck.Name, out var entry)
                            && entry.Data.TryGetValue(StoreHealthCheck.Name, out var data)
            ? data as StoreHealthReport
            : null;
        var status = report.Status == HealthStatus.Healthy ? HealthResponse.Healthy : HealthResponse.Unhealthy;
        await context.Response.WriteAsJsonAsync(new HealthResponse(status, store), context.RequestAborted);
    }
}

/// <summary>The store's health check: a round trip within <see cref="ProbeTimeout"/>, with what /health shows about the store.</summary>
public sealed class StoreHealthCheck(IDocumentStore store) : IHealthCheck
{
    public const string Name = "store";

    /// <summary>How long a health probe waits for the store before calling it unreachable.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var health = await store.ProbeAsync(ProbeTimeout, cancellationToken);
        var data = new Dictionary<string, object> { [Name] = StoreHealthReport.From(health, store.TransactionCapability) };
        return health.Reachable
            ? HealthCheckResult.Healthy(data: data)
            : new HealthCheckResult(context.Registration.FailureStatus, health.Error, data: data);
    }
}

public sealed record HealthResponse(
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] StoreHealthReport? Store)
{
    public const string Healthy = "healthy";
    public const string Unhealthy = "unhealthy";
}

public sealed record StoreHealthReport(
    string Engine,
    string Location,
    bool Reachable,
    double LatencyMs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error,
    string Transactions)
{
    public static StoreHealthReport From(StoreHealth health, TransactionCapability transactions) =>
        new(health.Engine, health.Location, health.Reachable, Math.Round(health.Latency.TotalMilliseconds, 1), health.Error, transactions.Describe());
}
