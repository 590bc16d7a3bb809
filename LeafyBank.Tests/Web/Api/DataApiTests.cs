using System.Text.Json.Serialization;

namespace LeafyBank.Tests.Web.Api;

/// <summary>
/// The data API with real tokens from the development identity provider: each endpoint's
/// figures, paging and links, validation problems, and one customer never reaching another's data.
/// </summary>
public sealed class DataApiTests(DataApiFixture fixture) : IClassFixture<DataApiFixture>
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private static async Task<JsonNode> GetJsonAsync(HttpClient client, string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.GetAsync(path, Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(expected == response.StatusCode, $"{path}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    private static string[] Strings(JsonNode page, string property) =>
        [.. page["items"]!.AsArray().Select(item => item![property]!.GetValue<string>())];

    [Fact]
    public async Task The_position_is_the_global_position_services_figures_for_the_tokens_customer()
    {
        using var frida = await fixture.ClientForAsync("fridaklo");

        var served = await GetJsonAsync(frida, "/api/v1/position");

        var user = (await fixture.Store.Collection(OpenFinanceCollections.Users).FindByKeyAsync(["fridaklo"], Cancel))!;
        var expected = JsonSerializer.SerializeToNode(
            await fixture.Service<GlobalPositionService>().GetAsync(user, Cancel), Web)!;
        // Computed a moment apart: everything but the computation time must be equal.
        served.AsObject().Remove("computedAt");
        expected.AsObject().Remove("computedAt");
        Assert.True(JsonNode.DeepEquals(expected, served), $"expected {expected.ToJsonString()}\nserved {served.ToJsonString()}");

        // And the figures are Frida's: 1100 + 2975 + 550 at Leafy Bank, 1250.40 EUR and 300 USD linked, a 5000 EUR loan.
        Assert.Equal("fridaklo", served["userName"]!.GetValue<string>());
        var rates = ExchangeRates.Default;
        var eur = rates.RateBetween("EUR", "USD")!.Value;
        Assert.Equal(decimal.Round(4625m + 300m + 1250.40m * eur, 2), served["totalBalance"]!.GetValue<decimal>());
        Assert.Equal(decimal.Round(5000m * eur, 2), served["totalDebt"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Accounts_list_leafy_bank_accounts_then_linked_ones_each_marked_with_its_source()
    {
        using var frida = await fixture.ClientForAsync("fridaklo");

        var page = await GetJsonAsync(frida, "/api/v1/accounts");

        Assert.Equal(["111199300", "514624177", "828299311", "GB-FRIDA-1", "MB-FRIDA-2"], Strings(page, "accountId"));
        Assert.Equal(["leafybank", "leafybank", "leafybank", "external", "external"], Strings(page, "source"));
        Assert.Equal(["Leafy Bank", "Leafy Bank", "Leafy Bank", "Green Bank", "MongoDB Bank"], Strings(page, "bank"));
        var green = page["items"]![3]!;
        Assert.False(green["internal"]!.GetValue<bool>());
        Assert.Equal(1250.40m, green["balance"]!.GetValue<decimal>());
        Assert.Equal("EUR", green["currency"]!.GetValue<string>());
        Assert.Equal("Deposits fund solar cooperatives", green["greenNarrative"]!.GetValue<string>());
        Assert.Equal(DataApiFixture.SyncedAt, green["retrievedAt"]!.GetValue<DateTime>().ToUniversalTime());
        Assert.True(page["items"]![0]!["internal"]!.GetValue<bool>());
        Assert.Null(page["items"]![0]!["retrievedAt"]);
        Assert.Equal(5, page["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task An_account_is_found_by_its_id_only_by_its_owner()
    {
        using var frida = await fixture.ClientForAsync("fridaklo");
        using var grace = await fixture.ClientForAsync("gracehop");
        var fridaAccount = (await GetJsonAsync(frida, "/api/v1/accounts"))["items"]![3]!;
        var id = fridaAccount["id"]!.GetValue<string>();

        var own = await GetJsonAsync(frida, $"/api/v1/accounts/{id}");
        Assert.Equal("GB-FRIDA-1", own["accountId"]!.GetValue<string>());

        // Grace asking for Frida's account id learns nothing, not even that it exists.
        var theirs = await GetJsonAsync(grace, $"/api/v1/accounts/{id}", HttpStatusCode.NotFound);
        var madeUp = await GetJsonAsync(grace, "/api/v1/accounts/000000000000000000000000", HttpStatusCode.NotFound);
        var notAnId = await GetJsonAsync(grace, "/api/v1/accounts/not-an-id", HttpStatusCode.NotFound);
        Assert.Equal(404, theirs["status"]!.GetValue<int>());
        Assert.Equal(theirs["title"]!.GetValue<string>(), madeUp["title"]!.GetValue<string>());
        Assert.Contains("/api/v1/accounts", theirs["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(404, notAnId["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task Products_list_the_customers_linked_products_only()
    {
        using var frida = await fixture.ClientForAsync("fridaklo");
        using var grace = await fixture.ClientForAsync("gracehop");

        var fridas = await GetJsonAsync(frida, "/api/v1/products");
        var graces = await GetJsonAsync(grace, "/api/v1/products");

        Assert.Equal(["LOAN-FRIDA"], Strings(fridas, "productId"));
        var loan = fridas["items"]![0]!;
        Assert.Equal(5000m, loan["amount"]!.GetValue<decimal>());
        Assert.Equal(3.75m, loan["interestRate"]!.GetValue<decimal>());
        Assert.Equal(24, loan["repaymentPeriodMonths"]!.GetValue<int>());
        Assert.Equal("2023-04-13", loan["openingDate"]!.GetValue<string>());
        Assert.Equal(["MORTGAGE-GRACE"], Strings(graces, "productId"));
    }

    [Fact]
    public async Task Transactions_page_newest_first_and_the_next_links_walk_every_page_keeping_the_filters()
    {
        using var frida = await fixture.ClientForAsync("fridaklo");

        var seen = new List<string>();
        string? next = "/api/v1/transactions?bank=Green%20Bank&pageSize=3";
        var pages = 0;
        while (next is not null)
        {
            var page = await GetJsonAsync(frida, next);
            Assert.Equal(7, page["total"]!.GetValue<long>());
            Assert.Equal(3, page["pageCount"]!.GetValue<int>());
            Assert.Contains("bank=Green%20Bank", page["links"]!["self"]!.GetValue<string>(), StringComparison.Ordinal);
            seen.AddRange(Strings(page, "transactionId"));
            next = page["links"]!["next"]?.GetValue<string>();
            pages++;
        }

        Assert.Equal(3, pages);
        Assert.Equal(["F-7", "F-6", "F-5", "F-4", "F-3", "F-2", "F-1"], seen);
        var last = await GetJsonAsync(frida, "/api/v1/transactions?bank=Green%20Bank&pageSize=3&page=3");
        Assert.Equal("/api/v1/transactions?bank=Green%20Bank&page=2&pageSize=3", last["links"]!["prev"]!.GetValue<string>());
        Assert.Equal("/api/v1/transactions?bank=Green%20Bank&page=1&pageSize=3", last["links"]!["first"]!.GetValue<string>());
        Assert.Null(last["links"]!["next"]);
    }

    [Fact]
    public async Task Transactions_filter_by_account_status_dates_and_literal_search()
    {
        using var frida = await fixture.ClientForAsync("fridaklo");

        var byDefault = await GetJsonAsync(frida, "/api/v1/transactions");
        Assert.Equal(25, byDefault["pageSize"]!.GetValue<int>());
        Assert.Equal(["M-1", "F-7", "F-6", "F-5", "F-4", "F-3", "F-2", "F-1"], Strings(byDefault, "transactionId"));
        Assert.Equal(["F-7"], Strings(await GetJsonAsync(frida, "/api/v1/transactions?status=pending"), "transactionId"));
        Assert.Equal(["M-1"], Strings(await GetJsonAsync(frida, "/api/v1/transactions?accountId=MB-FRIDA-2"), "transactionId"));
        Assert.Equal(["F-3", "F-2"], Strings(await GetJsonAsync(frida, "/api/v1/transactions?from=2026-04-02&to=2026-04-03"), "transactionId"));
        Assert.Equal(["F-6", "F-4", "F-2"], Strings(await GetJsonAsync(frida, "/api/v1/transactions?search=COFFEE%20(LARGE)"), "transactionId"));
        Assert.Empty(Strings(await GetJsonAsync(frida, "/api/v1/transactions?search=.*"), "transactionId"));
        var food = await GetJsonAsync(frida, "/api/v1/transactions?search=food&accountId=GB-FRIDA-1&bank=Green%20Bank");
        Assert.Equal(["F-7", "F-5", "F-3", "F-1"], Strings(food, "transactionId"));
        Assert.Equal(-70m, food["items"]![0]!["amount"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task A_customer_never_sees_another_customers_transactions_even_by_naming_their_account()
    {
        using var grace = await fixture.ClientForAsync("gracehop");

        var all = await GetJsonAsync(grace, "/api/v1/transactions");
        Assert.Equal(["G-2", "G-1"], Strings(all, "transactionId"));
        Assert.Equal(["G-1"], Strings(await GetJsonAsync(grace, "/api/v1/transactions?search=coffee"), "transactionId"));

        var fridasAccount = await GetJsonAsync(grace, "/api/v1/transactions?accountId=GB-FRIDA-1", HttpStatusCode.NotFound);
        Assert.Contains("GB-FRIDA-1", fridasAccount["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await GetJsonAsync(grace, "/api/v1/transactions?accountId=GB-FRIDA-1&bank=Green%20Bank", HttpStatusCode.NotFound);
        // Her own account at the wrong bank is not her account either.
        await GetJsonAsync(grace, "/api/v1/transactions?accountId=GB-GRACE-1&bank=MongoDB%20Bank", HttpStatusCode.NotFound);

        var accounts = Strings(await GetJsonAsync(grace, "/api/v1/accounts"), "accountId");
        Assert.Equal(["212100310", "716974731", "GB-GRACE-1"], accounts);
        var connections = await GetJsonAsync(grace, "/api/v1/connections");
        Assert.Equal(0, connections["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task An_own_account_with_no_matching_transactions_is_an_empty_page_not_a_404()
    {
        using var frida = await fixture.ClientForAsync("fridaklo");

        var none = await GetJsonAsync(frida, "/api/v1/transactions?accountId=MB-FRIDA-2&status=pending");

        Assert.Empty(none["items"]!.AsArray());
        Assert.Equal(0, none["total"]!.GetValue<long>());
        Assert.Equal(0, none["pageCount"]!.GetValue<int>());
        Assert.Null(none["links"]!["next"]);
    }

    [Theory]
    [InlineData("/api/v1/transactions?pageSize=500", "pageSize", "between 1 and 200")]
    [InlineData("/api/v1/transactions?pageSize=0", "pageSize", "between 1 and 200")]
    [InlineData("/api/v1/transactions?page=0", "page", "1 or more")]
    [InlineData("/api/v1/transactions?from=2026-04-05&to=2026-04-01", "from", "must not be after to")]
    [InlineData("/api/v1/transactions?status=settled", "status", "'booked' or 'pending'")]
    [InlineData("/api/v1/accounts?pageSize=201", "pageSize", "between 1 and 200")]
    [InlineData("/api/v1/products?page=-1", "page", "1 or more")]
    [InlineData("/api/v1/connections?pageSize=1000", "pageSize", "between 1 and 200")]
    public async Task Bad_parameters_are_400_problems_naming_the_parameter_and_the_allowed_values(string path, string parameter, string allowed)
    {
        using var frida = await fixture.ClientForAsync("fridaklo");

        using var response = await frida.GetAsync(path, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancel))!;
        Assert.Equal(400, problem["status"]!.GetValue<int>());
        var messages = problem["errors"]![parameter]!.AsArray().Select(message => message!.GetValue<string>()).ToList();
        Assert.Contains(messages, message => message.Contains(allowed, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/api/v1/transactions?pageSize=many", "pageSize", "whole number (got 'many')")]
    [InlineData("/api/v1/accounts?page=1.5", "page", "whole number (got '1.5')")]
    [InlineData("/api/v1/transactions?from=yesterday", "from", "yyyy-MM-dd")]
    [InlineData("/api/v1/transactions?to=2026-02-30", "to", "yyyy-MM-dd")]
    public async Task Values_of_the_wrong_form_are_400_problems_naming_the_parameter(string path, string parameter, string expected) =>
        await Bad_parameters_are_400_problems_naming_the_parameter_and_the_allowed_values(path, parameter, expected);

    [Fact]
    public async Task Connections_say_per_bank_the_state_consent_expiry_last_sync_and_last_error()
    {
        using var frida = await fixture.ClientForAsync("fridaklo");

        var page = await GetJsonAsync(frida, "/api/v1/connections");

        var connection = Assert.Single(page["items"]!.AsArray())!;
        Assert.Equal("greenbank", connection["bank"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(connection["bankName"]!.GetValue<string>()));
        // A valid consent whose last sync failed: the Connections page calls that "Failing".
        Assert.Equal("Failing", connection["status"]!.GetValue<string>());
        Assert.Equal("consent-frida-green", connection["consentId"]!.GetValue<string>());
        Assert.Equal(ConsentStatuses.Valid, connection["consentStatus"]!.GetValue<string>());
        Assert.InRange(connection["consentDaysLeft"]!.GetValue<int>(), 59, 60);
        Assert.Equal(DataApiFixture.SyncedAt, connection["lastSyncedAt"]!.GetValue<DateTime>().ToUniversalTime());
        Assert.StartsWith("Green Bank did not answer", connection["lastError"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["accounts", "balances", "transactions"], connection["permissions"]!.AsArray().Select(p => p!.GetValue<string>()));
    }

    [Fact]
    public async Task Lists_default_to_25_per_page_and_responses_are_not_cached()
    {
        using var frida = await fixture.ClientForAsync("fridaklo");

        using var response = await frida.GetAsync("/api/v1/accounts?page=2&pageSize=2", Cancel);
        var page = JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancel))!;

        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal(["828299311", "GB-FRIDA-1"], Strings(page, "accountId"));
        Assert.Equal("/api/v1/accounts?page=3&pageSize=2", page["links"]!["next"]!.GetValue<string>());
        Assert.Equal("/api/v1/accounts?page=3&pageSize=2", page["links"]!["last"]!.GetValue<string>());
        Assert.Equal(25, (await GetJsonAsync(frida, "/api/v1/products"))["pageSize"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_unknown_api_route_is_a_404_problem_not_the_apps_html_page()
    {
        using var frida = await fixture.ClientForAsync("fridaklo");

        using var response = await frida.GetAsync("/api/v1/balances", Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/openapi/v1.json", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }
}
