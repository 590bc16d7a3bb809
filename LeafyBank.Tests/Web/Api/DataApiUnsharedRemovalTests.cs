namespace LeafyBank.Tests.Web.Api;

/// <summary>
/// Once the customer removes the data of an account and a loan their bank no longer shares, the data API returns neither
/// (nor the account's transactions), and its position no longer counts or names them; what the bank still shares stays.
/// </summary>
public sealed class DataApiUnsharedRemovalTests(DataApiFixture fixture) : IClassFixture<DataApiFixture>
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private static readonly PartyReference Claude = new() { UserId = ObjectId.Parse("671ff2451ec726b417352703"), UserName = "claumon" };
    private static readonly DateTime ReadAt = new(2026, 11, 20, 8, 30, 0, DateTimeKind.Utc);

    private async Task<JsonNode> GetJsonAsync(string path)
    {
        using var client = await fixture.ClientForAsync(Claude.UserName);
        using var response = await client.GetAsync(path, Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    private async Task<IReadOnlyList<string>> IdsAsync(string path, string field) =>
        [.. (await GetJsonAsync(path))["items"]!.AsArray().Select(item => item![field]!.GetValue<string>())];

    [Fact]
    public async Task Removed_data_is_no_longer_in_the_accounts_products_transactions_or_position()
    {
        var source = new DataSource { Origin = DataOrigins.BankApi, RetrievedAt = ReadAt, ConsentId = "thames-removal-consent" };
        var accounts = fixture.Store.Collection(OpenFinanceCollections.ExternalAccounts);
        ExternalAccount Account(string id, DateTime? unticked) => new()
        {
            AccountId = id,
            AccountBank = "Thames Bank",
            AccountName = id,
            AccountType = AccountTypes.Savings,
            AccountBalance = 100m,
            AccountCurrency = "GBP",
            AccountDate = new AccountDates { OpeningDate = new DateTime(2022, 1, 1, 0, 0, 0, DateTimeKind.Utc) },
            AccountUser = Claude,
            Source = source,
            NoLongerSharedSince = unticked,
        };
        var saver = Account("removal-saver", ReadAt.AddDays(1));
        await accounts.UpsertAsync(Account("removal-current", null), Cancel);
        await accounts.UpsertAsync(saver, Cancel);
        var loan = new ExternalProduct
        {
            ProductId = "removal-loan",
            ProductBank = "Thames Bank",
            ProductName = "Personal Loan",
            ProductType = ProductTypes.Loan,
            ProductStatus = ProductStatuses.Active,
            ProductAmount = 2_500m,
            ProductCurrency = "GBP",
            ProductCustomer = Claude,
            Source = source,
            NoLongerSharedSince = ReadAt.AddDays(1),
            ProductDate = new ProductDates { OpeningDate = new DateTime(2024, 6, 1, 0, 0, 0, DateTimeKind.Utc) },
        };
        await fixture.Store.Collection(OpenFinanceCollections.ExternalProducts).UpsertAsync(loan, Cancel);
        var transactions = fixture.Store.Collection(OpenFinanceCollections.ExternalTransactions);
        await transactions.UpsertAsync(TestDocuments.Transaction(Claude.UserId, "removal-tx-saver", ReadAt.AddDays(-1), 20m, "Thames Bank", "removal-saver", currency: "GBP"), Cancel);
        await transactions.UpsertAsync(TestDocuments.Transaction(Claude.UserId, "removal-tx-current", ReadAt.AddDays(-1), -5m, "Thames Bank", "removal-current", currency: "GBP"), Cancel);
        Assert.Contains("removal-saver", await IdsAsync("/api/v1/accounts?pageSize=200", "accountId"));
        Assert.Equal(2, (await GetJsonAsync("/api/v1/position"))["noLongerShared"]!.AsArray().Count);

        var connections = fixture.Service<ConnectionService>();
        Assert.Equal(UnsharedRemovalOutcome.Removed, (await connections.RemoveUnsharedDataAsync(Claude, saver.Id.ToString(), Cancel)).Outcome);
        Assert.Equal(UnsharedRemovalOutcome.Removed, (await connections.RemoveUnsharedDataAsync(Claude, loan.Id.ToString(), Cancel)).Outcome);

        var accountIds = await IdsAsync("/api/v1/accounts?pageSize=200", "accountId");
        Assert.DoesNotContain("removal-saver", accountIds);
        Assert.Contains("removal-current", accountIds);
        Assert.DoesNotContain("removal-loan", await IdsAsync("/api/v1/products", "productId"));
        var transactionIds = await IdsAsync("/api/v1/transactions?pageSize=200", "transactionId");
        Assert.DoesNotContain("removal-tx-saver", transactionIds);
        Assert.Contains("removal-tx-current", transactionIds);
        Assert.Empty((await GetJsonAsync("/api/v1/position"))["noLongerShared"]!.AsArray());
    }
}
