using MongoDB.Driver.Core.Events;

namespace LeafyBank.Tests.Core.Persistence;

/// <summary>
/// Against a real MongoDB (<c>LEAFYBANK_TEST_MONGODB_URI</c>, or Docker): the transaction path on a
/// replica set, the idempotent path on a standalone server, and the write concern on the wire.
/// Skipped, with the reason, when no server is available.
/// </summary>
public sealed class MongoTransactionTests(MongoStoreFixture fixture) : IClassFixture<MongoStoreFixture>
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private static readonly PartyReference Frida = new() { UserId = ObjectId.Parse("65a546ae4a8f64e8f88fb89e"), UserName = "fridaklo" };

    private static ExternalAccount Account(string id) => new()
    {
        AccountId = id,
        AccountBank = "Green Bank",
        AccountUser = Frida,
        AccountType = AccountTypes.Savings,
        AccountBalance = 100m,
        AccountCurrency = "EUR",
    };

    private async Task<MongoDocumentStore> StoreAsync(bool transactions, Action<MongoClientSettings>? configureClient = null)
    {
        var store = (MongoDocumentStore)await fixture.CreateStoreAsync(configureClient);
        if (store.TransactionCapability.Supported != transactions)
        {
            await store.DisposeAsync();
            Assert.Skip($"This test needs a server {(transactions ? "with" : "without")} transactions; this one is {store.TransactionCapability.Describe()}.");
        }
        return store;
    }

    [Fact]
    public async Task On_a_replica_set_work_that_fails_midway_leaves_none_of_its_writes()
    {
        await using var store = await StoreAsync(transactions: true);

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.RunInTransactionAsync<int>(async (scope, token) =>
        {
            Assert.True(scope.IsAtomic);
            await scope.Collection(OpenFinanceCollections.ExternalAccounts).UpsertManyAsync([Account("A1"), Account("A2")], token);
            await scope.Collection(OpenFinanceCollections.ExternalTransactions).DeleteAsync(Frida.UserId, cancellationToken: token);
            throw new InvalidOperationException("the bank's snapshot contradicted itself");
        }, Cancel));

        Assert.Empty(await store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(Frida.UserId, cancellationToken: Cancel));
    }

    [Fact]
    public async Task On_a_replica_set_work_that_succeeds_commits_all_its_writes_and_reads_its_own()
    {
        await using var store = await StoreAsync(transactions: true);
        await store.Collection(OpenFinanceCollections.ExternalAccounts).UpsertAsync(Account("OLD"), Cancel);

        var seenInside = await store.RunInTransactionAsync(async (scope, token) =>
        {
            var accounts = scope.Collection(OpenFinanceCollections.ExternalAccounts);
            await accounts.DeleteAsync(Frida.UserId, a => a.AccountId == "OLD", token);
            await accounts.UpsertManyAsync([Account("A1"), Account("A2")], token);
            return (await accounts.FindAsync(Frida.UserId, cancellationToken: token)).Count;
        }, Cancel);

        Assert.Equal(2, seenInside);
        var stored = await store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(Frida.UserId, cancellationToken: Cancel);
        Assert.Equal(["A1", "A2"], stored.Select(a => a.AccountId).Order());
    }

    [Fact]
    public async Task On_a_standalone_server_the_work_runs_once_on_the_idempotent_path()
    {
        await using var store = await StoreAsync(transactions: false);
        var runs = 0;

        await store.RunInTransactionAsync(async (scope, token) =>
        {
            runs++;
            Assert.False(scope.IsAtomic);
            return await scope.Collection(OpenFinanceCollections.ExternalAccounts).UpsertManyAsync([Account("A1")], token);
        }, Cancel);

        Assert.Equal(1, runs);
        Assert.Single(await store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(Frida.UserId, cancellationToken: Cancel));
    }

    [Fact]
    public async Task A_consent_is_written_with_majority_on_the_wire_and_an_account_with_the_servers_default()
    {
        var commands = new ConcurrentQueue<BsonDocument>();
        await using var store = (MongoDocumentStore)await fixture.CreateStoreAsync(settings =>
            settings.ClusterConfigurator = cluster => cluster.Subscribe<CommandStartedEvent>(started =>
            {
                if (started.CommandName is "insert" or "update")
                {
                    commands.Enqueue(started.Command.DeepClone().AsBsonDocument);
                }
            }));

        await store.Collection(OpenFinanceCollections.Consents).UpsertAsync(new Consent
        {
            ConsentId = "c-1",
            Bank = "greenbank",
            ConsentUser = Frida,
            Status = ConsentStatuses.Valid,
            Permissions = ["accounts"],
            CreatedAt = TestTime.UtcNow,
            ValidUntil = TestTime.UtcNow.AddDays(90),
            FrequencyPerDay = 4,
        }, Cancel);
        await store.Collection(OpenFinanceCollections.ExternalAccounts).UpsertManyAsync([Account("A1")], Cancel);

        var consentWrite = Assert.Single(commands, command => command.GetValue("insert", "") == OpenFinanceCollections.Consents.CollectionName);
        Assert.Equal("majority", consentWrite["writeConcern"]["w"].AsString);
        var accountWrite = Assert.Single(commands, command => command.GetValue("update", "") == OpenFinanceCollections.ExternalAccounts.CollectionName);
        Assert.False(accountWrite.Contains("writeConcern"));
        // Stable API V1 is declared on every command, not strict (unless the run turned it off for a server without it).
        if (MongoStoreFixture.Settings.DeclaresStableApi)
        {
            Assert.Equal("1", consentWrite["apiVersion"].AsString);
            Assert.False(consentWrite.Contains("apiStrict") && consentWrite["apiStrict"].AsBoolean);
        }
        else
        {
            Assert.False(consentWrite.Contains("apiVersion"));
        }
    }
}
