using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LeafyBank.Tests.Web.Api;

/// <summary>
/// The transactions' <c>bank</c> and <c>accountId</c> filters as a client meets them: the bank by the
/// id <c>/connections</c> gives or by the name <c>/accounts</c> gives; an unknown bank named as such,
/// with the values that work; and a Leafy Bank account explained rather than called unknown.
/// </summary>
public sealed class DataApiTransactionFilterTests(DataApiTransactionFilterTests.App app) : IClassFixture<DataApiTransactionFilterTests.App>
{
    private static readonly BankDirectoryEntry MongoDbBank = new("mongodbbank", "MongoDB Bank", BankDialects.MongoDbBank,
        new Uri("http://bank.test/sandbox/mongodbbank"), new Uri("http://bank.test/sandbox/mongodbbank/api/accounts"));

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>The app with a directory that knows Green Bank and MongoDB Bank; Frida with an account and transactions at each.</summary>
    public sealed class App : IAsyncLifetime
    {
        private static readonly ObjectId Frida = DataApiFixture.Frida;
        private Task<string>? token;

        public LeafyBankWebFactory Factory { get; } = LeafyBankWebFactory.With(
            new Dictionary<string, string> { [BankingServiceExtensions.SyncEnabledKey] = "false" },
            testServices: services => services.Replace(ServiceDescriptor.Singleton<IBankDirectory>(new FixedBankDirectory(TestBanks.GreenBank, MongoDbBank))));

        public async Task<HttpClient> FridaAsync()
        {
            var client = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await (token ??= new ApiTokenDriver(Factory).AccessTokenAsync("fridaklo")));
            return client;
        }

        public async ValueTask InitializeAsync()
        {
            var store = Factory.Services.GetRequiredService<IDocumentStore>();
            var accounts = store.Collection(OpenFinanceCollections.ExternalAccounts);
            var transactions = store.Collection(OpenFinanceCollections.ExternalTransactions);
            await accounts.UpsertAsync(TestDocuments.Account(Frida, "Green Bank", "GB-FRIDA-1", 1250.40m, "EUR"), Cancel);
            await accounts.UpsertAsync(TestDocuments.Account(Frida, "MongoDB Bank", "MB-FRIDA-2", 300m), Cancel);
            await transactions.UpsertAsync(TestDocuments.Transaction(Frida, "F-1", new DateTime(2026, 4, 1, 9, 0, 0, DateTimeKind.Utc), -10m, "Green Bank", "GB-FRIDA-1"), Cancel);
            await transactions.UpsertAsync(TestDocuments.Transaction(Frida, "F-2", new DateTime(2026, 4, 2, 9, 0, 0, DateTimeKind.Utc), -20m, "Green Bank", "GB-FRIDA-1"), Cancel);
            await transactions.UpsertAsync(TestDocuments.Transaction(Frida, "M-1", new DateTime(2026, 4, 3, 9, 0, 0, DateTimeKind.Utc), -42m, "MongoDB Bank", "MB-FRIDA-2", currency: "USD"), Cancel);
            var frida = TestDocuments.Owner(Frida, "fridaklo");
            var now = Factory.Clock.GetUtcNow().UtcDateTime;
            await store.Collection(OpenFinanceCollections.Consents).UpsertAsync(
                TestDocuments.Consent(frida, "greenbank", "consent-frida-green", now.AddDays(-10), now.AddDays(60)), Cancel);
        }

        public async ValueTask DisposeAsync() => await Factory.DisposeAsync();
    }

    private static async Task<JsonNode> GetJsonAsync(HttpClient client, string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.GetAsync(path, Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(expected == response.StatusCode, $"{path}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        if (expected != HttpStatusCode.OK)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        return JsonNode.Parse(body)!;
    }

    private static string[] TransactionIds(JsonNode page) =>
        [.. page["items"]!.AsArray().Select(item => item!["transactionId"]!.GetValue<string>())];

    [Fact]
    public async Task The_bank_id_that_connections_give_filters_transactions_as_the_bank_name_that_accounts_give_does()
    {
        using var frida = await app.FridaAsync();
        var bankId = (await GetJsonAsync(frida, "/api/v1/connections"))["items"]![0]!["bank"]!.GetValue<string>();
        Assert.Equal("greenbank", bankId);

        var byId = await GetJsonAsync(frida, $"/api/v1/transactions?bank={bankId}");
        var byName = await GetJsonAsync(frida, "/api/v1/transactions?bank=Green%20Bank");
        var byIdAndAccount = await GetJsonAsync(frida, $"/api/v1/transactions?bank={bankId}&accountId=GB-FRIDA-1");

        Assert.Equal(["F-2", "F-1"], TransactionIds(byName));
        Assert.Equal(TransactionIds(byName), TransactionIds(byId));
        Assert.Equal(TransactionIds(byName), TransactionIds(byIdAndAccount));
        Assert.Equal(["M-1"], TransactionIds(await GetJsonAsync(frida, "/api/v1/transactions?bank=mongodbbank")));
        // The filter keeps what the client sent, so following the links asks the same question.
        Assert.Contains("bank=greenbank", byId["links"]!["self"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Nowhere%20Bank", "Nowhere Bank")]
    [InlineData("thamesbank", "thamesbank")]
    public async Task A_bank_the_customer_has_no_accounts_at_is_a_404_that_lists_the_banks_they_have_by_name_and_id(string query, string named)
    {
        using var frida = await app.FridaAsync();

        var problem = await GetJsonAsync(frida, $"/api/v1/transactions?bank={query}", HttpStatusCode.NotFound);

        Assert.Equal(404, problem["status"]!.GetValue<int>());
        var detail = problem["detail"]!.GetValue<string>();
        Assert.Contains($"'{named}'", detail, StringComparison.Ordinal);
        Assert.Contains("Green Bank (greenbank)", detail, StringComparison.Ordinal);
        Assert.Contains("MongoDB Bank (mongodbbank)", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_leafy_bank_accounts_id_is_a_404_that_says_its_transactions_are_not_here_rather_than_calling_it_unknown()
    {
        using var frida = await app.FridaAsync();
        var leafyBankAccount = (await GetJsonAsync(frida, "/api/v1/accounts"))["items"]!.AsArray()
            .First(account => account!["source"]!.GetValue<string>() == "leafybank")!["accountId"]!.GetValue<string>();

        var problem = await GetJsonAsync(frida, $"/api/v1/transactions?accountId={leafyBankAccount}", HttpStatusCode.NotFound);

        var detail = problem["detail"]!.GetValue<string>();
        Assert.Contains(leafyBankAccount, detail, StringComparison.Ordinal);
        Assert.Contains("Leafy Bank's own accounts", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("You have no", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("List your accounts", detail, StringComparison.Ordinal);
    }
}
