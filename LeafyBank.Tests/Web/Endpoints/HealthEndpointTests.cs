using Microsoft.AspNetCore.TestHost;

namespace LeafyBank.Tests.Web.Endpoints;

public sealed class HealthEndpointTests(LeafyBankWebFactory factory) : IClassFixture<LeafyBankWebFactory>
{
    [Fact]
    public async Task Health_reports_the_embedded_store_reachable_with_200()
    {
        await using var detailed = factory.WithWebHostBuilder(builder => builder.UseSetting(HostingSecuritySettings.HealthDetailsKey, "true"));
        using var client = detailed.CreateClient();

        using var response = await client.GetAsync("/health", Xunit.TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoStore, "health must not be cached");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Xunit.TestContext.Current.CancellationToken));
        var root = body.RootElement;
        Assert.Equal("healthy", root.GetProperty("status").GetString());
        var store = root.GetProperty("store");
        Assert.Equal("embedded", store.GetProperty("engine").GetString());
        Assert.True(store.GetProperty("reachable").GetBoolean());
        Assert.True(store.GetProperty("latencyMs").GetDouble() >= 0);
        Assert.False(store.TryGetProperty("error", out _), "a healthy report carries no error");
        // The embedded engine keeps the idempotent path; MongoDB says "supported" or "unsupported (standalone)".
        Assert.Equal("unsupported (embedded engine)", store.GetProperty("transactions").GetString());
        // The setting given to the factory reached AddLeafyBankCore: the store lives in the test's directory.
        Assert.StartsWith(factory.DataDirectory, store.GetProperty("location").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_reports_an_unreachable_store_with_503_and_the_error()
    {
        await using var unreachable = factory.WithWebHostBuilder(builder => builder.UseSetting(HostingSecuritySettings.HealthDetailsKey, "true").ConfigureTestServices(services =>
        {
            // The store initialises normally, then stops answering health checks.
            services.AddSingleton<IDocumentStore>(provider => new StubHealthStore(
                new SqliteDocumentStore(factory.DataDirectory)).AnswerUnreachable("database is locked"));
        }));
        using var client = unreachable.CreateClient();

        using var response = await client.GetAsync("/health", Xunit.TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Xunit.TestContext.Current.CancellationToken));
        Assert.Equal("unhealthy", body.RootElement.GetProperty("status").GetString());
        var store = body.RootElement.GetProperty("store");
        Assert.Equal("embedded", store.GetProperty("engine").GetString());
        Assert.False(store.GetProperty("reachable").GetBoolean());
        Assert.Equal("database is locked", store.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Alive_answers_200_without_asking_the_store()
    {
        var asked = new StubHealthStore(new SqliteDocumentStore(factory.DataDirectory));
        await using var storeNeverAnswers = factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            // Never answered: a probe that asked the store would hang past the test's timeout.
            services.AddSingleton<IDocumentStore>(asked)));
        using var client = storeNeverAnswers.CreateClient();

        using var response = await client.GetAsync("/alive", Xunit.TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(3), Xunit.TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, "liveness must not be cached");
        Assert.Equal("""{"status":"healthy"}""", await response.Content.ReadAsStringAsync(Xunit.TestContext.Current.CancellationToken));
        Assert.Equal(0, asked.HealthChecks);
    }

    [Fact]
    public async Task Health_is_a_standard_health_check_on_the_store()
    {
        var registrations = factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<
            Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckServiceOptions>>().Value.Registrations;

        var store = Assert.Single(registrations);
        Assert.Equal("store", store.Name);
        Assert.Contains("ready", store.Tags);
        var report = await factory.Services.GetRequiredService<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService>()
            .CheckHealthAsync(Xunit.TestContext.Current.CancellationToken);
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, report.Status);
    }
}
