namespace LeafyBank.Tests.Web.Api;

/// <summary>
/// The data API says, per account, whether the bank shares its balance (a "balance": 0 of an account whose bank shares
/// none is no balance, not an empty account), and per bank in the position how many balances are not shared; the
/// OpenAPI document has both fields.
/// </summary>
public sealed class DataApiBalanceSharingTests(DataApiFixture fixture) : IClassFixture<DataApiFixture>
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private static readonly ObjectId Ada = ObjectId.Parse("671ff0081ec726b417352702");

    private async Task<JsonNode> GetJsonAsync(string userName, string path)
    {
        using var client = await fixture.ClientForAsync(userName);
        using var response = await client.GetAsync(path, Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    private async Task AdasDonauAccountsAsync()
    {
        var owner = new PartyReference { UserId = Ada, UserName = "adalove" };
        var accounts = fixture.Store.Collection(OpenFinanceCollections.ExternalAccounts);
        foreach (var (id, balance, extras) in new[]
                 {
                     ("donau-shared", 10m, new BsonDocument("BalanceShared", true)),
                     ("donau-not-shared", 0m, new BsonDocument("BalanceShared", false)),
                     ("donau-last-shared", 25m, new BsonDocument("BalanceShared", false)),
                 })
        {
            await accounts.UpsertAsync(new ExternalAccount
            {
                AccountId = id,
                AccountBank = "Donau Bank",
                AccountType = AccountTypes.Checking,
                AccountBalance = balance,
                AccountCurrency = "USD",
                AccountDate = new AccountDates { OpeningDate = new DateTime(2021, 3, 1, 0, 0, 0, DateTimeKind.Utc) },
                AccountUser = owner,
                BankExtras = extras,
            }, Cancel);
        }
    }

    [Fact]
    public async Task Accounts_and_the_position_say_which_balances_the_bank_does_not_share()
    {
        await AdasDonauAccountsAsync();

        var items = (await GetJsonAsync("adalove", "/api/v1/accounts"))["items"]!.AsArray();
        var shared = items.ToDictionary(i => i!["accountId"]!.GetValue<string>(), i => i!["balanceShared"]!.GetValue<bool>());
        Assert.Equal(new Dictionary<string, bool> { ["donau-last-shared"] = false, ["donau-not-shared"] = false, ["donau-shared"] = true }, shared);

        var donau = (await GetJsonAsync("adalove", "/api/v1/position"))["byInstitution"]!.AsArray().Single(i => i!["bank"]!.GetValue<string>() == "Donau Bank")!;
        Assert.Equal(35m, donau["balance"]!.GetValue<decimal>());
        Assert.Equal(2, donau["balancesNotShared"]!.GetValue<int>());
        Assert.Equal(1, donau["lastSharedBalances"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_OpenAPI_document_has_the_fields()
    {
        using var anonymous = fixture.ClientWith(null);
        var document = JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json", Cancel))!;

        var schemas = document["components"]!["schemas"]!;
        Assert.Equal("boolean", schemas["AccountResponse"]!["properties"]!["balanceShared"]!["type"]!.ToString());
        Assert.True(schemas["InstitutionPosition"]!["properties"]!.AsObject().ContainsKey("balancesNotShared"));
        Assert.True(schemas["InstitutionPosition"]!["properties"]!.AsObject().ContainsKey("lastSharedBalances"));
        Assert.Contains("balanceShared", document["paths"]!["/api/v1/accounts"]!["get"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
