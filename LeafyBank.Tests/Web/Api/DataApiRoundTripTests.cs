namespace LeafyBank.Tests.Web.Api;

/// <summary>
/// <c>GET /api/v1/position</c> costs the store one query: the position itself. The token's customer
/// (identity link and customer record) comes from <see cref="CustomerCache"/> once known, so the
/// request does not first read <c>identities</c> and <c>users</c>. Store operations are counted
/// from the store's own trace activities (<see cref="StoreTelemetry"/>) under each request's trace
/// id, so other tests and background work in the process are never counted.
/// </summary>
public sealed class DataApiRoundTripTests(DataApiFixture fixture) : IClassFixture<DataApiFixture>, IDisposable
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private readonly ConcurrentDictionary<ActivityTraceId, ConcurrentQueue<string>> operations = new();
    private ActivityListener? listener;

    private ActivityListener Listen()
    {
        listener = new ActivityListener
        {
            // The request's own activity (so the trace id of the caller's traceparent is kept) and the store's.
            ShouldListenTo = source => source.Name is StoreTelemetry.SourceName or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = activity =>
            {
                // A store operation called by another store operation (the embedded position's finds) is part of that one.
                if (activity.Source.Name == StoreTelemetry.SourceName && activity.Parent?.Source.Name != StoreTelemetry.SourceName)
                {
                    operations.GetOrAdd(activity.TraceId, _ => new()).Enqueue(activity.DisplayName);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    /// <summary>The store operations one request caused, and its body.</summary>
    private async Task<(string[] Operations, JsonNode Body)> GetAsync(HttpClient client, string path)
    {
        var trace = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("traceparent", $"00-{trace.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        using var response = await client.SendAsync(request, Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        return (operations.TryGetValue(trace, out var seen) ? [.. seen] : [], JsonNode.Parse(body)!);
    }

    [Fact]
    public async Task A_position_request_reads_the_store_once_once_the_customer_is_known()
    {
        using var _ = Listen();
        using var frida = await fixture.ClientForAsync("fridaklo");

        var (first, firstBody) = await GetAsync(frida, "/api/v1/position");
        var (second, secondBody) = await GetAsync(frida, "/api/v1/position");
        var (third, _) = await GetAsync(frida, "/api/v1/position");

        // The counter sees the reads: a first request may resolve the customer in the store.
        Assert.Contains(first, operation => operation.StartsWith("position", StringComparison.Ordinal));
        Assert.Equal(["position internal_accounts,external_accounts,external_products,sync_state"], second);
        Assert.Equal(second, third);
        Assert.Equal("fridaklo", secondBody["userName"]!.GetValue<string>());
        Assert.Equal(firstBody["totalBalance"]!.GetValue<decimal>(), secondBody["totalBalance"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Two_customers_answered_from_the_cache_each_get_their_own_position()
    {
        using var _ = Listen();
        using var frida = await fixture.ClientForAsync("fridaklo");
        using var grace = await fixture.ClientForAsync("gracehop");
        await GetAsync(frida, "/api/v1/position");
        await GetAsync(grace, "/api/v1/position");

        var (fridaReads, fridaBody) = await GetAsync(frida, "/api/v1/position");
        var (graceReads, graceBody) = await GetAsync(grace, "/api/v1/position");

        Assert.Equal(["position internal_accounts,external_accounts,external_products,sync_state"], fridaReads);
        Assert.Equal(["position internal_accounts,external_accounts,external_products,sync_state"], graceReads);
        Assert.Equal("fridaklo", fridaBody["userName"]!.GetValue<string>());
        Assert.Equal("gracehop", graceBody["userName"]!.GetValue<string>());
        Assert.NotEqual(fridaBody["totalBalance"]!.GetValue<decimal>(), graceBody["totalBalance"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task A_changed_base_currency_is_served_on_the_next_request_not_after_the_cache_expires()
    {
        using var _ = Listen();
        using var grace = await fixture.ClientForAsync("gracehop");
        var before = (await GetAsync(grace, "/api/v1/position")).Body["currency"]!.GetValue<string>();
        var preferences = fixture.Service<CustomerPreferences>();
        var customer = (await fixture.Service<CustomerCache>().FindCustomerAsync(DataApiFixture.Grace, Cancel))!;
        var other = before == "EUR" ? "USD" : "EUR";

        await preferences.SetBaseCurrencyAsync(customer, other, Cancel);
        try
        {
            Assert.Equal(other, (await GetAsync(grace, "/api/v1/position")).Body["currency"]!.GetValue<string>());
        }
        finally
        {
            await preferences.SetBaseCurrencyAsync(customer, before, Cancel);
        }
    }

    public void Dispose() => listener?.Dispose();
}
