using LeafyBank.Core.Persistence.Validation;
using static LeafyBank.Tests.Core.Persistence.TestDocuments;

namespace LeafyBank.Tests.Core.Persistence;

/// <summary>The collections' one schema definition, enforced on every write by both engines.</summary>
public abstract class SchemaValidationContractTests(IStoreFixture fixture)
{
    protected static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private static readonly DateTime Day = new(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);

    protected Task<IDocumentStore> NewStoreAsync() => fixture.CreateStoreAsync();

    [Fact]
    public async Task A_transaction_with_a_status_outside_its_set_is_refused_with_the_reason_and_not_stored()
    {
        await using var store = await NewStoreAsync();
        var transactions = store.Collection(OpenFinanceCollections.ExternalTransactions);
        var user = ObjectId.GenerateNewId();

        var refused = await Assert.ThrowsAsync<DocumentValidationException>(() =>
            transactions.UpsertAsync(Transaction(user, "tx-1", Day, -4m, status: "settled"), Cancel));

        Assert.Equal("external_transactions", refused.CollectionName);
        Assert.Contains("BookingStatus must be one of booked, pending, not 'settled'", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, await transactions.CountAsync(Cancel));
    }

    [Fact]
    public async Task A_bank_token_is_stored_only_as_ciphertext()
    {
        await using var store = await NewStoreAsync();
        var tokens = store.Collection(OpenFinanceCollections.Tokens);
        var user = ObjectId.GenerateNewId();
        BankToken Token(string bearer, string? refresh) => new()
        {
            UserId = user,
            UserName = "tester",
            TokenBank = "greenbank",
            BearerToken = bearer,
            RefreshToken = refresh,
            TokenDates = new TokenDates { CreationDate = Day },
        };

        var plain = await Assert.ThrowsAsync<DocumentValidationException>(() => tokens.UpsertAsync(Token("f4f4184e9669f8a4008243ee00a04482", null), Cancel));
        var plainRefresh = await Assert.ThrowsAsync<DocumentValidationException>(() => tokens.UpsertAsync(Token("dp1:CfDJ8-cipher", "refresh-plain"), Cancel));
        Assert.Contains("BearerToken is not in the stored form", plain.Message, StringComparison.Ordinal);
        Assert.Contains("RefreshToken is not in the stored form", plainRefresh.Message, StringComparison.Ordinal);
        Assert.Equal(0, await tokens.CountAsync(Cancel));

        Assert.Equal(UpsertOutcome.Inserted, await tokens.UpsertAsync(Token("dp1:CfDJ8-cipher", "dp1:CfDJ8-refresh"), Cancel));
    }

    [Fact]
    public async Task One_bad_document_in_a_bulk_upsert_stores_none_of_its_pages()
    {
        await using var store = await NewStoreAsync();
        var transactions = store.Collection(OpenFinanceCollections.ExternalTransactions);
        var user = ObjectId.GenerateNewId();
        var batch = Enumerable.Range(0, DocumentBatches.UpsertBatchSize * 2 + 500)
            .Select(i => Transaction(user, $"tx-{i:D5}", Day.AddMinutes(i), -1m)).ToList();
        batch[^10].TransactionId = "";

        var refused = await Assert.ThrowsAsync<DocumentValidationException>(() => transactions.UpsertManyAsync(batch, Cancel));

        Assert.Contains("TransactionId must not be empty", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, await transactions.CountAsync(Cancel));
    }

    [Fact]
    public async Task A_consent_with_an_unknown_status_cannot_replace_a_valid_one()
    {
        await using var store = await NewStoreAsync();
        var consents = store.Collection(OpenFinanceCollections.Consents);
        var consent = new Consent
        {
            ConsentId = "c-1",
            Bank = "greenbank",
            ConsentUser = Owner(ObjectId.GenerateNewId()),
            Status = ConsentStatuses.Valid,
            CreatedAt = Day,
            ValidUntil = Day.AddDays(90),
            StatusChangedAt = Day,
        };
        await consents.UpsertAsync(consent, Cancel);

        consent.Status = "paused";
        await Assert.ThrowsAsync<DocumentValidationException>(() => consents.TryReplaceAsync(consent, c => c.Status == ConsentStatuses.Valid, Cancel));

        Assert.Equal(ConsentStatuses.Valid, (await consents.FindByKeyAsync([consent.ConsentUser.UserId, "greenbank", "c-1"], Cancel))!.Status);
    }
}

public sealed class EmbeddedSchemaValidationTests(EmbeddedStoreFixture fixture)
    : SchemaValidationContractTests(fixture), IClassFixture<EmbeddedStoreFixture>;

