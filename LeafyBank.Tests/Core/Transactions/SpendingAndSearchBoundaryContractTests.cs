using static LeafyBank.Tests.Core.Persistence.TestDocuments;

namespace LeafyBank.Tests.Core.Transactions;

/// <summary>
/// The edges where a narrowed read could silently drop or add rows, on every engine: the first and
/// last millisecond of a spending range, a transfer half just outside it, another customer's rows
/// on the same days, the exact amounts and raw fields the cash-flow rules read, and search text
/// with accents and SQL LIKE wildcards, counted across more than one page.
/// </summary>
public abstract class SpendingAndSearchBoundaryContractTests(IStoreFixture fixture)
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private static readonly ExchangeRates Rates = new("USD", new DateOnly(2026, 1, 1), new Dictionary<string, decimal>
    {
        ["EUR"] = 1.10m,
    });

    private readonly ObjectId ada = ObjectId.GenerateNewId();
    private readonly ObjectId grace = ObjectId.GenerateNewId();

    private async Task<(IDocumentStore Store, TransactionQuery Query)> NewStoreAsync(IEnumerable<ExternalTransaction> transactions)
    {
        var store = await fixture.CreateStoreAsync();
        await store.Collection(OpenFinanceCollections.ExternalTransactions).UpsertManyAsync([.. transactions], Cancel);
        return (store, new TransactionQuery(ITransactionStoreQuery.For(store), ICashFlowStoreQuery.For(store), Rates));
    }

    private static DateTime At(int year, int month, int day, int hour = 12, int minute = 0, int second = 0, int millisecond = 0) =>
        new(year, month, day, hour, minute, second, millisecond, DateTimeKind.Utc);

    [Fact]
    public async Task Spending_counts_the_first_and_last_millisecond_of_the_range_and_nothing_outside_it_or_of_another_customer()
    {
        var (store, query) = await NewStoreAsync([
            Transaction(ada, "first-instant", At(2026, 3, 1, 0), -10m, category: "Food"),
            Transaction(ada, "just-before", At(2026, 2, 28, 23, 59, 59, 999), -1000m, category: "Food"),
            Transaction(ada, "last-instant", At(2026, 5, 29, 23, 59, 59, 999), -20m, category: "Food"),
            Transaction(ada, "just-after", At(2026, 5, 30, 0), -2000m, category: "Food"),
            Transaction(ada, "pending", At(2026, 4, 10), -3000m, status: BookingStatuses.Pending, category: "Food"),
            Transaction(ada, "dime-1", At(2026, 4, 15), -0.10m, category: "Food"),
            Transaction(ada, "dime-2", At(2026, 4, 15), -0.10m, category: "Food"),
            Transaction(ada, "dime-3", At(2026, 4, 15), -0.10m, category: "Food"),
            // A move to her own other account whose credit is booked two days after the range ends: still not spending.
            Transaction(ada, "move-out", At(2026, 5, 29, 10), -50m, category: "Food"),
            Transaction(ada, "move-in", At(2026, 5, 31, 9), 50m, account: "MB-9", category: "Food"),
            Transaction(ada, "mortgage", At(2026, 4, 1), -70m, category: "  Mortgage "),
            Transaction(grace, "grace-1", At(2026, 4, 10), -4000m, category: "Food"),
            Transaction(grace, "grace-first-instant", At(2026, 3, 1, 0), -5m, category: "Food"),
        ]);
        await using var _ = store;

        var adas = await query.SpendingByCategoryAsync(ada, "USD", new DateOnly(2026, 3, 1), new DateOnly(2026, 5, 29), Cancel);
        var graces = await query.SpendingByCategoryAsync(grace, "USD", new DateOnly(2026, 3, 1), new DateOnly(2026, 5, 29), Cancel);
        var lastDayOnly = await query.SpendingByCategoryAsync(ada, "USD", new DateOnly(2026, 5, 29), new DateOnly(2026, 5, 29), Cancel);

        Assert.Equal([
            new CategorySpending("2026-03", "Food", 11.00m, 1),
            new CategorySpending("2026-04", "Food", 0.33m, 3),
            new CategorySpending("2026-05", "Food", 22.00m, 1),
        ], adas);
        Assert.Equal([
            new CategorySpending("2026-03", "Food", 5.50m, 1),
            new CategorySpending("2026-04", "Food", 4400.00m, 1),
        ], graces);
        Assert.Equal([new CategorySpending("2026-05", "Food", 22.00m, 1)], lastDayOnly);
    }

    [Fact]
    public async Task Cash_flow_lines_carry_the_documents_fields_exactly_raw_category_and_amount_scale_included()
    {
        var (store, _) = await NewStoreAsync([
            Transaction(ada, "spaced", At(2026, 4, 2), -12.50m, category: "  Groceries "),
            Transaction(ada, "none", At(2026, 4, 3), 7m, category: null, description: "Salary"),
            Transaction(ada, "instalment", At(2026, 4, 4), -300.125m, category: "", description: "Loan instalment 3/12"),
            Transaction(ada, "outside", At(2026, 5, 4), -1m, category: "Food"),
            Transaction(grace, "grace-same-day", At(2026, 4, 2), -12.50m, category: "  Groceries "),
        ]);
        await using var _ = store;

        var lines = await ICashFlowStoreQuery.For(store).GetBookedLinesAsync(ada, At(2026, 4, 1, 0), At(2026, 5, 1, 0), Cancel);

        Assert.Equal([
            new CashFlowLine("Green Bank", "GB-1", "instalment", -300.125m, "EUR", At(2026, 4, 4), "", "Loan instalment 3/12"),
            new CashFlowLine("Green Bank", "GB-1", "none", 7m, "EUR", At(2026, 4, 3), null, "Salary"),
            new CashFlowLine("Green Bank", "GB-1", "spaced", -12.50m, "EUR", At(2026, 4, 2), "  Groceries ", "Card payment"),
        ], lines.OrderBy(l => l.TransactionId, StringComparer.Ordinal));
        // decimal equality ignores scale; the text does not (a sum of -12.50 must not print as -12.5).
        Assert.Equal(["-300.125", "7", "-12.50"], lines.OrderBy(l => l.TransactionId, StringComparer.Ordinal).Select(l => l.Amount.ToString(CultureInfo.InvariantCulture)));
        Assert.All(lines, l => Assert.Equal(DateTimeKind.Utc, l.BookingDate.Kind));
    }

    [Fact]
    public async Task Search_counts_and_pages_every_accented_match_and_never_another_customers()
    {
        // Every third of Ada's 130 is at the café: i = 0, 3, … 129, so 44 matches; Grace has the same and none may show.
        var adas = Enumerable.Range(0, 130).Select(i =>
            Transaction(ada, $"a-{i:D3}", At(2026, 1, 1).AddHours(i), -1m, merchant: i % 3 == 0 ? "Corner CAFÉ" : "Book Nook", description: "Card payment", category: "Food"));
        var graces = Enumerable.Range(0, 40).Select(i => Transaction(grace, $"g-{i:D3}", At(2026, 1, 1).AddHours(i), -1m, merchant: "Corner Café", category: "Food"));
        var (store, query) = await NewStoreAsync([.. adas, .. graces]);
        await using var _ = store;
        var expected = Enumerable.Range(0, 130).Where(i => i % 3 == 0).Reverse().Select(i => $"a-{i:D3}").ToList();

        foreach (var typed in new[] { "café", "CAFE", "cafe", "Café" })
        {
            var pages = new List<string>();
            for (var page = 1; page <= 2; page++)
            {
                var found = await query.FindAsync(ada, new TransactionFilter(Search: typed, Page: page, PageSize: 25), Cancel);
                Assert.Equal(44, found.Total);
                pages.AddRange(found.Items.Select(t => t.TransactionId));
            }
            Assert.Equal(expected, pages);
        }
    }

    [Theory]
    [InlineData("%", new[] { "percent" })]
    [InlineData("_", new[] { "underscore" })]
    [InlineData("r_s", new[] { "underscore" })]
    [InlineData("50%", new[] { "percent" })]
    [InlineData("%off", new string[0])]
    [InlineData("\\", new[] { "backslash" })]
    public async Task Search_takes_like_wildcards_and_escapes_literally(string search, string[] expected)
    {
        var (store, query) = await NewStoreAsync([
            Transaction(ada, "percent", At(2026, 2, 1), -1m, description: "50% off", category: "Food"),
            Transaction(ada, "underscore", At(2026, 2, 2), -1m, description: "under_score", category: "Food"),
            Transaction(ada, "lookalike", At(2026, 2, 3), -1m, description: "underXscore 500 off", category: "Food"),
            Transaction(ada, "backslash", At(2026, 2, 4), -1m, description: "C:\\Bills", category: "Food"),
            Transaction(grace, "grace-percent", At(2026, 2, 1), -1m, description: "50% off under_score C:\\", category: "Food"),
        ]);
        await using var _ = store;

        var found = await query.FindAsync(ada, new TransactionFilter(Search: search), Cancel);

        Assert.Equal(expected, found.Items.Select(t => t.TransactionId));
        Assert.Equal(expected.Length, found.Total);
    }
}

public sealed class EmbeddedSpendingAndSearchBoundaryContractTests(EmbeddedStoreFixture fixture)
    : SpendingAndSearchBoundaryContractTests(fixture), IClassFixture<EmbeddedStoreFixture>;

public sealed class MongoSpendingAndSearchBoundaryContractTests(MongoStoreFixture fixture)
    : SpendingAndSearchBoundaryContractTests(fixture), IClassFixture<MongoStoreFixture>;
