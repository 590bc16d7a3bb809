namespace LeafyBank.Tests.Core.Position;

/// <summary>
/// Accounts whose bank does not share the balance (the consent left balances out: the connectors store
/// <c>BankExtras.BalanceShared = false</c>), on each engine: the position says per bank how many there are and how
/// many still hold the last balance the bank shared, and per green account whether its balance is shared; the
/// totals stay what they were. Rates: EUR 1.0850 USD.
/// </summary>
public abstract class BalanceSharingPositionTests(IStoreFixture fixture)
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private static readonly DataSource Synced = new() { Origin = DataOrigins.BankApi, RetrievedAt = PositionScenario.GreenSyncedAt, ConsentId = "c-1" };

    private static BsonDocument Shared(bool shared) => new() { { PositionRules.BalanceSharedField, shared } };

    private static async Task<GlobalPosition> PositionAsync(IDocumentStore store, ObjectId user)
    {
        var owner = new PartyReference { UserId = user, UserName = "figures" };
        var accounts = store.Collection(OpenFinanceCollections.ExternalAccounts);
        ExternalAccount Account(string bank, string id, decimal balance, BsonDocument? extras, string? narrative = null, string status = AccountStatuses.Active)
        {
            var account = PositionScenario.Account(owner, bank, id, AccountTypes.Checking, balance, "EUR", Synced, narrative, status);
            account.BankExtras = extras;
            return account;
        }

        // Donau Bank shares no balance at all: both accounts were only ever listed.
        await accounts.UpsertAsync(Account("Donau Bank", "D1", 0m, Shared(false)), Cancel);
        await accounts.UpsertAsync(Account("Donau Bank", "D2", 0m, Shared(false), "Deposits fund wind farms"), Cancel);
        // Green Bank: one shared, one never shared, one shared before (the sync kept 50 EUR), one from before the
        // field existed, one with extras but no such field, and a closed one not shared (counted nowhere).
        await accounts.UpsertAsync(Account("Green Bank", "G1", 100m, Shared(true)), Cancel);
        await accounts.UpsertAsync(Account("Green Bank", "G2", 0m, Shared(false)), Cancel);
        await accounts.UpsertAsync(Account("Green Bank", "G3", 50m, Shared(false), "Green savings"), Cancel);
        await accounts.UpsertAsync(Account("Green Bank", "G4", 10m, null), Cancel);
        await accounts.UpsertAsync(Account("Green Bank", "G5", 20m, new BsonDocument("iban", "DE00 1234")), Cancel);
        await accounts.UpsertAsync(Account("Green Bank", "G6", 0m, Shared(false), status: AccountStatuses.Closed), Cancel);
        // Someone else's account not shared, at a bank of the same name: never counted here.
        var stranger = new PartyReference { UserId = ObjectId.GenerateNewId(), UserName = "stranger" };
        var theirs = PositionScenario.Account(stranger, "Donau Bank", "S1", AccountTypes.Checking, 0m, "EUR", Synced, null);
        theirs.BankExtras = Shared(false);
        await accounts.UpsertAsync(theirs, Cancel);

        return await PositionScenario.Service(store).GetAsync(PositionScenario.User(user), Cancel);
    }

    [Fact]
    public async Task Each_bank_counts_the_accounts_whose_balance_it_does_not_share_and_those_at_their_last_shared_balance()
    {
        await using var store = await fixture.CreateStoreAsync();
        var position = await PositionAsync(store, ObjectId.GenerateNewId());

        Assert.Equal(
            [
                new InstitutionPosition("Donau Bank", 0.00m, 0m, false, 2, 0, BalancesNotShared: 2, LastSharedBalances: 0),
                // G1 100 + G3 50 (its last shared balance) + G4 10 + G5 20 = 180 EUR × 1.0850 = 195.30; G6 is closed.
                new InstitutionPosition("Green Bank", 195.30m, 0m, false, 5, 0, BalancesNotShared: 2, LastSharedBalances: 1),
            ],
            position.ByInstitution);
        Assert.Equal(2, position.ByInstitution[0].BalancesUnknown);
        Assert.Equal(1, position.ByInstitution[1].BalancesUnknown);
        // The totals are what they were: a balance never shared is 0, a last shared one is counted.
        Assert.Equal(195.30m, position.TotalBalance);
    }

    [Fact]
    public async Task A_green_account_says_whether_its_balance_is_shared()
    {
        await using var store = await fixture.CreateStoreAsync();
        var position = await PositionAsync(store, ObjectId.GenerateNewId());

        Assert.Equal(
            [("D2", 0.00m, false), ("G3", 54.25m, false)],
            position.Green.Narratives.Select(n => (n.Id, n.AmountInBase ?? -1m, n.BalanceShared)));
    }

    [Fact]
    public void The_rule_pages_ask_reads_the_field_as_the_query_does()
    {
        Assert.True(PositionRules.BalanceNotShared(new ExternalAccount { BankExtras = Shared(false) }));
        Assert.False(PositionRules.BalanceNotShared(new ExternalAccount { BankExtras = Shared(true) }));
        Assert.False(PositionRules.BalanceNotShared(new ExternalAccount { BankExtras = null }));
        Assert.False(PositionRules.BalanceNotShared(new ExternalAccount { BankExtras = new BsonDocument("iban", "DE00") }));
    }
}

