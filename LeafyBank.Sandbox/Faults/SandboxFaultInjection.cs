using LeafyBank.Sandbox.Authorization;
using LeafyBank.Sandbox.Banks;
using LeafyBank.Sandbox.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LeafyBank.Sandbox.Faults;

/// <summary>
/// Where the <see cref="SandboxFaults"/> switches take effect: a middleware at the front of each
/// bank's branch (before OpenIddict, so discovery and the token endpoint misbehave too) and an
/// endpoint filter on the directory. A request with no fault switched on passes untouched.
/// </summary>
internal static partial class SandboxFaultInjection
{
    /// <summary>Paths of a bank (below its issuer) that belong to authorization rather than to its data APIs.</summary>
    private static readonly string[] AuthorizationPaths =
    [
        "/.well-known", "/connect", "/consents", CustomerPages.SignInPath, "/signout", CustomerPages.MyConsentsPath,
        // The standards' own consent resources (Berlin Group, UK Open Banking) are part of authorising, not data.
        "/v1/consents", "/open-banking/v3.1/aisp/account-access-consents",
    ];

    /// <summary>Not JSON: what a bank's broken proxy or half-deployed release sends.</summary>
    private const string MalformedBody = "{\"this answer\": is not JSON";

    public static IApplicationBuilder UseSandboxFaults(this IApplicationBuilder branch, SandboxBank bank) =>
        branch.Use(async (context, next) =>
        {
            if (!await MisbehaveAsync(context, bank.Id, bank, SurfaceOf(context.Request.Path)))
            {
                await next(context);
            }
        });

    public static RouteHandlerBuilder WithSandboxFaults(this RouteHandlerBuilder endpoint, string target) =>
        endpoint.AddEndpointFilter(async (invocation, next) =>
            await MisbehaveAsync(invocation.HttpContext, target, bank: null, SandboxFaultSurfaces.All) ? Results.Empty : await next(invocation));

    internal static SandboxFaultSurfaces SurfaceOf(PathString pathInBank) =>
        AuthorizationPaths.Any(prefix => pathInBank.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase))
            ? SandboxFaultSurfaces.Authorization
            : SandboxFaultSurfaces.Data;

    /// <summary>Applies the target's fault, if any. True when the fault answered (or dropped) the request, so nothing else may.</summary>
    private static async Task<bool> MisbehaveAsync(HttpContext context, string target, SandboxBank? bank, SandboxFaultSurfaces surface)
    {
        var services = context.RequestServices;
        if (services.GetRequiredService<SandboxFaults>().For(target, surface) is not { } fault)
        {
            return false;
        }
        var time = services.GetRequiredService<TimeProvider>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SandboxFaults).FullName!);
        LogFault(logger, fault.Mode, target, context.Request.Method, context.Request.Path);
        // Stop waiting when the client gives up, or when the app stops (a hang must not hold up shutdown).
        using var gone = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted,
            services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        try
        {
            if (fault.LatencyMs > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(fault.LatencyMs), time, gone.Token);
            }
            switch (fault.Mode)
            {
                case SandboxFaultMode.Latency:
                    return false;
                case SandboxFaultMode.Hang:
                    await Task.Delay(Timeout.InfiniteTimeSpan, time, gone.Token);
                    return true;
                case SandboxFaultMode.Error500:
                    await SandboxFaultAnswers.ServerErrorAsync(context, bank);
                    return true;
                case SandboxFaultMode.RateLimit:
                    await SandboxFaultAnswers.TooManyRequestsAsync(context, bank, fault.RetryAfterSeconds);
                    return true;
                case SandboxFaultMode.Malformed:
                default:
                    context.Response.StatusCode = StatusCodes.Status200OK;
                    context.Response.ContentType = "application/json";
                    await context.Response.WriteAsync(MalformedBody, gone.Token);
                    return true;
            }
        }
        catch (OperationCanceledException) when (gone.IsCancellationRequested)
        {
            context.Abort();
            return true;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sandbox fault {Mode} at {Target}: {Method} {Path}")]
    private static partial void LogFault(ILogger logger, SandboxFaultMode mode, string target, string method, PathString path);
}
