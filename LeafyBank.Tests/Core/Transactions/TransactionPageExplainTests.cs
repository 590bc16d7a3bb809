using static LeafyBank.Tests.Core.Persistence.TestDocuments;

namespace LeafyBank.Tests.Core.Transactions;

/// <summary>
/// With a real MongoDB, <c>explain</c> shows a transaction page read in page order from an index
/// that ends with the order's tie-breakers: the winning plan has no SORT stage (no in-memory sort,
/// whatever the customer's history holds). A server that cannot explain makes the test skip with
/// that reason: it cannot pass without evidence.
/// </summary>
public sealed class TransactionPageExplainTests(MongoStoreFixture fixture) : IClassFixture<MongoStoreFixture>
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(null, null, null, "ix_external_transactions_user_date_id")]
    [InlineData("Green Bank", "GB-1", null, "ix_external_transactions_user_account_date_id")]
    [InlineData(null, null, "booked", "ix_external_transactions_user_date_id")]
    public async Task A_transaction_page_is_read_in_order_from_an_index_without_an_in_memory_sort(string? bank, string? account, string? status, string index)
    {
        await using var store = (MongoDocumentStore)await fixture.CreateStoreAsync();
        var ada = ObjectId.GenerateNewId();
        await WriteHistoryAsync(store, ada, ObjectId.GenerateNewId());
        var criteria = TransactionCriteria.From(new TransactionFilter(Bank: bank, AccountId: account, BookingStatus: status,
            From: status is null ? null : new DateOnly(2026, 1, 10), Page: 2, PageSize: 25));
        var args = new RenderArgs<ExternalTransaction>(BsonSerializer.LookupSerializer<ExternalTransaction>(), BsonSerializer.SerializerRegistry);

        var explained = await MongoExplain.ExplainAsync(store, new BsonDocument
        {
            { "find", OpenFinanceCollections.ExternalTransactions.CollectionName },
            { "filter", MongoTransactionQuery.BuildFilter(ada, criteria).Render(args) },
            { "sort", MongoTransactionQuery.NewestFirst.Render(args) },
            { "skip", criteria.Skip },
            { "limit", criteria.PageSize },
        }, "the page's plan", Cancel);
        if (explained.GetValue("queryPlanner", BsonNull.Value) is not BsonDocument planner || !planner.Contains("winningPlan"))
        {
            Assert.Skip("This MongoDB server's explain output has no query plan (queryPlanner.winningPlan); run against MongoDB 4.4+ to check the page's plan.");
        }

        var winning = MongoExplain.Stages(explained["queryPlanner"]["winningPlan"]).ToList();
        Xunit.TestContext.Current.TestOutputHelper?.WriteLine(explained["queryPlanner"]["winningPlan"].ToJson());
        Assert.DoesNotContain(winning, stage => stage["stage"].AsString is "SORT" or "SORT_MERGE");
        Assert.Contains(winning, stage => stage["stage"].AsString == "IXSCAN" && stage.GetValue("indexName", "").ToString() == index);
    }

    /// <summary>Ada: 120 transactions over two banks and three accounts, booked and pending; someone else: 20.</summary>
    private static async Task WriteHistoryAsync(IDocumentStore store, ObjectId ada, ObjectId other)
    {
        var transactions = new List<ExternalTransaction>();
        var start = new DateTime(2026, 1, 1, 9, 0, 0, DateTimeKind.Utc);
        string[] accounts = ["GB-1", "GB-2", "MB-1"];
        for (var i = 0; i < 120; i++)
        {
            var account = accounts[i % 3];
            transactions.Add(Transaction(ada, $"a-{i:D3}", start.AddHours(i * 7 / 2), -12.5m, account: account,
                bank: account.StartsWith("GB", StringComparison.Ordinal) ? "Green Bank" : "MongoDB Bank", status: i % 10 == 0 ? BookingStatuses.Pending : BookingStatuses.Booked));
        }
        for (var i = 0; i < 20; i++)
        {
            transactions.Add(Transaction(other, $"o-{i:D3}", start.AddHours(i), -12.5m));
        }
        await store.Collection(OpenFinanceCollections.ExternalTransactions).UpsertManyAsync(transactions, Cancel);
    }
}
