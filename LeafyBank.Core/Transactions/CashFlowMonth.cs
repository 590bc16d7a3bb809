namespace LeafyBank.Core.Transactions;

/// <summary>
/// Money in and out of the customer's linked accounts in one calendar month ("yyyy-MM", UTC),
/// in the base currency, positive amounts. <see cref="Spending"/> and <see cref="Income"/> are
/// per category, largest first; moves between own accounts are counted but in no total.
/// </summary>
public sealed record CashFlowMonth(
    string Month,
    IReadOnlyList<CategoryAmount> Spending,
    IReadOnlyList<CategoryAmount> Income,
    decimal DebtPayments,
    int DebtPaymentCount,
    decimal TransfersExcluded,
    int TransferCount)
{
    public decimal TotalSpending => Spending.Sum(c => c.Amount);

    public decimal TotalIncome => Income.Sum(c => c.Amount);

    public bool IsEmpty => Spending.Count == 0 && Income.Count == 0 && DebtPaymentCount == 0 && TransferCount == 0;

    /// <summary>What was spent in <paramref name="category"/> this month (zero when nothing).</summary>
    public decimal SpentOn(string category) => Spending.FirstOrDefault(c => c.Category == category)?.Amount ?? 0m;
}

/// <summary>An amount and how many transactions made it, for one category.</summary>
public sealed record CategoryAmount(string Category, decimal Amount, int Count);

/// <summary>This month so far and the whole of last month, side by side.</summary>
public sealed record CashFlowComparison(string Currency, DateOnly Today, CashFlowMonth ThisMonth, CashFlowMonth LastMonth);
