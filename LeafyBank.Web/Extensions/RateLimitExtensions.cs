using System.Globalization;
using System.Threading.RateLimiting;
using LeafyBank.Web.Endpoints;
using Microsoft.AspNetCore.RateLimiting;

namespace LeafyBank.Web.Extensions;

/// <summary>
/// Request limits per client address and minute on what an attacker would hammer: sign-in, the
/// bank callback and the data API (<see cref="HostingSecuritySettings"/>). Over the limit the
/// answer is 429 with <c>Retry-After</c> and a sentence saying when to try again.
/// </summary>
public static class RateLimitExtensions
{
    public const string SignInPath = "/authentication/login";
    public const string SignInCallbackPath = "/signin-oidc";
    public const string DataApiPath = "/api/v1";

    public static IServiceCollection AddLeafyBankRateLimits(this IServiceCollection services, HostingSecuritySettings settings) =>
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                Limit(context.Request.Path, settings) is not ({ } area, var perMinute)
                    ? RateLimitPartition.GetNoLimiter("")
                    : RateLimitPartition.GetFixedWindowLimiter($"{area}|{ClientOf(context)}", _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = perMinute,
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                    }));
            options.OnRejected = RejectAsync;
        });

    private static (string? Area, int PerMinute) Limit(PathString path, HostingSecuritySettings settings) =>
        path.StartsWithSegments(SignInPath) || path.StartsWithSegments(SignInCallbackPath) ? ("sign-in", settings.SignInPerMinute)
        : path.StartsWithSegments(ConnectionEndpoints.CallbackPath) ? ("bank-callback", settings.CallbackPerMinute)
        : path.StartsWithSegments(DataApiPath) ? ("data-api", settings.DataApiPerMinute)
        : (null, 0);

    // The address as the forwarded-headers middleware left it: the client's, behind a known proxy.
    private static string ClientOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken _)
    {
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 60;
        var response = rejected.HttpContext.Response;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "no-store";
        await TypedResults.Problem(
                detail: $"Too many requests from your address. Wait {seconds} seconds, then try again.",
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many requests")
            .ExecuteAsync(rejected.HttpContext);
    }
}
