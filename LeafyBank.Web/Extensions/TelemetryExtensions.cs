using LeafyBank.Core.Persistence;
using MongoDB.Driver;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace LeafyBank.Web.Extensions;

public static class TelemetryExtensions
{
    /// <summary>The standard OpenTelemetry setting that switches export on.</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Traces, metrics and logs over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is configured;
    /// nothing at all otherwise (no collector, no cost). The other <c>OTEL_*</c> variables
    /// (protocol, headers, service name) are read by the exporter itself.
    /// </summary>
    public static IHostApplicationBuilder AddLeafyBankTelemetry(this IHostApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointKey]))
        {
            return builder;
        }

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Environment.ApplicationName))
            .WithTracing(tracing => tracing
                .AddSource(StoreTelemetry.SourceName)
                // The driver's own command spans (find, aggregate, bulk writes, transactions) under the
                // store's. It emits them by default (TracingOptions.Disabled is false) once a listener is
                // subscribed, without the query text (TracingOptions.QueryTextMaxLength 0), so no customer data.
                .AddSource(MongoTelemetry.ActivitySourceName)
                // Health probes would drown the interesting traces. Query values are redacted by
                // the instrumentation's default and no request headers are recorded.
                .AddAspNetCoreInstrumentation(options => options.Filter = context =>
                    !context.Request.Path.StartsWithSegments("/health") && !context.Request.Path.StartsWithSegments("/alive"))
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(StoreTelemetry.SourceName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation())
            .UseOtlpExporter();
        return builder;
    }
}
