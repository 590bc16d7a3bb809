namespace LeafyBank.Core.Transactions;

/// <summary>
/// The one definition of money in and out, shared by both engines: which booked transactions
/// are moves between the customer's own accounts, which are debt payments, and the rest as
/// spending (out) or income (in).
/// </summary>
public static class CashFlowRules
{
    /// <summary>How far apart the two halves of one transfer may be booked (banks book a day or two apart).</summary>
    public static readonly TimeSpan TransferWindow = TimeSpan.FromDays(3);

    /// <summary>Categories banks give loan and mortgage repayments (compared case-insensitively).</summary>
    public static readonly IReadOnlySet<string> DebtPaymentCategories = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Loan repayment", "Loan repayments", "Loan payment", "Loan", "Mortgage", "Mortgage payment", "Mortgage repayment", "Debt repayment",
    };

    /// <summary>How the dashboard explains the split, in words.</summary>
    public const string Method =
        "Moves between your own linked accounts (a payment out of one and the same amount into another within three days) " +
        "are left out; loan and mortgage repayments are shown apart from spending.";

    /// <summary>A debit the bank marked as a loan or mortgage repayment (its category, or "instalment"/"repayment" in the description).</summary>
    public static bool IsDebtPayment(CashFlowLine line) =>
        line.Amount < 0
        && ((line.Category is { } category && DebtPaymentCategories.Contains(category.Trim()))
            || line.Description.Contains("instalment", StringComparison.OrdinalIgnoreCase)
            || line.Description.Contains("installment", StringComparison.OrdinalIgnoreCase)
            || line.Description.Contains("mortgage repayment", StringComparison.OrdinalIgnoreCase)
            || line.Description.Contains("loan repayment", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Classifies every line. Transfers are found by pairing: a debit on one account and a credit
    /// of exactly the same amount and currency on another of the customer's accounts, booked at
    /// most <see cref="TransferWindow"/> apart; each credit pairs with one debit at most, the
    /// closest in time (ties: the earlier booked, then by id, so the result never depends on order read).
    /// A debit with no such credit (money sent to an account Leafy Bank does not see) stays spending.
    /// </summary>
    public static IReadOnlyDictionary<CashFlowLine, CashFlowKind> Classify(IReadOnlyCollection<CashFlowLine> lines)
    {
        var kinds = new Dictionary<CashFlowLine, CashFlowKind>();
        var credits = lines.Where(l => l.Amount > 0)
            .GroupBy(l => (l.Currency.Trim().ToUpperInvariant(), l.Amount))
            .ToDictionary(g => g.Key, g => g.ToList());
        var debits = lines.Where(l => l.Amount < 0 && !IsDebtPayment(l))
            .OrderBy(l => l.BookingDate).ThenBy(l => l.Bank, StringComparer.Ordinal).ThenBy(l => l.TransactionId, StringComparer.Ordinal);
        foreach (var debit in debits)
        {
            if (!credits.TryGetValue((debit.Currency.Trim().ToUpperInvariant(), -debit.Amount), out var candidates))
            {
                continue;
            }
            var match = candidates
                .Where(c => c.Account != debit.Account && !kinds.ContainsKey(c) && (c.BookingDate - debit.BookingDate).Duration() <= TransferWindow)
                .OrderBy(c => (c.BookingDate - debit.BookingDate).Duration())
                .ThenBy(c => c.BookingDate)
                .ThenBy(c => c.Bank, StringComparer.Ordinal)
                .ThenBy(c => c.TransactionId, StringComparer.Ordinal)
                .FirstOrDefault();
            if (match is not null)
            {
                kinds[debit] = CashFlowKind.InternalTransfer;
                kinds[match] = CashFlowKind.InternalTransfer;
            }
        }
        foreach (var line in lines)
        {
            if (!kinds.ContainsKey(line))
            {
                kinds[line] = IsDebtPayment(line) ? CashFlowKind.DebtPayment : line.Amount > 0 ? CashFlowKind.Income : CashFlowKind.Spending;
            }
        }
        return kinds;
    }
}
