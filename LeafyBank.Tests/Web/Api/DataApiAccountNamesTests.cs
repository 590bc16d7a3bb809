namespace LeafyBank.Tests.Web.Api;

/// <summary>The data API's account and product records carry the name a customer knows them by, and a masked number; the OpenAPI document says so.</summary>
public sealed class DataApiAccountNamesTests(DataApiFixture fixture) : IClassFixture<DataApiFixture>
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private static readonly ObjectId Claude = ObjectId.Parse("671ff2451ec726b417352703");

    private async Task<JsonNode> GetJsonAsync(string userName, string path)
    {
        using var client = await fixture.ClientForAsync(userName);
        using var response = await client.GetAsync(path, Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    private async Task ClaudesNamedAndUnnamedAccountsAsync()
    {
        var owner = new PartyReference { UserId = Claude, UserName = "claumon" };
        var opened = new DateTime(2021, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        var accounts = fixture.Store.Collection(OpenFinanceCollections.ExternalAccounts);
        await accounts.UpsertAsync(new ExternalAccount
        {
            AccountId = "5367b38d-0021-4c1f",
            AccountBank = "Donau Bank",
            AccountType = AccountTypes.Checking,
            AccountBalance = 10m,
            AccountCurrency = "EUR",
            AccountDate = new AccountDates { OpeningDate = opened },
            AccountUser = owner,
            AccountName = "Girokonto",
            AccountIdentification = "DE89 3704 0044 0532 0130 00",
            OwnerName = "Claude Monet",
        }, Cancel);
        await accounts.UpsertAsync(new ExternalAccount
        {
            AccountId = "88120045",
            AccountBank = "Green Bank",
            AccountType = AccountTypes.Savings,
            AccountBalance = 20m,
            AccountCurrency = "USD",
            AccountDate = new AccountDates { OpeningDate = opened },
            AccountUser = owner,
        }, Cancel);
        await fixture.Store.Collection(OpenFinanceCollections.ExternalProducts).UpsertAsync(new ExternalProduct
        {
            ProductId = "loan-77",
            ProductBank = "Donau Bank",
            ProductType = ProductTypes.Mortgage,
            ProductAmount = 1000m,
            ProductCurrency = "EUR",
            ProductDate = new ProductDates { OpeningDate = opened },
            ProductCustomer = owner,
            ProductName = "Wohnbaukredit",
            ProductIdentification = "DE12500105170648489890",
        }, Cancel);
    }

    [Fact]
    public async Task Accounts_carry_the_banks_name_or_their_type_in_words_and_a_masked_number()
    {
        await ClaudesNamedAndUnnamedAccountsAsync();

        var page = await GetJsonAsync("claumon", "/api/v1/accounts");

        var items = page["items"]!.AsArray();
        var donau = items.Single(i => i!["bank"]!.GetValue<string>() == "Donau Bank")!;
        Assert.Equal("Girokonto", donau["name"]!.GetValue<string>());
        Assert.True(donau["namedByBank"]!.GetValue<bool>());
        Assert.Equal("•••• 3000", donau["maskedNumber"]!.GetValue<string>());
        var green = items.Single(i => i!["bank"]!.GetValue<string>() == "Green Bank")!;
        Assert.Equal("Savings account", green["name"]!.GetValue<string>());
        Assert.False(green["namedByBank"]!.GetValue<bool>());
        Assert.Equal("•••• 0045", green["maskedNumber"]!.GetValue<string>());
        // Leafy Bank's own accounts are worded by type too, never by their number.
        var own = items.First(i => i!["internal"]!.GetValue<bool>())!;
        Assert.DoesNotContain(own["accountId"]!.GetValue<string>(), own["name"]!.GetValue<string>(), StringComparison.Ordinal);
        // The full number is not in the record, only its masked end.
        Assert.DoesNotContain("DE89", page.ToJsonString(), StringComparison.Ordinal);

        var products = await GetJsonAsync("claumon", "/api/v1/products");
        var loan = Assert.Single(products["items"]!.AsArray())!;
        Assert.Equal("Wohnbaukredit", loan["name"]!.GetValue<string>());
        Assert.Equal("•••• 9890", loan["maskedNumber"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_name_and_masked_number_of_accounts_and_products()
    {
        using var anonymous = fixture.ClientWith(null);
        using var response = await anonymous.GetAsync("/openapi/v1.json", Cancel);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancel))!;

        foreach (var schema in new[] { "AccountResponse", "ProductResponse" })
        {
            var properties = document["components"]!["schemas"]![schema]!["properties"]!.AsObject();
            Assert.True(properties.ContainsKey("name"), $"{schema} has name");
            Assert.True(properties.ContainsKey("namedByBank"), $"{schema} has namedByBank");
            Assert.True(properties.ContainsKey("maskedNumber"), $"{schema} has maskedNumber");
        }
    }
}
