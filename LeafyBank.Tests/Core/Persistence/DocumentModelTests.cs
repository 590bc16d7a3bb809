using static LeafyBank.Tests.Core.Persistence.TestDocuments;

namespace LeafyBank.Tests.Core.Persistence;

/// <summary>
/// The stored BSON is the contract with MongoDB, the embedded store and every exported file:
/// these tests pin field names, nesting and BSON types to the source document's model.
/// </summary>
public sealed class DocumentModelTests
{
    static DocumentModelTests() => OpenFinanceBsonMapping.Register();

    private static readonly ObjectId UserId = ObjectId.Parse("65a546ae4a8f64e8f88fb89e");

    private static BsonDocument RoundTrip<T>(T document, out T readBack)
    {
        var bson = document.ToBsonDocument();
        readBack = BsonSerializer.Deserialize<T>(bson);
        Assert.Equal(bson, readBack.ToBsonDocument());
        return bson;
    }

    private static void AssertFields(BsonDocument document, params (string Name, BsonType Type)[] expected)
    {
        Assert.Equal(expected.Select(e => e.Name), document.Names);
        foreach (var (name, type) in expected)
        {
            Assert.True(document[name].BsonType == type, $"{name} is {document[name].BsonType}, expected {type}");
        }
    }

    [Fact]
    public void External_accounts_store_exactly_the_briefs_fields_and_types()
    {
        var account = Account(UserId, "Green Bank", "204515807", 7825.5m);
        account.Id = ObjectId.Parse("678a48b4a9711d00a3aa06dc");
        account.AccountUser.UserName = "fridaklo";

        var bson = RoundTrip(account, out var readBack);

        AssertFields(bson,
            ("_id", BsonType.ObjectId), ("AccountId", BsonType.String), ("AccountBank", BsonType.String),
            ("AccountStatus", BsonType.String), ("AccountType", BsonType.String), ("AccountBalance", BsonType.Decimal128),
            ("AccountCurrency", BsonType.String), ("AccountDate", BsonType.Document), ("AccountUser", BsonType.Document),
            ("GreenAccountNarrative", BsonType.String));
        AssertFields(bson["AccountDate"].AsBsonDocument, ("OpeningDate", BsonType.DateTime));
        AssertFields(bson["AccountUser"].AsBsonDocument, ("UserName", BsonType.String), ("UserId", BsonType.ObjectId));
        Assert.Equal(7825.5m, readBack.AccountBalance);
        Assert.Equal(Opened, readBack.AccountDate.OpeningDate);
        Assert.Equal(DateTimeKind.Utc, readBack.AccountDate.OpeningDate.Kind);
    }

    [Fact]
    public void External_products_store_exactly_the_briefs_fields_and_types()
    {
        var product = Product(UserId, "Green Bank", "1784", ProductTypes.Loan, 10700m);
        product.Id = ObjectId.Parse("678a5899fd053f026e6b97c2");
        product.GreenProductNarrative = "Loan tailored for sustainability at Green Bank";

        var bson = RoundTrip(product, out var readBack);

        AssertFields(bson,
            ("_id", BsonType.ObjectId), ("ProductId", BsonType.String), ("ProductBank", BsonType.String),
            ("ProductStatus", BsonType.String), ("ProductType", BsonType.String), ("ProductAmount", BsonType.Decimal128),
            ("ProductCurrency", BsonType.String), ("ProductInterestRate", BsonType.Decimal128), ("ProductDate", BsonType.Document),
            ("ProductCustomer", BsonType.Document), ("GreenProductNarrative", BsonType.String), ("RepaymentPeriod", BsonType.Int32),
            ("LoanCollateral", BsonType.String));
        AssertFields(bson["ProductDate"].AsBsonDocument, ("OpeningDate", BsonType.DateTime));
        AssertFields(bson["ProductCustomer"].AsBsonDocument, ("UserName", BsonType.String), ("UserId", BsonType.ObjectId));
        Assert.Equal(3.75m, readBack.ProductInterestRate);
    }

    [Fact]
    public void Tokens_store_the_briefs_fields_first_and_a_never_used_token_has_a_null_last_use()
    {
        var token = new BankToken
        {
            Id = UserId,
            UserId = UserId,
            UserName = "fridaklo",
            BearerToken = "dp1:CfDJ8-ciphertext",
            TokenBank = "Green Bank",
            TokenDates = new TokenDates { CreationDate = Opened },
        };

        var bson = RoundTrip(token, out _);

        Assert.Equal(["_id", "UserName", "BearerToken", "TokenDates"], bson.Names.Take(4));
        Assert.Equal(BsonType.String, bson["BearerToken"].BsonType);
        AssertFields(bson["TokenDates"].AsBsonDocument, ("CreationDate", BsonType.DateTime), ("LastUseDate", BsonType.Null));

        token.TokenDates.LastUseDate = Opened.AddDays(1);
        Assert.Equal(BsonType.DateTime, token.ToBsonDocument()["TokenDates"]["LastUseDate"].BsonType);
    }

