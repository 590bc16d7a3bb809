using LeafyBank.Web.Extensions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace LeafyBank.Tests.Web;

public sealed class TelemetryTests(LeafyBankWebFactory factory) : IClassFixture<LeafyBankWebFactory>
{
    [Fact]
    public void Telemetry_is_off_when_no_OTLP_endpoint_is_configured()
    {
        Assert.Null(factory.Services.GetService<TracerProvider>());
        Assert.Null(factory.Services.GetService<MeterProvider>());
    }

    [Fact]
    public async Task Telemetry_exports_traces_and_metrics_when_an_OTLP_endpoint_is_configured()
    {
        // Nothing listens there; the exporter only tries when a batch is flushed.
        await using var exporting = factory.WithWebHostBuilder(builder =>
            builder.UseSetting(TelemetryExtensions.OtlpEndpointKey, "http://127.0.0.1:4317"));

        Assert.NotNull(exporting.Services.GetService<TracerProvider>());
        Assert.NotNull(exporting.Services.GetService<MeterProvider>());
    }
}
