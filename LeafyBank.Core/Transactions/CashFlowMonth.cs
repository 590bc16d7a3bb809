namespace LeafyBank.Core.Transactions;

/// <summary>
/// Money in and out of the customer's linked accounts in one calendar month ("yyyy-MM", UTC),
/// in the base currency, positive amounts. <see cref="Spending"/> and <see cref="Income"/> are
/// per category, largest first; moves between own accounts are counted but in no total.
/// Every figure is of booked payments; <see cref="Pending"/> (this month only) holds what the banks
/// have not booked yet, apart, because a pending payment may still change or disappear.
/// </summary>
public sealed record CashFlowMonth(
    string Month,
    IReadOnlyList<CategoryAmount> Spending,
    IReadOnlyList<CategoryAmount> Income,
    decimal DebtPayments,
    int DebtPaymentCount,
    decimal TransfersExcluded,
    int TransferCount,
    PendingCashFlow? Pending = null)
{
    public decimal TotalSpending => Spending.Sum(c => c.Amount);

    public decimal TotalIncome => Income.Sum(c => c.Amount);

    public bool IsEmpty => Spending.Count == 0 && Income.Count == 0 && DebtPaymentCount == 0 && TransferCount == 0;

    /// <summary>What was spent in <paramref name="category"/> this month (zero when nothing).</summary>
    public decimal SpentOn(string category) => Spending.FirstOrDefault(c => c.Category == category)?.Amount ?? 0m;
}

/// <summary>
/// A month's pending payments by kind, in the base currency, positive amounts: classified by the same rules as the
/// booked ones, so a pending move between own accounts is in none of them.
/// </summary>
public sealed record PendingCashFlow(decimal Spending, int SpendingCount, decimal Income, int IncomeCount, decimal DebtPayments, int DebtPaymentCount)
{
    public static readonly PendingCashFlow None = new(0m, 0, 0m, 0, 0m, 0);

    public bool IsEmpty => SpendingCount == 0 && IncomeCount == 0 && DebtPaymentCount == 0;
}

/// <summary>An amount and how many transactions made it, for one category.</summary>
public sealed record CategoryAmount(string Category, decimal Amount, int Count);

/// <summary>This month so far and the whole of last month, side by side.</summary>
public sealed record CashFlowComparison(string Currency, DateOnly Today, CashFlowMonth ThisMonth, CashFlowMonth LastMonth);
