using Microsoft.Data.Sqlite;

namespace LeafyBank.Tests.Core.Transactions;

/// <summary>
/// The embedded engine's transaction pages are seeks over index columns kept beside the BSON, and a
/// database written before those columns existed is migrated at start-up with nothing lost.
/// </summary>
public sealed class EmbeddedTransactionPagesTests(EmbeddedStoreFixture fixture) : IClassFixture<EmbeddedStoreFixture>
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private static readonly ObjectId Ada = ObjectId.Parse("65a546ae4a8f64e8f88fb89e");
    private static readonly ObjectId Grace = ObjectId.Parse("66fe219d625d93a100528224");

    [Theory]
    [InlineData(null, null, "ix_external_transactions_page_covering")]
    [InlineData("Green Bank", "GB-1", "ix_external_transactions_account_page")]
    public async Task A_page_is_read_through_an_index_in_page_order_without_sorting(string? bank, string? account, string index)
    {
        await using var store = (SqliteDocumentStore)await fixture.CreateStoreAsync();
        var criteria = TransactionCriteria.From(new TransactionFilter(Bank: bank, AccountId: account));
        await using var connection = await store.OpenAsync(Cancel);
        await using var select = EmbeddedTransactionQuery.SelectCommand(connection, Ada, criteria, paged: true);
        select.CommandText = "EXPLAIN QUERY PLAN " + select.CommandText;

        var plan = new List<string>();
        await using (var reader = await select.ExecuteReaderAsync(Cancel))
        {
            while (await reader.ReadAsync(Cancel))
            {
                plan.Add(reader.GetString(3));
            }
        }

        Xunit.TestContext.Current.TestOutputHelper?.WriteLine(string.Join(Environment.NewLine, plan));
        Assert.Contains(plan, step => step.Contains($"USING INDEX {index}", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN", StringComparison.Ordinal) && !step.Contains("INDEX", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_database_written_before_the_index_columns_is_migrated_at_start_up_with_nothing_lost()
    {
        var directory = ((SqliteDocumentStore)await fixture.CreateStoreAsync()).DataDirectory + "-earlier";
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, SqliteDocumentStore.DatabaseFileName);
        var total = 1203; // more than two migration batches
        await WriteEarlierVersionDatabaseAsync(path, total);

        await using var store = new SqliteDocumentStore(directory);
        await store.InitializeAsync(Cancel);
        var query = new TransactionQuery(ITransactionStoreQuery.For(store), ICashFlowStoreQuery.For(store), ExchangeRates.Default);

        var first = await query.FindAsync(Ada, new TransactionFilter(PageSize: 3), Cancel);
        Assert.Equal(total, first.Total);
        Assert.Equal(["tx-1202", "tx-1201", "tx-1200"], first.Items.Select(t => t.TransactionId));
        var accented = await query.FindAsync(Ada, new TransactionFilter(Search: "cafe"), Cancel);
        // Every third of Ada's: tx-0, tx-3, … tx-1200.
        Assert.Equal(401, accented.Total);
        Assert.All(accented.Items, t => Assert.Equal("Café Central", t.Description));
        Assert.Equal(["Green Bank"], (await query.GetChoicesAsync(Ada, Cancel)).Banks);
        Assert.Equal(1, (await query.FindAsync(Grace, new TransactionFilter(), Cancel)).Total);

        // Every document keeps what it had, including fields this version does not know, and gains the search field.
        var exported = new List<BsonDocument>();
        await foreach (var document in store.Collection(OpenFinanceCollections.ExternalTransactions).ExportAsync(Cancel))
        {
            exported.Add(document);
        }
        Assert.Equal(total + 1, exported.Count);
        Assert.All(exported, document =>
        {
            Assert.Equal("kept", document["BankReference"].AsString);
            Assert.True(document.Contains("SearchText"));
        });

        // A second start finds nothing left to do and changes nothing.
        await using var reopened = new SqliteDocumentStore(directory);
        await reopened.InitializeAsync(Cancel);
        Assert.Equal(total, (await new TransactionQuery(ITransactionStoreQuery.For(reopened), ICashFlowStoreQuery.For(reopened), ExchangeRates.Default).FindAsync(Ada, new TransactionFilter(), Cancel)).Total);
    }

    /// <summary>The transactions table as versions before the index columns wrote it: id, natural key, owner and the BSON only.</summary>
    private static async Task WriteEarlierVersionDatabaseAsync(string path, int count)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync(Cancel);
        await using var transaction = connection.BeginTransaction();
        await using (var create = connection.CreateCommand())
        {
            create.Transaction = transaction;
            create.CommandText = """
                CREATE TABLE "external_transactions" (id TEXT NOT NULL PRIMARY KEY, natural_key TEXT NOT NULL, owner_id TEXT NOT NULL, doc BLOB NOT NULL);
                CREATE UNIQUE INDEX "ux_external_transactions_natural_key" ON "external_transactions" (natural_key);
                CREATE INDEX "ix_external_transactions_owner" ON "external_transactions" (owner_id);
                """;
            await create.ExecuteNonQueryAsync(Cancel);
        }
        var start = new DateTime(2023, 1, 1, 8, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i <= count; i++)
        {
            var owner = i == count ? Grace : Ada;
            var document = new BsonDocument
            {
                ["_id"] = ObjectId.GenerateNewId(),
                ["TransactionId"] = i == count ? "grace-1" : $"tx-{i}",
                ["TransactionBank"] = "Green Bank",
                ["AccountId"] = "GB-1",
                ["TransactionUser"] = new BsonDocument { ["UserName"] = owner.ToString(), ["UserId"] = owner },
                ["BookingStatus"] = "booked",
                ["Amount"] = new BsonDecimal128(-1.5m),
                ["Currency"] = "EUR",
                ["BookingDate"] = start.AddHours(i),
                ["Description"] = i % 3 == 0 ? "Café Central" : "Card payment",
                ["BankReference"] = "kept",
            };
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """INSERT INTO "external_transactions" (id, natural_key, owner_id, doc) VALUES ($id, $key, $owner, $doc);""";
            insert.Parameters.AddWithValue("$id", document["_id"].AsObjectId.ToString());
            insert.Parameters.AddWithValue("$key", NaturalKeys.Encode([owner, "Green Bank", document["TransactionId"]]));
            insert.Parameters.AddWithValue("$owner", owner.ToString());
            insert.Parameters.AddWithValue("$doc", document.ToBson());
            await insert.ExecuteNonQueryAsync(Cancel);
        }
        await transaction.CommitAsync(Cancel);
    }
}
