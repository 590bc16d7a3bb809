using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace LeafyBank.Tests.Web.Extensions;

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

    [Fact]
    public async Task With_export_on_the_MongoDB_drivers_own_command_spans_are_listened_to()
    {
        // The driver starts a span only when its source has a listener; a source of the same name shows whether one does.
        using var driverSource = new ActivitySource(MongoTelemetry.ActivitySourceName);
        using var unrelated = new ActivitySource("LeafyBank.Tests.Unsubscribed");
        await using var exporting = factory.WithWebHostBuilder(builder =>
            builder.UseSetting(TelemetryExtensions.OtlpEndpointKey, "http://127.0.0.1:4317"));

        Assert.NotNull(exporting.Services.GetService<TracerProvider>());

        Assert.Equal("MongoDB.Driver", MongoTelemetry.ActivitySourceName);
        Assert.True(driverSource.HasListeners(), "the tracer provider subscribes the driver's source");
        Assert.False(unrelated.HasListeners(), "and not every source");
    }
}
