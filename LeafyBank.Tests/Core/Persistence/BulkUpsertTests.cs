using Microsoft.Data.Sqlite;
using MongoDB.Driver.Core.Events;
using static LeafyBank.Tests.Core.Persistence.TestDocuments;

namespace LeafyBank.Tests.Core.Persistence;

/// <summary>Bulk upserts (what a sync writes with), run unchanged against every engine.</summary>
public abstract class BulkUpsertContractTests(IStoreFixture fixture)
{
    protected static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    protected static readonly DateTime FirstDay = new(2026, 9, 1, 0, 0, 0, DateTimeKind.Utc);

    protected Task<IDocumentStore> NewStoreAsync() => fixture.CreateStoreAsync();

    protected static List<ExternalTransaction> Payments(ObjectId user, int count, decimal amount = -12.5m) =>
        [.. Enumerable.Range(0, count).Select(i => Transaction(user, $"tx-{i:D5}", FirstDay.AddHours(i), amount))];

    [Fact]
    public async Task A_bulk_upsert_inserts_new_documents_and_replaces_stored_ones_keeping_their_ids()
    {
        await using var store = await NewStoreAsync();
        var accounts = store.Collection(OpenFinanceCollections.ExternalAccounts);
        var user = ObjectId.GenerateNewId();
        var checking = Account(user, "Green Bank", "1", 100m);
        var savings = Account(user, "Green Bank", "2", 200m);
        var joint = Account(user, "Green Bank", "3", 300m);
        foreach (var account in new[] { checking, savings, joint })
        {
            await accounts.UpsertAsync(account, Cancel);
        }

        // A re-sync: two balances moved, one did not, two accounts are new; none carries a stored id.
        var resync = new[]
        {
            Account(user, "Green Bank", "1", 150m), Account(user, "Green Bank", "2", 250m), Account(user, "Green Bank", "3", 300m),
            Account(user, "Green Bank", "4", 400m), Account(user, "Green Bank", "5", 500m),
        };
        var result = await accounts.UpsertManyAsync(resync, Cancel);

        Assert.Equal(new BulkUpsertResult(Inserted: 2, Updated: 2, Unchanged: 1), result);
        var stored = (await accounts.FindAsync(user, cancellationToken: Cancel)).ToDictionary(a => a.AccountId);
        Assert.Equal(5, stored.Count);
        Assert.Equal(checking.Id, stored["1"].Id);
        Assert.Equal(savings.Id, stored["2"].Id);
        Assert.Equal(joint.Id, stored["3"].Id);
        Assert.Equal(150m, stored["1"].AccountBalance);
        Assert.Equal(250m, stored["2"].AccountBalance);
        // The new documents learn the ids they were stored under.
        Assert.Equal(stored["4"].Id, resync[3].Id);
        Assert.Equal(stored["5"].Id, resync[4].Id);
        Assert.NotEqual(ObjectId.Empty, resync[3].Id);
    }

    [Fact]
    public async Task Bulk_upserting_the_same_pages_twice_stores_each_document_once()
    {
        await using var store = await NewStoreAsync();
        var transactions = store.Collection(OpenFinanceCollections.ExternalTransactions);
        var user = ObjectId.GenerateNewId();
        var count = DocumentBatches.UpsertBatchSize * 2 + 500;

        Assert.Equal(new BulkUpsertResult(count, 0, 0), await transactions.UpsertManyAsync(Payments(user, count), Cancel));
        var firstIds = (await transactions.FindAsync(user, cancellationToken: Cancel)).ToDictionary(t => t.TransactionId, t => t.Id);

        Assert.Equal(new BulkUpsertResult(0, 0, count), await transactions.UpsertManyAsync(Payments(user, count), Cancel));
        var changed = Payments(user, count, amount: -13m);
        Assert.Equal(new BulkUpsertResult(0, count, 0), await transactions.UpsertManyAsync(changed, Cancel));

        var stored = await transactions.FindAsync(user, cancellationToken: Cancel);
        Assert.Equal(count, stored.Count);
        Assert.Equal(count, await transactions.CountAsync(Cancel));
        Assert.All(stored, t => Assert.Equal(firstIds[t.TransactionId], t.Id));
        Assert.All(stored, t => Assert.Equal(-13m, t.Amount));
    }

    [Fact]
    public async Task A_bulk_upsert_into_a_collection_without_a_natural_key_is_refused_before_anything_is_written()
    {
        await using var store = await NewStoreAsync();
        var audit = store.Collection(OpenFinanceCollections.AuditEvents);
        var user = ObjectId.GenerateNewId();

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            audit.UpsertManyAsync([Audit(user, AuditKinds.DataPulled, FirstDay)], Cancel));

        Assert.Contains("InsertManyAsync", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, await audit.CountAsync(Cancel));
    }
}