public sealed class MongoSchemaValidationTests(MongoStoreFixture fixture)
    : SchemaValidationContractTests(fixture), IClassFixture<MongoStoreFixture>
{
    [Fact]
    public async Task The_server_holds_each_collections_schema_and_refuses_a_write_that_bypasses_the_app()
    {
        var store = (MongoDocumentStore)await NewStoreAsync();
        await using var _ = store;
        if (store.SchemaValidation != "server and app")
        {
            Assert.Skip($"This server does not take validators ({store.SchemaValidation}).");
        }

        using var cursor = await store.Database.ListCollectionsAsync(new ListCollectionsOptions { Filter = new BsonDocument("name", "external_accounts") }, Cancel);
        var options = (await cursor.FirstAsync(Cancel))["options"].AsBsonDocument;
        Assert.Equal(OpenFinanceSchemas.ExternalAccounts, options["validator"]["$jsonSchema"]);
        Assert.Equal("strict", options["validationLevel"].AsString);

        // Another writer (the reference demo's scripts, a shell) stores money as a double: the server says no.
        var raw = store.Database.GetCollection<BsonDocument>("external_accounts");
        var doubleMoney = Account(ObjectId.GenerateNewId(), "Green Bank", "1", 10m).ToBsonDocument();
        doubleMoney["AccountBalance"] = 10.1;
        var refused = await Assert.ThrowsAsync<MongoWriteException>(() => raw.InsertOneAsync(doubleMoney, cancellationToken: Cancel));
        Assert.Equal(121, refused.WriteError.Code);
    }
}

/// <summary>The shared definitions themselves: what each rule says about a document.</summary>
public sealed class SchemaDefinitionTests
{
    // The documents below are turned into BSON here, with no store opened: without the app's mapping first, the driver would map
    // them by its defaults for the whole run (nulls written out, money as strings), for every later test too.
    static SchemaDefinitionTests() => OpenFinanceBsonMapping.Register();

    [Fact]
    public void Money_must_be_decimal_and_the_owner_must_be_named_by_id()
    {
        var account = Account(ObjectId.GenerateNewId(), "Green Bank", "1", 10m).ToBsonDocument();
        account["AccountBalance"] = 10.1;
        account["AccountUser"].AsBsonDocument.Remove("UserId");

        var problems = SchemaValidator.Problems(OpenFinanceSchemas.ExternalAccounts, account);

        Assert.Contains("AccountBalance must be decimal, not double", problems);
        Assert.Contains("AccountUser.UserId is required", problems);
        Assert.Equal(2, problems.Count);
    }

    [Fact]
    public void Every_collection_has_a_schema_that_its_own_default_documents_satisfy()
    {
        Assert.All(OpenFinanceCollections.All, kind => Assert.NotNull(kind.Schema));
        var user = ObjectId.GenerateNewId();
        Assert.Empty(SchemaValidator.Problems(OpenFinanceSchemas.ExternalAccounts, Account(user, "Green Bank", "1", 10m).ToBsonDocument()));
        Assert.Empty(SchemaValidator.Problems(OpenFinanceSchemas.ExternalProducts, Product(user, "Green Bank", "L1", ProductTypes.Loan, 900m).ToBsonDocument()));
        Assert.Empty(SchemaValidator.Problems(OpenFinanceSchemas.InternalAccounts, LeafyBankAccount(user, "LB-1", 5m).ToBsonDocument()));
        Assert.Empty(SchemaValidator.Problems(OpenFinanceSchemas.AuditEvents, Audit(user, AuditKinds.DataPulled, TestTime.UtcNow).ToBsonDocument()));
        Assert.Empty(SchemaValidator.Problems(OpenFinanceSchemas.ExternalTransactions,
            Transaction(user, "t", TestTime.UtcNow, 1m).ToBsonDocument()));
    }

    [Fact]
    public void A_pending_authorization_was_pushed_for_DPoP_or_Bearer_tokens_or_stored_before_that_was_kept()
    {
        AuthorizationRequest Pending(string? tokenType) => new()
        {
            RequestUser = new PartyReference { UserId = ObjectId.GenerateNewId(), UserName = "tester" },
            StateHash = "state-hash",
            CodeVerifier = "dp1:CfDJ8-verifier",
            ExpiresAt = TestTime.UtcNow,
            TokenType = tokenType,
        };

        Assert.Empty(SchemaValidator.Problems(OpenFinanceSchemas.AuthorizationRequests, Pending("DPoP").ToBsonDocument()));
        Assert.Empty(SchemaValidator.Problems(OpenFinanceSchemas.AuthorizationRequests, Pending("Bearer").ToBsonDocument()));
        Assert.Empty(SchemaValidator.Problems(OpenFinanceSchemas.AuthorizationRequests, Pending(null).ToBsonDocument()));
        Assert.Equal(["TokenType must be one of DPoP, Bearer, not 'MAC'"],
            SchemaValidator.Problems(OpenFinanceSchemas.AuthorizationRequests, Pending("MAC").ToBsonDocument()));
    }
}