public sealed class EmbeddedBalanceSharingPositionTests(EmbeddedStoreFixture fixture)
    : BalanceSharingPositionTests(fixture), IClassFixture<EmbeddedStoreFixture>;

public sealed class MongoBalanceSharingPositionTests(MongoStoreFixture fixture)
    : BalanceSharingPositionTests(fixture), IClassFixture<MongoStoreFixture>;

/// <summary>
/// The MongoDB side of the balance-sharing rule: the pipeline renders it as a server expression (no server needed),
/// and a server evaluates the external accounts' projection and the buckets' group as the embedded engine does. The
/// second runs the two stages on their own, so a server without <c>$unionWith</c> (an emulation, where the position
/// falls back to finds) still checks them.
/// </summary>
public sealed class BalanceSharingPipelineTests(MongoStoreFixture mongo) : IClassFixture<MongoStoreFixture>
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_pipeline_reads_the_field_on_the_server_and_counts_per_bucket()
    {
        await using var store = new MongoDocumentStore("mongodb://127.0.0.1:27017", "render_only");
        var json = new BsonArray(MongoPositionQuery.BuildPipeline(store, ObjectId.GenerateNewId())
                .Render(new RenderArgs<InternalAccount>(BsonSerializer.LookupSerializer<InternalAccount>(), BsonSerializer.SerializerRegistry))
                .Documents)
            .ToJson();

        // A missing field is never equal to false: documents from before the field, and other banks' extras, count as shared.
        Assert.Contains("{ \"$eq\" : [\"$BankExtras.BalanceShared\", false] }", json, StringComparison.Ordinal);
        // Summed in the group, before anything leaves the server.
        Assert.Contains("{ \"$sum\" : { \"$cond\" : { \"if\" : \"$BalanceNotShared\", \"then\" : 1, \"else\" : 0 } } }", json, StringComparison.Ordinal);
        Assert.Contains("\"BalancesNotShared\" : \"$__agg", json, StringComparison.Ordinal);
        Assert.Contains("\"LastSharedBalances\" : \"$__agg", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_projects_and_groups_the_accounts_as_the_embedded_engine_does()
    {
        await using var store = (MongoDocumentStore)await mongo.CreateStoreAsync();
        var owner = new PartyReference { UserId = ObjectId.GenerateNewId(), UserName = "figures" };
        var synced = new DataSource { Origin = DataOrigins.BankApi, RetrievedAt = PositionScenario.GreenSyncedAt, ConsentId = "c-1" };
        BsonDocument?[] extras = [null, new("iban", "DE00"), new(PositionRules.BalanceSharedField, true), new(PositionRules.BalanceSharedField, false), new(PositionRules.BalanceSharedField, false)];
        decimal[] balances = [10m, 20m, 30m, 0m, 45.5m];
        var accounts = extras.Select((extra, i) =>
        {
            var account = PositionScenario.Account(owner, "Donau Bank", $"D{i}", AccountTypes.Checking, balances[i], "EUR", synced, null);
            account.BankExtras = extra;
            return account;
        }).ToList();
        await store.Collection(OpenFinanceCollections.ExternalAccounts).UpsertManyAsync(accounts, Cancel);

        var fromServer = await store.Typed(OpenFinanceCollections.ExternalAccounts)
            .Aggregate(new EmptyPipelineDefinition<ExternalAccount>()
                .Match(account => account.AccountUser.UserId == owner.UserId)
                .Project(PositionQueryShape.ExternalAccountItem)
                .Group(PositionQueryShape.BucketKey, PositionQueryShape.Bucket), cancellationToken: Cancel)
            .SingleAsync(Cancel);
        var inProcess = PositionQueryShape.EvaluateInProcess([], accounts, [], []).Buckets.Single();

        Assert.Equal((5, 2, 1), (fromServer.Count, fromServer.BalancesNotShared, fromServer.LastSharedBalances));
        // The ids are gathered in no particular order, and a list compares by reference in a record.
        Assert.Equal(inProcess.Ids.Order(StringComparer.Ordinal), fromServer.Ids.Order(StringComparer.Ordinal));
        List<string> neither = [];
        Assert.Equal(inProcess with { Ids = neither }, fromServer with { Ids = neither });
    }
}
