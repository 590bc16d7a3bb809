namespace LeafyBank.Tests.Core.Interop;

public sealed class ReferenceDemoMapperTests
{
    private static readonly DataSource Imported = new() { Origin = DataOrigins.Import, RetrievedAt = new DateTime(2026, 1, 2, 0, 0, 0, DateTimeKind.Utc) };

    private static BsonDocument ReferenceDocument(string json, string id) =>
        DocumentsOf(json).Single(document => document["_id"].AsObjectId == ObjectId.Parse(id));

    private static IEnumerable<BsonDocument> DocumentsOf(string json) =>
        ExtendedJsonReader.Read("sample.json", System.Text.Encoding.UTF8.GetBytes(json)).Documents.Select(source => source.Document);

    [Fact]
    public void AccountNumber_becomes_AccountId_and_the_identification_type_is_kept_as_an_extra()
    {
        var raw = ReferenceDocument(TestData.ReferenceDemoSamples.ExternalAccounts, "678a48b4a9711d00a3aa06dc");

        var account = Assert.IsType<ExternalAccount>(ReferenceDemoMapper.MapAccount(raw, Imported).Document);

        Assert.Equal("204515807", account.AccountId);
        Assert.Equal("Green Bank", account.AccountBank);
        Assert.Equal(7825m, account.AccountBalance);
        Assert.Equal(new DateTime(2024, 3, 17, 2, 1, 24, 699, DateTimeKind.Utc), account.AccountDate.OpeningDate);
        Assert.Equal(("fridaklo", ObjectId.Parse("65a546ae4a8f64e8f88fb89e")), (account.AccountUser.UserName, account.AccountUser.UserId));
        Assert.Equal("Savings account focusing on sustainable banking at Green Bank", account.GreenAccountNarrative);
        Assert.Equal(new BsonDocument("AccountIdentificationType", "AccountNumber"), account.BankExtras);
        Assert.Equal(ObjectId.Parse("678a48b4a9711d00a3aa06dc"), account.Id);
        Assert.Same(Imported, account.Source);
    }

    [Fact]
    public void A_present_AccountId_wins_and_AccountNumber_is_kept()
    {
        var raw = new BsonDocument(ValidAccount()) { ["AccountId"] = "GB-1", ["AccountNumber"] = "123" };

        var account = ReferenceDemoMapper.MapAccount(raw, Imported).Document!;

        Assert.Equal("GB-1", account.AccountId);
        Assert.Equal("123", account.BankExtras?["AccountNumber"].AsString);
    }

    [Fact]
    public void MongoDB_Bank_narratives_are_kept_as_the_bank_sent_them_and_are_not_green_narratives()
    {
        var rawAccount = ReferenceDocument(TestData.ReferenceDemoSamples.ExternalAccounts, "678a48c4a9711d00a3aa06e0");
        var rawProduct = ReferenceDocument(TestData.ReferenceDemoSamples.ExternalProducts, "678a58bcfd053f026e6b97ca");

        var account = ReferenceDemoMapper.MapAccount(rawAccount, Imported).Document!;
        var product = ReferenceDemoMapper.MapProduct(rawProduct, Imported).Document!;

        // The same rule as the MongoDB Bank connector: a marketing narrative is not a green one.
        Assert.Null(account.GreenAccountNarrative);
        Assert.Equal("Checking account powered by MongoDB at MongoDB Bank", account.BankExtras?["MDBAccountNarrative"].AsString);
        Assert.Null(product.GreenProductNarrative);
        Assert.Equal("Mortgage product offered by MongoDB Bank with MongoDB's excellence", product.BankExtras?["MDBProductNarrative"].AsString);
    }

    [Fact]
    public void A_mortgage_amortization_period_in_years_becomes_a_repayment_period_in_months()
    {
        var raw = ReferenceDocument(TestData.ReferenceDemoSamples.ExternalProducts, "678a58bcfd053f026e6b97ca");

        var product = ReferenceDemoMapper.MapProduct(raw, Imported).Document!;

        Assert.Equal(20 * 12, product.RepaymentPeriod);
        Assert.Equal(new BsonInt32(20), product.BankExtras?["AmortizationPeriod"]);
    }

