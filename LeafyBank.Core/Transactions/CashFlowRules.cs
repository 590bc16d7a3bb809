using System.Buffers;

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

    /// <summary>Words in a description that mark a repayment, searched for all at once, ignoring case.</summary>
    private static readonly SearchValues<string> RepaymentWords =
        SearchValues.Create(["instalment", "installment", "mortgage repayment", "loan repayment"], StringComparison.OrdinalIgnoreCase);

    /// <summary>A debit the bank marked as a loan or mortgage repayment (its category, or "instalment"/"repayment" in the description).</summary>
    public static bool IsDebtPayment(CashFlowLine line) =>
        line.Amount < 0
        && ((line.Category is { } category && DebtPaymentCategories.Contains(category.Trim()))
            || line.Description.AsSpan().ContainsAny(RepaymentWords));

    /// <summary>
    /// Classifies every line. Transfers are found by pairing: a debit on one account and a credit
    /// of exactly the same amount and currency on another of the customer's accounts, booked at
    /// most <see cref="TransferWindow"/> apart; each credit pairs with one debit at most, the
    /// closest in time (ties: the earlier booked, then by id, so the result never depends on order read).
    /// A debit with no such credit (money sent to an account Leafy Bank does not see) stays spending.
    /// </summary>
    public static IReadOnlyDictionary<CashFlowLine, CashFlowKind> Classify(IReadOnlyCollection<CashFlowLine> lines)
    {
        // Keyed by the line itself (each is one stored transaction): hashing a record's eight
        // fields per lookup was most of the cost for a customer with thousands of lines.
        var kinds = new Dictionary<CashFlowLine, CashFlowKind>(lines.Count, ReferenceEqualityComparer.Instance);
        var credits = new Dictionary<(string Currency, decimal Amount), List<CashFlowLine>>();
        var debits = new List<(CashFlowLine Line, string Currency)>();
        foreach (var line in lines)
        {
            if (line.Amount > 0)
            {
                var key = (Normalised(line.Currency), line.Amount);
                if (!credits.TryGetValue(key, out var same))
                {
                    credits[key] = same = [];
                }
                same.Add(line);
            }
            else if (line.Amount < 0)
            {
                if (IsDebtPayment(line))
                {
                    kinds[line] = CashFlowKind.DebtPayment;
                }
                else
                {
                    debits.Add((line, Normalised(line.Currency)));
                }
            }
        }
        // Only a debit with a credit of the same amount and currency can be half of a transfer; the
        // rest are spending whatever the order. The candidates are paired in booking order, as before.
        var candidates = debits
            .Where(d => credits.ContainsKey((d.Currency, -d.Line.Amount)))
            .Select(d => d.Line)
            .OrderBy(l => l.BookingDate).ThenBy(l => l.Bank, StringComparer.Ordinal).ThenBy(l => l.TransactionId, StringComparer.Ordinal);
        foreach (var debit in candidates)
        {
            var match = credits[(Normalised(debit.Currency), -debit.Amount)]
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
                // Debt payments were marked above; what is left is money in or out.
                kinds[line] = line.Amount > 0 ? CashFlowKind.Income : CashFlowKind.Spending;
            }
        }
        return kinds;
    }

    /// <summary>The currency code as compared: trimmed, upper case (without a copy when it already is, as banks send it).</summary>
    private static string Normalised(string currency)
    {
        foreach (var c in currency)
        {
            if (c is < 'A' or > 'Z')
            {
                return currency.Trim().ToUpperInvariant();
            }
        }
        return currency;
    }
}