    [Fact]
    public void Optional_fields_are_omitted_rather_than_stored_as_null()
    {
        var account = Account(UserId, "Green Bank", "1", 1m);
        account.GreenAccountNarrative = null;

        var bson = account.ToBsonDocument();

        Assert.False(bson.Contains("GreenAccountNarrative"));
        Assert.False(bson.Contains("Source"));
        Assert.False(bson.Contains("BankExtras"));
    }

    [Fact]
    public void Amounts_written_as_doubles_by_the_reference_demo_read_as_exact_decimals()
    {
        var stored = BsonDocument.Parse("""
            { "_id": { "$oid": "678a5899fd053f026e6b97c2" }, "ProductId": "1784", "ProductBank": "Green Bank",
              "ProductStatus": "Active", "ProductType": "Loan", "ProductAmount": 10700.0, "ProductCurrency": "USD",
              "ProductInterestRate": 3.75, "ProductDate": { "OpeningDate": { "$date": "2024-06-03T11:46:52.350Z" } },
              "ProductCustomer": { "UserName": "fridaklo", "UserId": { "$oid": "65a546ae4a8f64e8f88fb89e" } },
              "RepaymentPeriod": 12, "LoanCollateral": "None", "SomeFutureField": true }
            """);

        var product = BsonSerializer.Deserialize<ExternalProduct>(stored);

        Assert.Equal(10700m, product.ProductAmount);
        Assert.Equal(3.75m, product.ProductInterestRate);
        Assert.Equal(new DateTime(2024, 6, 3, 11, 46, 52, 350, DateTimeKind.Utc), product.ProductDate.OpeningDate);
    }

    [Fact]
    public void Every_other_collection_round_trips_without_loss()
    {
        var at = new DateTime(2026, 11, 25, 8, 30, 0, DateTimeKind.Utc);
        RoundTrip(new LeafyUser { Id = UserId, UserName = "fridaklo", FirstName = "Frida", LastName = "Kahlo", CreatedAt = at }, out var user);
        Assert.False(user.ToBsonDocument().Contains("DisplayName"));
        RoundTrip(LeafyBankAccount(UserId, "111199300", 1100m), out _);
        RoundTrip(new Consent
        {
            ConsentId = "urn:greenbank:C1",
            Bank = "Green Bank",
            ConsentUser = Owner(UserId),
            Status = ConsentStatuses.Valid,
            Permissions = [ConsentPermissions.Accounts, ConsentPermissions.Balances],
            AccountIds = ["204515807"],
            CreatedAt = at,
            ValidUntil = at.AddDays(90),
            FrequencyPerDay = 4,
            StatusChangedAt = at,
        }, out var consent);
        Assert.Equal(at.AddDays(90), consent.ValidUntil);
        RoundTrip(new ExternalTransaction
        {
            TransactionId = "T1",
            TransactionBank = "Green Bank",
            AccountId = "204515807",
            TransactionUser = Owner(UserId),
            BookingStatus = BookingStatuses.Pending,
            Amount = -12.5m,
            Currency = "EUR",
            BookingDate = at,
            Description = "Coffee",
            Merchant = "Café",
            Category = "Eating out",
        }, out var transaction);
        Assert.Equal(-12.5m, transaction.Amount);
        RoundTrip(Audit(UserId, AuditKinds.ConsentGranted, at), out _);
        RoundTrip(new SyncState { SyncUser = Owner(UserId), Bank = "Green Bank", LastSuccessAt = at, NextAllowedAt = at.AddHours(6) }, out _);
    }

    [Fact]
    public void Every_natural_key_starts_with_the_owner_so_key_lookups_cannot_cross_users()
    {
        foreach (var kind in OpenFinanceCollections.All)
        {
            if (kind.NaturalKeyPaths.Count == 0 || kind.CollectionName is "users" or "data_protection_keys" or "customer_identities")
            {
                continue;
            }
            Assert.Equal(kind.OwnerPath, kind.NaturalKeyPaths[0]);
        }
        Assert.Equal(
            ["users", "internal_accounts", "external_accounts", "external_products", "tokens", "consents",
             "external_transactions", "audit_events", "sync_state", "authorization_requests", "data_protection_keys", "position_history",
             "customer_identities", "sessions", "ended_sessions"],
            OpenFinanceCollections.All.Select(kind => kind.CollectionName));
    }
}