    [Fact]
    public void Property_details_become_readable_collateral_and_are_kept()
    {
        var raw = ReferenceDocument(TestData.ReferenceDemoSamples.ExternalProducts, "678a58bcfd053f026e6b97ca");

        var product = ReferenceDemoMapper.MapProduct(raw, Imported).Document!;

        Assert.Equal("Property at 123 Main St valued 91,719 USD", product.LoanCollateral);
        Assert.Equal(new BsonDocument { ["Address"] = "123 Main St", ["PropertyValue"] = 91719 }, product.BankExtras?["PropertyDetails"]);
        Assert.Equal(ProductTypes.Mortgage, product.ProductType);
        Assert.Equal(2.62m, product.ProductInterestRate);
        Assert.Equal(43500m, product.ProductAmount);
    }

    [Fact]
    public void A_loan_keeps_its_own_repayment_period_and_collateral()
    {
        var raw = ReferenceDocument(TestData.ReferenceDemoSamples.ExternalProducts, "678a5899fd053f026e6b97c2");

        var product = ReferenceDemoMapper.MapProduct(raw, Imported).Document!;

        Assert.Equal((12, "None"), (product.RepaymentPeriod, product.LoanCollateral));
        Assert.Null(product.BankExtras);
    }

    [Fact]
    public void Numbers_of_every_BSON_type_become_decimals()
    {
        BsonValue[] balances = [new BsonInt32(7825), new BsonInt64(7825), new BsonDouble(7825.0), new BsonDecimal128(7825m)];

        foreach (var balance in balances)
        {
            var raw = new BsonDocument(ValidAccount()) { ["AccountBalance"] = balance };
            Assert.Equal(7825m, ReferenceDemoMapper.MapAccount(raw, Imported).Document?.AccountBalance);
        }
        var rate = new BsonDocument(ValidProduct()) { ["ProductInterestRate"] = new BsonDouble(3.75) };
        Assert.Equal(3.75m, ReferenceDemoMapper.MapProduct(rate, Imported).Document?.ProductInterestRate);
    }

    [Fact]
    public void Statuses_and_types_are_normalised_to_the_canonical_spelling()
    {
        var raw = new BsonDocument(ValidProduct()) { ["ProductStatus"] = "ACTIVE", ["ProductType"] = "mortgage", ["ProductCurrency"] = "usd" };

        var product = ReferenceDemoMapper.MapProduct(raw, Imported).Document!;

        Assert.Equal((ProductStatuses.Active, ProductTypes.Mortgage, "USD"), (product.ProductStatus, product.ProductType, product.ProductCurrency));
    }

    [Fact]
    public void An_unknown_status_is_rejected_but_an_unknown_type_is_kept()
    {
        var unknownStatus = new BsonDocument(ValidAccount()) { ["AccountStatus"] = "Frozen" };
        var unknownType = new BsonDocument(ValidAccount()) { ["AccountType"] = "Current" };

        var rejected = ReferenceDemoMapper.MapAccount(unknownStatus, Imported);
        var kept = ReferenceDemoMapper.MapAccount(unknownType, Imported);

        Assert.False(rejected.Succeeded);
        Assert.Contains(rejected.Errors, error => error.Contains("AccountStatus", StringComparison.Ordinal) && error.Contains("Frozen", StringComparison.Ordinal));
        Assert.Equal("Current", kept.Document?.AccountType);
    }

