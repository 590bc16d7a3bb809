using static LeafyBank.Tests.Core.Persistence.TestDocuments;

namespace LeafyBank.Tests.Core.Transactions;

/// <summary>
/// Money in and out as the dashboard shows it, on every engine: moves between the customer's own
/// accounts left out, loan repayments and income apart from spending, this month against last.
/// Figures are worked out by hand.
/// </summary>
public abstract class CashFlowContractTests(IStoreFixture fixture)
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private static readonly ExchangeRates Rates = new("USD", new DateOnly(2026, 1, 1), new Dictionary<string, decimal>
    {
        ["EUR"] = 1.10m,
    });

    private readonly ObjectId ada = ObjectId.GenerateNewId();
    private readonly ObjectId grace = ObjectId.GenerateNewId();

    // Today is 12 March 2026: this month is March so far, last month is February.
    private static readonly DateTimeOffset Today = new(2026, 3, 12, 9, 0, 0, TimeSpan.Zero);

    private async Task<(IDocumentStore Store, CashFlowQuery Query)> NewStoreAsync(params ExternalTransaction[] transactions)
    {
        var store = await fixture.CreateStoreAsync();
        foreach (var transaction in transactions)
        {
            await store.Collection(OpenFinanceCollections.ExternalTransactions).UpsertAsync(transaction, Cancel);
        }
        return (store, new CashFlowQuery(ICashFlowStoreQuery.For(store), Rates, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Today)));
    }

    private static DateTime At(int month, int day, int hour = 12) => new(2026, month, day, hour, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task A_move_between_two_of_the_customers_accounts_is_neither_spending_nor_income()
    {
        var (store, query) = await NewStoreAsync(
            Transaction(ada, "out", At(3, 2), -400m, category: "Transfer", description: "Transfer to savings", account: "CHK"),
            // The other half, a day later at another bank: the customer's own account.
            Transaction(ada, "in", At(3, 3), 400m, account: "SAV", bank: "Donau Bank", category: "Transfer", description: "Transfer from checking"),
            Transaction(ada, "food", At(3, 4), -60m, account: "CHK", category: "Groceries"));
        await using var _ = store;

        var flow = await query.ThisMonthAndLastAsync(ada, "EUR", TimeZoneInfo.Utc, Cancel);

        Assert.Equal([new CategoryAmount("Groceries", 60m, 1)], flow.ThisMonth.Spending);
        Assert.Empty(flow.ThisMonth.Income);
        Assert.Equal((400m, 1), (flow.ThisMonth.TransfersExcluded, flow.ThisMonth.TransferCount));
    }

    [Fact]
    public async Task Money_sent_to_an_account_leafy_bank_does_not_see_stays_spending_and_equal_amounts_far_apart_are_not_paired()
    {
        var (store, query) = await NewStoreAsync(
            Transaction(ada, "rent", At(3, 1), -900m, category: "Rent", account: "CHK"),
            // Same amount in, but ten days later: a refund or a coincidence, not the other half of the rent.
            Transaction(ada, "refund", At(3, 11), 900m, account: "SAV", category: "Refund"),
            // Same account both ways is never a transfer between accounts.
            Transaction(ada, "a", At(3, 5), -20m, category: "Dining", account: "CHK"),
            Transaction(ada, "b", At(3, 5, 13), 20m, category: "Refund", account: "CHK"));
        await using var _ = store;

        var flow = await query.ThisMonthAndLastAsync(ada, "EUR", TimeZoneInfo.Utc, Cancel);

        Assert.Equal([new CategoryAmount("Rent", 900m, 1), new CategoryAmount("Dining", 20m, 1)], flow.ThisMonth.Spending);
        Assert.Equal([new CategoryAmount("Refund", 920m, 2)], flow.ThisMonth.Income);
        Assert.Equal(0, flow.ThisMonth.TransferCount);
    }

    [Fact]
    public async Task Loan_repayments_and_income_are_shown_apart_from_spending_this_month_and_last()
    {
        var (store, query) = await NewStoreAsync(
            Transaction(ada, "salary-feb", At(2, 25), 3000m, category: "Salary", description: "Salary February 2026", account: "CHK"),
            Transaction(ada, "loan-feb", At(2, 3), -350m, category: "Loan repayment", description: "Car loan instalment February 2026", account: "CHK"),
            Transaction(ada, "mortgage-mar", At(3, 3), -1200m, category: "Mortgage", account: "CHK"),
            Transaction(ada, "food-feb", At(2, 10), -100m, account: "CHK", category: "Groceries"),
            Transaction(ada, "food-mar", At(3, 10), -55m, currency: "USD", account: "CHK", category: "Groceries"),
            // Pending, last year, or another customer's: none of them count.
            Transaction(ada, "pending", At(3, 11), -999m, status: BookingStatuses.Pending, account: "CHK", category: "Groceries"),
            Transaction(ada, "january", At(1, 20), -777m, account: "CHK", category: "Groceries"),
            Transaction(grace, "grace", At(3, 5), -5000m, account: "CHK", category: "Groceries"));
        await using var _ = store;

        var flow = await query.ThisMonthAndLastAsync(ada, "USD", TimeZoneInfo.Utc, Cancel);

        Assert.Equal(("2026-03", "2026-02"), (flow.ThisMonth.Month, flow.LastMonth.Month));
        Assert.Equal([new CategoryAmount("Groceries", 55m, 1)], flow.ThisMonth.Spending);
        Assert.Equal((1320m, 1), (flow.ThisMonth.DebtPayments, flow.ThisMonth.DebtPaymentCount));
        Assert.Empty(flow.ThisMonth.Income);
        Assert.Equal([new CategoryAmount("Groceries", 110m, 1)], flow.LastMonth.Spending);
        Assert.Equal((385m, 1), (flow.LastMonth.DebtPayments, flow.LastMonth.DebtPaymentCount));
        Assert.Equal([new CategoryAmount("Salary", 3300m, 1)], flow.LastMonth.Income);
    }

    [Fact]
    public async Task This_months_pending_payments_are_summed_apart_by_kind_and_a_pending_move_between_own_accounts_is_in_none()
    {
        var (store, query) = await NewStoreAsync(
            // Early in the month the instalment is still pending at the bank: the booked figure is nothing yet.
            Transaction(ada, "mortgage-mar", At(3, 10), -1200m, status: BookingStatuses.Pending, category: "Mortgage", account: "CHK"),
            Transaction(ada, "food-mar", At(3, 11), -40m, status: BookingStatuses.Pending, category: "Groceries", account: "CHK"),
            Transaction(ada, "refund-mar", At(3, 11), 15m, status: BookingStatuses.Pending, category: "Refund", account: "CHK"),
            // A move between two of her accounts, both halves still pending.
            Transaction(ada, "to-savings", At(3, 11), -300m, status: BookingStatuses.Pending, category: "Transfer", account: "CHK"),
            Transaction(ada, "into-savings", At(3, 11, 13), 300m, status: BookingStatuses.Pending, category: "Transfer", account: "SAV", bank: "Donau Bank"),
            Transaction(ada, "food-booked", At(3, 5), -55m, currency: "USD", category: "Groceries", account: "CHK"),
            // Last month's pending line and another customer's are in no figure.
            Transaction(ada, "old-pending", At(2, 27), -80m, status: BookingStatuses.Pending, category: "Groceries", account: "CHK"),
            Transaction(grace, "grace-pending", At(3, 11), -5000m, status: BookingStatuses.Pending, category: "Mortgage", account: "CHK"));
        await using var _ = store;

        var flow = await query.ThisMonthAndLastAsync(ada, "USD", TimeZoneInfo.Utc, Cancel);

        Assert.Equal(new PendingCashFlow(Spending: 44m, SpendingCount: 1, Income: 16.5m, IncomeCount: 1, DebtPayments: 1320m, DebtPaymentCount: 1),
            flow.ThisMonth.Pending);
        // The booked figures are as without the pending lines.
        Assert.Equal([new CategoryAmount("Groceries", 55m, 1)], flow.ThisMonth.Spending);
        Assert.Equal((0m, 0), (flow.ThisMonth.DebtPayments, flow.ThisMonth.DebtPaymentCount));
        Assert.Empty(flow.ThisMonth.Income);
        Assert.Null(flow.LastMonth.Pending);
        Assert.Equal(0m, flow.LastMonth.TotalSpending);
    }

    [Fact]
    public async Task Without_pending_payments_this_month_has_none()
    {
        var (store, query) = await NewStoreAsync(Transaction(ada, "food", At(3, 4), -60m, account: "CHK", category: "Groceries"));
        await using var _ = store;

        var flow = await query.ThisMonthAndLastAsync(ada, "EUR", TimeZoneInfo.Utc, Cancel);

        Assert.True(flow.ThisMonth.Pending!.IsEmpty);
    }

    [Fact]
    public async Task A_transfer_across_the_turn_of_the_month_is_left_out_of_both_months()
    {
        var (store, query) = await NewStoreAsync(
            Transaction(ada, "out", At(2, 28, 22), -250m, category: "Transfer", account: "CHK"),
            Transaction(ada, "in", At(3, 2, 8), 250m, account: "SAV", category: "Transfer"));
        await using var _ = store;

        var flow = await query.ThisMonthAndLastAsync(ada, "EUR", TimeZoneInfo.Utc, Cancel);

        Assert.Empty(flow.LastMonth.Spending);
        Assert.Empty(flow.ThisMonth.Income);
        Assert.Equal(1, flow.LastMonth.TransferCount);
    }

    [Fact]
    public async Task This_month_is_the_customers_month_so_on_the_evening_of_the_last_day_in_New_York_it_is_still_that_month()
    {
        var (store, _) = await NewStoreAsync(
            Transaction(ada, "january", At(1, 20), -30m, category: "Dining"),
            Transaction(ada, "february", At(2, 27), -70m, category: "Groceries"));
        await using var __ = store;
        // 1 March 03:00 UTC is 28 February, 22:00 in New York: March has not begun there.
        var query = new CashFlowQuery(ICashFlowStoreQuery.For(store), Rates, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 3, 0, 0, TimeSpan.Zero)));

        var inNewYork = await query.ThisMonthAndLastAsync(ada, "EUR", TimeZoneInfo.FindSystemTimeZoneById("America/New_York"), Cancel);
        var inUtc = await query.ThisMonthAndLastAsync(ada, "EUR", TimeZoneInfo.Utc, Cancel);

        Assert.Equal(("2026-02", 70m, "2026-01", 30m), (inNewYork.ThisMonth.Month, inNewYork.ThisMonth.TotalSpending, inNewYork.LastMonth.Month, inNewYork.LastMonth.TotalSpending));
        Assert.Equal(("2026-03", 0m, "2026-02", 70m), (inUtc.ThisMonth.Month, inUtc.ThisMonth.TotalSpending, inUtc.LastMonth.Month, inUtc.LastMonth.TotalSpending));
    }
}

public sealed class EmbeddedCashFlowContractTests(EmbeddedStoreFixture fixture)
    : CashFlowContractTests(fixture), IClassFixture<EmbeddedStoreFixture>;

public sealed class MongoCashFlowContractTests(MongoStoreFixture fixture)
    : CashFlowContractTests(fixture), IClassFixture<MongoStoreFixture>;
