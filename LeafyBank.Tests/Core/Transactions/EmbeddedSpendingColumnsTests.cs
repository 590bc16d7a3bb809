using Microsoft.Data.Sqlite;
using static LeafyBank.Tests.Core.Persistence.TestDocuments;

namespace LeafyBank.Tests.Core.Transactions;

/// <summary>
/// Spending and search on the embedded engine read index columns, not the BSON: the reads seek the
/// owner's booking-date range and count search matches in the page index, and a database written by
/// the version before the cash-flow columns is migrated at start-up with every figure unchanged.
/// </summary>
public sealed class EmbeddedSpendingColumnsTests(EmbeddedStoreFixture fixture) : IClassFixture<EmbeddedStoreFixture>
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private static readonly ObjectId Ada = ObjectId.Parse("65a546ae4a8f64e8f88fb89e");
    private static readonly ObjectId Grace = ObjectId.Parse("66fe219d625d93a100528224");
    private static readonly DateTime Start = new(2026, 1, 1, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Cash_flow_lines_are_a_seek_on_the_owner_and_booking_date_range()
    {
        await using var store = (SqliteDocumentStore)await fixture.CreateStoreAsync();
        await using var connection = await store.OpenAsync(Cancel);
        await using var select = EmbeddedCashFlowQuery.SelectCommand(connection, Ada, Start, Start.AddDays(90));

        var plan = await PlanAsync(select);

        Assert.Contains(plan, step => step.Contains("USING COVERING INDEX ix_external_transactions_page_covering (owner_id=? AND booking_date>? AND booking_date<?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_search_is_counted_in_the_page_index_without_reading_the_table()
    {
        await using var store = (SqliteDocumentStore)await fixture.CreateStoreAsync();
        await using var connection = await store.OpenAsync(Cancel);
        await using var count = EmbeddedTransactionQuery.CountCommand(connection, Ada, TransactionCriteria.From(new TransactionFilter(Search: "café")));

        var plan = await PlanAsync(count);

        Assert.Contains(plan, step => step.Contains("USING COVERING INDEX ix_external_transactions_page_covering (owner_id=?)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_database_written_before_the_cash_flow_columns_is_migrated_with_every_document_and_figure_unchanged()
    {
        var directory = ((SqliteDocumentStore)await fixture.CreateStoreAsync()).DataDirectory + "-before-cash-flow-columns";
        Directory.CreateDirectory(directory);
        var transactions = Enumerable.Range(0, 1203) // more than two migration batches
            .Select(i => Transaction(Ada, $"tx-{i:D4}", Start.AddHours(i), i % 12 == 0 ? 1000.5m : -(i % 40 + 0.25m),
                account: i % 2 == 0 ? "GB-1" : "GB-2", category: i % 5 == 0 ? null : $" Category {i % 4} "))
            .Append(Transaction(Grace, "grace-1", Start, -99m, account: "GB-1", category: "Other"))
            .ToList();
        // A move between Ada's own accounts: not spending before or after the migration.
        transactions.Add(Transaction(Ada, "move-out", Start.AddDays(3), -777.77m, account: "GB-1", category: "Transfer"));
        transactions.Add(Transaction(Ada, "move-in", Start.AddDays(4), 777.77m, account: "GB-2", category: "Transfer"));

        List<CategorySpending> spendingBefore;
        List<CashFlowLine> linesBefore;
        List<byte[]> documentsBefore;
        await using (var current = new SqliteDocumentStore(directory))
        {
            await current.InitializeAsync(Cancel);
            await current.Collection(OpenFinanceCollections.ExternalTransactions).UpsertManyAsync(transactions, Cancel);
            (spendingBefore, linesBefore) = await FiguresAsync(current);
            documentsBefore = await DocumentsAsync(current);
        }
        Assert.Contains(linesBefore, line => line.TransactionId == "move-out");
        Assert.NotEmpty(spendingBefore);

        await RewindToPreviousLayoutAsync(Path.Combine(directory, SqliteDocumentStore.DatabaseFileName));

        await using var migrated = new SqliteDocumentStore(directory);
        await migrated.InitializeAsync(Cancel);
        var (spendingAfter, linesAfter) = await FiguresAsync(migrated);

        Assert.Equal(spendingBefore, spendingAfter);
        Assert.Equal(linesBefore, linesAfter);
        Assert.Equal(linesBefore.Select(l => l.Amount.ToString(CultureInfo.InvariantCulture)), linesAfter.Select(l => l.Amount.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(documentsBefore, await DocumentsAsync(migrated));
        var indexes = await IndexNamesAsync(migrated);
        Assert.Contains("ix_external_transactions_page_covering", indexes);
        Assert.DoesNotContain("ix_external_transactions_page", indexes);
    }

    private static async Task<(List<CategorySpending>, List<CashFlowLine>)> FiguresAsync(SqliteDocumentStore store)
    {
        var query = new TransactionQuery(ITransactionStoreQuery.For(store), ICashFlowStoreQuery.For(store), ExchangeRates.Default);
        var spending = await query.SpendingByCategoryAsync(Ada, "USD", DateOnly.FromDateTime(Start), DateOnly.FromDateTime(Start.AddDays(60)), Cancel);
        var lines = await ICashFlowStoreQuery.For(store).GetBookedLinesAsync(Ada, Start, Start.AddDays(60), Cancel);
        return ([.. spending], [.. lines.OrderBy(l => l.TransactionId, StringComparer.Ordinal)]);
    }

    private static async Task<List<byte[]>> DocumentsAsync(SqliteDocumentStore store)
    {
        var documents = new List<byte[]>();
        await foreach (var document in store.Collection(OpenFinanceCollections.ExternalTransactions).ExportAsync(Cancel))
        {
            documents.Add(document.ToBson());
        }
        return documents;
    }

    /// <summary>
    /// The table as the previous version left it: the page index without the search text, and no
    /// amount, raw category or description columns (dropped here, so everything else is as written).
    /// </summary>
    private static async Task RewindToPreviousLayoutAsync(string path)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync(Cancel);
        await using var rewind = connection.CreateCommand();
        rewind.CommandText = """
            DROP INDEX "ix_external_transactions_page_covering";
            CREATE INDEX "ix_external_transactions_page" ON "external_transactions" (owner_id, booking_date DESC, transaction_id, bank);
            ALTER TABLE "external_transactions" DROP COLUMN amount;
            ALTER TABLE "external_transactions" DROP COLUMN category;
            ALTER TABLE "external_transactions" DROP COLUMN description;
            """;
        await rewind.ExecuteNonQueryAsync(Cancel);
    }

    private static async Task<List<string>> IndexNamesAsync(SqliteDocumentStore store)
    {
        await using var connection = await store.OpenAsync(Cancel);
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'external_transactions';";
        var names = new List<string>();
        await using var reader = await select.ExecuteReaderAsync(Cancel);
        while (await reader.ReadAsync(Cancel))
        {
            names.Add(reader.GetString(0));
        }
        return names;
    }

    private static async Task<List<string>> PlanAsync(SqliteCommand command)
    {
        command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
        var plan = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Cancel);
        while (await reader.ReadAsync(Cancel))
        {
            plan.Add(reader.GetString(3));
        }
        Xunit.TestContext.Current.TestOutputHelper?.WriteLine(string.Join(Environment.NewLine, plan));
        return plan;
    }
}