    [Fact]
    public void Missing_and_mistyped_fields_are_each_named_with_their_path()
    {
        var raw = ValidAccount();
        raw.Remove("AccountBank");
        raw["AccountBalance"] = "7825";
        raw["AccountUser"]["UserId"] = "65a546ae4a8f64e8f88fb89e";

        var result = ReferenceDemoMapper.MapAccount(raw, Imported);

        Assert.Null(result.Document);
        Assert.Equal(3, result.Errors.Count);
        Assert.Contains("AccountBank is required but missing.", result.Errors);
        Assert.Contains(result.Errors, error => error.StartsWith("AccountBalance must be a number but is a string", StringComparison.Ordinal));
        Assert.Contains(result.Errors, error => error.StartsWith("AccountUser.UserId must be an ObjectId", StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_fields_and_unknown_sub_fields_are_kept_as_extras()
    {
        var raw = ValidAccount();
        raw["AccountDescription"] = "Checking account for fridaklo at Other Bank";
        raw["AccountDate"]["ClosingDate"] = new BsonDateTime(new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        var account = ReferenceDemoMapper.MapAccount(raw, Imported).Document!;

        Assert.Equal("Checking account for fridaklo at Other Bank", account.BankExtras?["AccountDescription"].AsString);
        Assert.True(account.BankExtras?["AccountDate"].AsBsonDocument.Contains("ClosingDate"));
    }

    [Fact]
    public void A_reference_token_maps_with_no_bank_and_a_null_last_use()
    {
        var raw = DocumentsOf(TestData.ReferenceDemoSamples.Tokens).Last();

        var result = ReferenceDemoMapper.MapToken(raw);

        var token = Assert.IsType<BankToken>(result.Document);
        Assert.Equal(("api_user_cc8580a5", "", ObjectId.Empty), (token.UserName, token.TokenBank, token.UserId));
        Assert.Null(token.TokenDates.LastUseDate);
        Assert.Equal(new DateTime(2025, 1, 13, 11, 9, 8, 368, DateTimeKind.Utc), token.TokenDates.CreationDate);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void A_DPoP_bound_token_keeps_its_type_and_an_unknown_type_is_refused()
    {
        var raw = DocumentsOf(TestData.ReferenceDemoSamples.Tokens).Last();
        raw["TokenType"] = "dpop";
        Assert.Equal("DPoP", ReferenceDemoMapper.MapToken(raw).Document?.TokenType);

        raw["TokenType"] = "MAC";
        var refused = ReferenceDemoMapper.MapToken(raw);
        Assert.Null(refused.Document);
        Assert.Contains(refused.Errors, error => error.Contains("TokenType", StringComparison.Ordinal) && error.Contains("DPoP", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ProductInterestRate", "1000.5", "ProductInterestRate is 1000.5, outside the accepted range -100 to 1,000.")]
    [InlineData("RepaymentPeriod", "1201", "RepaymentPeriod is 1201, outside the accepted range 0 to 1,200.")]
    [InlineData("AmortizationPeriod", "2147483647", "AmortizationPeriod is 2147483647, outside the accepted range 0 to 100.")]
    [InlineData("ProductAmount", "-1000000000000001", "ProductAmount is -1000000000000001, outside the accepted range -1,000,000,000,000,000 to 1,000,000,000,000,000.")]
    [InlineData("ProductAmount", "1e300", "ProductAmount is 1E+300, outside the accepted range -1,000,000,000,000,000 to 1,000,000,000,000,000.")]
    public void A_product_figure_outside_its_range_is_refused_naming_field_value_and_range(string field, string value, string error)
    {
        var raw = ValidProduct();
        // A term in years counts only when no term in months is given (×12 would once have overflowed silently).
        raw.Remove("RepaymentPeriod");
        raw[field] = BsonDocument.Parse($"{{\"value\": {value}}}")["value"];

        var result = ReferenceDemoMapper.MapProduct(raw, Imported);

        Assert.False(result.Succeeded);
        Assert.Equal(error, Assert.Single(result.Errors));
    }

    private static BsonDocument ValidAccount() => ReferenceDocument(TestData.ReferenceDemoSamples.ExternalAccounts, "678a48b4a9711d00a3aa06dc");

    private static BsonDocument ValidProduct() => ReferenceDocument(TestData.ReferenceDemoSamples.ExternalProducts, "678a58bcfd053f026e6b97ca");
}