public sealed class EmbeddedBulkUpsertTests(EmbeddedStoreFixture fixture)
    : BulkUpsertContractTests(fixture), IClassFixture<EmbeddedStoreFixture>
{
    [Fact]
    public async Task A_write_that_fails_inside_a_page_keeps_none_of_that_page_and_every_earlier_page()
    {
        await using var store = await NewStoreAsync();
        var transactions = store.Collection(OpenFinanceCollections.ExternalTransactions);
        var user = ObjectId.GenerateNewId();
        // The disk gives out at the 1,500th document: inside the second page of 1,000.
        await ExecuteAsync((SqliteDocumentStore)store, """
            CREATE TRIGGER fail_one_write BEFORE INSERT ON external_transactions
            WHEN NEW.natural_key LIKE '%"tx-01499"%'
            BEGIN SELECT RAISE(ABORT, 'simulated write failure'); END;
            """);

        await AssertSimulatedFailureAsync(() => transactions.UpsertManyAsync(Payments(user, 2500), Cancel));

        var stored = await transactions.FindAsync(user, cancellationToken: Cancel);
        Assert.Equal(DocumentBatches.UpsertBatchSize, stored.Count);
        Assert.All(stored, t => Assert.True(string.CompareOrdinal(t.TransactionId, $"tx-{DocumentBatches.UpsertBatchSize:D5}") < 0));
    }

    [Fact]
    public async Task A_failed_page_leaves_the_stored_versions_of_its_documents_as_they_were()
    {
        await using var store = await NewStoreAsync();
        var transactions = store.Collection(OpenFinanceCollections.ExternalTransactions);
        var user = ObjectId.GenerateNewId();
        await transactions.UpsertManyAsync(Payments(user, 10, amount: -1m), Cancel);
        await ExecuteAsync((SqliteDocumentStore)store, """
            CREATE TRIGGER fail_one_write BEFORE INSERT ON external_transactions
            WHEN NEW.natural_key LIKE '%"tx-00010"%'
            BEGIN SELECT RAISE(ABORT, 'simulated write failure'); END;
            """);

        // Ten updates then one new document that cannot be written: the updates are rolled back with it.
        await AssertSimulatedFailureAsync(() => transactions.UpsertManyAsync(Payments(user, 11, amount: -2m), Cancel));

        var stored = await transactions.FindAsync(user, cancellationToken: Cancel);
        Assert.Equal(10, stored.Count);
        Assert.All(stored, t => Assert.Equal(-1m, t.Amount));
    }

    private static async Task AssertSimulatedFailureAsync(Func<Task> write)
    {
        // The engine reports a failed statement however it classifies it (a trigger's abort is a constraint error); the cause travels with it.
        var failure = await Assert.ThrowsAnyAsync<Exception>(write);
        var causes = new List<string>();
        for (var cause = failure; cause is not null; cause = cause.InnerException)
        {
            causes.Add(cause.Message);
        }
        Assert.Contains(causes, message => message.Contains("simulated write failure", StringComparison.Ordinal));
    }

    private static async Task ExecuteAsync(SqliteDocumentStore store, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={store.DatabasePath}");
        await connection.OpenAsync(Cancel);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Cancel);
    }
}

public sealed class MongoBulkUpsertTests(MongoStoreFixture fixture)
    : BulkUpsertContractTests(fixture), IClassFixture<MongoStoreFixture>
{
    [Fact]
    public async Task A_bulk_upsert_costs_one_update_command_per_page_and_reads_nothing()
    {
        var commands = new CommandLog();
        await using var store = await fixture.CreateStoreAsync(settings =>
            settings.ClusterConfigurator = cluster => cluster.Subscribe<CommandStartedEvent>(commands.Record));
        var transactions = store.Collection(OpenFinanceCollections.ExternalTransactions);
        var user = ObjectId.GenerateNewId();
        var count = DocumentBatches.UpsertBatchSize * 2 + 500;
        commands.Clear();

        await transactions.UpsertManyAsync(Payments(user, count), Cancel);
        var firstSync = commands.Names();
        commands.Clear();
        await transactions.UpsertManyAsync(Payments(user, count, amount: -20m), Cancel);
        var secondSync = commands.Names();

        Assert.Equal(["update", "update", "update"], firstSync);
        Assert.Equal(["update", "update", "update"], secondSync);
        Assert.Equal(count, await transactions.CountAsync(Cancel));
    }

    /// <summary>Command names as the driver starts them (one per round trip), minus the driver's own handshakes.</summary>
    private sealed class CommandLog
    {
        private static readonly HashSet<string> Handshakes = ["hello", "isMaster", "ismaster", "buildInfo", "saslStart", "saslContinue", "getLastError", "ping", "endSessions"];
        private readonly List<string> names = [];

        public void Record(CommandStartedEvent started)
        {
            if (Handshakes.Contains(started.CommandName))
            {
                return;
            }
            lock (names)
            {
                names.Add(started.CommandName);
            }
        }

        public void Clear()
        {
            lock (names)
            {
                names.Clear();
            }
        }

        public List<string> Names()
        {
            lock (names)
            {
                return [.. names];
            }
        }
    }
}
