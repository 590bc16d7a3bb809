namespace LeafyBank.Tests.Web.Api;

/// <summary>
/// The data API marks an account or loan the bank no longer shares (the customer unticked it at the bank): accounts and
/// products carry <c>noLongerSharedSince</c> (null while shared, as <c>retrievedAt</c> is null when unknown), the position
/// names what it counts at last-read figures, and the OpenAPI document has the fields and says what they mean.
/// </summary>
public sealed class DataApiNoLongerSharedTests(DataApiFixture fixture) : IClassFixture<DataApiFixture>
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private static readonly ObjectId Claude = ObjectId.Parse("671ff2451ec726b417352703");
    private static readonly DateTime ReadAt = new(2026, 11, 20, 8, 30, 0, DateTimeKind.Utc);
    private static readonly DateTime UntickedAt = new(2026, 12, 3, 9, 15, 0, DateTimeKind.Utc);

    private async Task<JsonNode> GetJsonAsync(string path, string userName = "claumon")
    {
        using var client = await fixture.ClientForAsync(userName);
        using var response = await client.GetAsync(path, Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    /// <summary>At Thames Bank: a current account still shared, a saver and a loan the customer unticked at the bank.</summary>
    private async Task ClaudesThamesBankAsync()
    {
        var owner = new PartyReference { UserId = Claude, UserName = "claumon" };
        var source = new DataSource { Origin = DataOrigins.BankApi, RetrievedAt = ReadAt, ConsentId = "thames-consent" };
        var accounts = fixture.Store.Collection(OpenFinanceCollections.ExternalAccounts);
        foreach (var (id, name, unticked) in new[] { ("thames-current", "Classic Current Account", (DateTime?)null), ("thames-saver", "Instant Saver", UntickedAt) })
        {
            await accounts.UpsertAsync(new ExternalAccount
            {
                AccountId = id,
                AccountBank = "Thames Bank",
                AccountName = name,
                AccountType = AccountTypes.Savings,
                AccountBalance = 100m,
                AccountCurrency = "GBP",
                AccountDate = new AccountDates { OpeningDate = new DateTime(2022, 1, 1, 0, 0, 0, DateTimeKind.Utc) },
                AccountUser = owner,
                AccountIdentification = id == "thames-saver" ? "60161331929907" : "60161331920891",
                Source = source,
                NoLongerSharedSince = unticked,
            }, Cancel);
        }
        await fixture.Store.Collection(OpenFinanceCollections.ExternalProducts).UpsertAsync(new ExternalProduct
        {
            ProductId = "thames-loan",
            ProductBank = "Thames Bank",
            ProductName = "Personal Loan",
            ProductIdentification = "LN-0000-4484",
            ProductType = ProductTypes.Loan,
            ProductStatus = ProductStatuses.Active,
            ProductAmount = 2_500m,
            ProductCurrency = "GBP",
            ProductDate = new ProductDates { OpeningDate = new DateTime(2024, 6, 1, 0, 0, 0, DateTimeKind.Utc) },
            ProductCustomer = owner,
            Source = source,
            NoLongerSharedSince = UntickedAt,
        }, Cancel);
    }

    private static DateTime? Since(JsonNode item) => item["noLongerSharedSince"]?.GetValue<DateTime>();

    [Fact]
    public async Task Accounts_and_products_say_since_when_the_bank_no_longer_shares_them_and_null_while_it_does()
    {
        await ClaudesThamesBankAsync();

        var accounts = (await GetJsonAsync("/api/v1/accounts?pageSize=200"))["items"]!.AsArray().Select(item => item!).ToList();
        // Present on every account, null unless unticked: Leafy Bank's own accounts and the current account still shared.
        Assert.All(accounts, account => Assert.True(account.AsObject().ContainsKey("noLongerSharedSince"), account.ToJsonString()));
        Assert.Equal(UntickedAt, Since(accounts.Single(a => a["accountId"]!.GetValue<string>() == "thames-saver")));
        Assert.Null(Since(accounts.Single(a => a["accountId"]!.GetValue<string>() == "thames-current")));
        Assert.All(accounts.Where(a => a["internal"]!.GetValue<bool>()), own => Assert.Null(Since(own)));

        var loan = (await GetJsonAsync("/api/v1/products"))["items"]!.AsArray().Single(p => p!["productId"]!.GetValue<string>() == "thames-loan")!;
        Assert.Equal(UntickedAt, Since(loan));
        // The figures are as last read.
        Assert.Equal(ReadAt, loan["retrievedAt"]!.GetValue<DateTime>());
    }

    [Fact]
    public async Task The_position_names_what_it_counts_as_last_read_because_the_bank_no_longer_shares_it()
    {
        await ClaudesThamesBankAsync();

        var unshared = (await GetJsonAsync("/api/v1/position"))["noLongerShared"]!.AsArray()
            .Select(h => (h!["bank"]!.GetValue<string>(), h["side"]!.GetValue<string>(), h["name"]!.GetValue<string>(), h["maskedNumber"]!.GetValue<string>(),
                h["since"]!.GetValue<DateTime>(), h["lastReadAt"]!.GetValue<DateTime>()))
            .ToList();

        Assert.Equal(
            [
                ("Thames Bank", "Balance", "Instant Saver", "•••• 9907", UntickedAt, ReadAt),
                ("Thames Bank", "Debt", "Personal Loan", "•••• 4484", UntickedAt, ReadAt),
            ],
            unshared);
    }

    [Fact]
    public async Task A_connection_names_what_its_bank_no_longer_shares_by_the_ids_accounts_and_products_carry()
    {
        await ClaudesThamesBankAsync();
        var owner = new PartyReference { UserId = Claude, UserName = "claumon" };
        await fixture.Store.Collection(OpenFinanceCollections.Consents).UpsertAsync(TestDocuments.Consent(owner, "thamesbank", "thames-consent",
            ReadAt.AddDays(-30), fixture.Clock.GetUtcNow().UtcDateTime.AddDays(60)), Cancel);
        // The name its documents carry, as the last sync recorded it: the connection finds them by it even before the bank
        // directory has been read.
        await fixture.Store.Collection(OpenFinanceCollections.SyncStates).UpsertAsync(new SyncState
        {
            SyncUser = owner,
            Bank = "thamesbank",
            BankName = "Thames Bank",
            ConsentId = "thames-consent",
            LastSuccessAt = UntickedAt,
            LastAttemptAt = UntickedAt,
        }, Cancel);
        // A mortgage the bank still shares, beside the loan the customer unticked.
        await fixture.Store.Collection(OpenFinanceCollections.ExternalProducts).UpsertAsync(new ExternalProduct
        {
            ProductId = "thames-mortgage",
            ProductBank = "Thames Bank",
            ProductName = "Home Mortgage",
            ProductIdentification = "MG-0000-7001",
            ProductType = ProductTypes.Mortgage,
            ProductStatus = ProductStatuses.Active,
            ProductAmount = 180_000m,
            ProductCurrency = "GBP",
            ProductDate = new ProductDates { OpeningDate = new DateTime(2021, 3, 1, 0, 0, 0, DateTimeKind.Utc) },
            ProductCustomer = owner,
            Source = new DataSource { Origin = DataOrigins.BankApi, RetrievedAt = UntickedAt, ConsentId = "thames-consent" },
        }, Cancel);

        var accounts = (await GetJsonAsync("/api/v1/accounts?pageSize=200"))["items"]!.AsArray();
        var products = (await GetJsonAsync("/api/v1/products?pageSize=200"))["items"]!.AsArray();
        string IdOf(JsonArray items, string field, string value) => items.Single(item => item![field]!.GetValue<string>() == value)!["id"]!.GetValue<string>();
        var thames = (await GetJsonAsync("/api/v1/connections"))["items"]!.AsArray().Single(c => c!["bank"]!.GetValue<string>() == "thamesbank")!;

        var unshared = thames["noLongerShared"]!.AsArray()
            .Select(item => (item!["id"]!.GetValue<string>(), item["kind"]!.GetValue<string>(), item["name"]!.GetValue<string>(),
                item["maskedNumber"]!.GetValue<string>(), item["since"]!.GetValue<DateTime>(), item["lastReadAt"]!.GetValue<DateTime>()))
            .ToList();
        // By the ids /accounts and /products give them, so a tool finds each there (where noLongerSharedSince is set).
        Assert.Equal(
            [
                (IdOf(accounts, "accountId", "thames-saver"), "account", "Instant Saver", "•••• 9907", UntickedAt, ReadAt),
                (IdOf(products, "productId", "thames-loan"), "product", "Personal Loan", "•••• 4484", UntickedAt, ReadAt),
            ],
            unshared);
        // The accounts it shares now are listed as before; the unticked one is not among them.
        Assert.Equal(["Classic Current Account •••• 0891"], thames["accounts"]!.AsArray().Select(label => label!.GetValue<string>().Replace('\u00A0', ' ')));
        // Loans and mortgages are counted alike: the mortgage it shares now, not the unticked loan listed above.
        Assert.Equal(1, thames["products"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_connection_whose_bank_shares_everything_has_an_empty_list_not_a_missing_one()
    {
        var green = (await GetJsonAsync("/api/v1/connections", "fridaklo"))["items"]!.AsArray().Single(c => c!["bank"]!.GetValue<string>() == "greenbank")!;

        Assert.Empty(Assert.IsType<JsonArray>(green["noLongerShared"]));
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_a_connections_no_longer_shared_items_and_their_kinds()
    {
        using var anonymous = fixture.ClientWith(null);
        var document = JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json", Cancel))!;
        var schemas = document["components"]!["schemas"]!;

        var list = schemas["ConnectionResponse"]!["properties"]!["noLongerShared"]!;
        Assert.Equal("array", list["type"]!.GetValue<string>());
        Assert.Contains("noLongerShared", schemas["ConnectionResponse"]!["required"]!.AsArray().Select(name => name!.GetValue<string>()));
        var item = schemas["NoLongerSharedResponse"]!["properties"]!;
        Assert.Equal(["account", "product"], item["kind"]!["enum"]!.AsArray().Select(value => value!.GetValue<string>()));
        Assert.Equal("date-time", item["since"]!["format"]!.GetValue<string>());
        var description = document["paths"]!["/api/v1/connections"]!["get"]!["description"]!.GetValue<string>();
        Assert.Contains("noLongerShared", description, StringComparison.Ordinal);
        Assert.Contains("/products", description, StringComparison.Ordinal);
        // The counts say what the lists say: what the bank shares now, the unticked ones apart.
        Assert.Contains("how many loans and mortgages it shares now (products)", description, StringComparison.Ordinal);
        Assert.Contains("Neither accounts nor products counts what is in noLongerShared", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_OpenAPI_document_has_the_fields_as_optional_dates_and_says_what_they_mean()
    {
        using var anonymous = fixture.ClientWith(null);
        var document = JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json", Cancel))!;
        var schemas = document["components"]!["schemas"]!;

        foreach (var schema in new[] { "AccountResponse", "ProductResponse" })
        {
            var field = schemas[schema]!["properties"]!["noLongerSharedSince"]!;
            Assert.Equal("date-time", field["format"]!.GetValue<string>());
            // Typed as retrievedAt is: a date, or null.
            Assert.Equal(schemas[schema]!["properties"]!["retrievedAt"]!["type"]!.ToJsonString(), field["type"]!.ToJsonString());
        }
        Assert.True(schemas["GlobalPosition"]!["properties"]!.AsObject().ContainsKey("noLongerShared"));
        foreach (var path in new[] { "/api/v1/accounts", "/api/v1/products" })
        {
            Assert.Contains("noLongerSharedSince", document["paths"]![path]!["get"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        Assert.Contains("noLongerShared", document["paths"]!["/api/v1/position"]!["get"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
