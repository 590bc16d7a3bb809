using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LeafyBank.Tests.Web.Api;

/// <summary>
/// The data API when the store stops answering while the caller is being identified (a MongoDB
/// failover, before any endpoint runs): the same 503 problem the endpoints give, in every
/// environment — never an error page, which in Development would print the request's headers,
/// the bearer token among them.
/// </summary>
public sealed class DataApiStoreOutageTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task A_store_outage_while_identifying_the_caller_is_a_503_problem_that_never_echoes_the_token(string environment)
    {
        await using var app = LeafyBankWebFactory.With(
            new Dictionary<string, string>
            {
                ["environment"] = environment,
                [SignInSettings.DevIdentityProviderKey] = "true",
                [BankingServiceExtensions.SyncEnabledKey] = "false",
            },
            testServices: services => services.Replace(ServiceDescriptor.Singleton(provider => new CustomerIdentities(
                new StoreDown(), provider.GetRequiredService<TimeProvider>(), NullLogger<CustomerIdentities>.Instance))));
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var token = new ApiTokenDriver(app).Mint("fridaklo", DataApiSettings.DefaultAudience, app.Clock.GetUtcNow().UtcDateTime.AddMinutes(30));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await client.GetAsync("/api/v1/accounts", Cancel);

        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"expected 503, got {(int)response.StatusCode}: {body[..Math.Min(body.Length, 500)]}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(token, body, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Split('.')[2], body, StringComparison.Ordinal);
        var problem = JsonNode.Parse(body)!;
        Assert.Equal(503, problem["status"]!.GetValue<int>());
        Assert.Contains("data store is not answering", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl?.NoStore, $"Cache-Control: {response.Headers.CacheControl}");
    }

    /// <summary>A store that has gone away: every collection it is asked for is unavailable.</summary>
    private sealed class StoreDown : IDocumentStore
    {
        public string Engine => "mongodb";

        public string Location => "db.test";

        public Task InitializeAsync(CancellationToken cancellationToken = default) => throw Unreachable();

        public Task<StoreHealth> CheckHealthAsync(CancellationToken cancellationToken = default) => throw Unreachable();

        public IDocumentCollection<TDocument> Collection<TDocument>(DocumentKind<TDocument> kind) where TDocument : class => throw Unreachable();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private static StoreUnavailableException Unreachable() => new("db.test cannot be reached (a failover is under way).");
    }
}
