namespace LeafyBank.Core.Analytics;

/// <summary>
/// Cross-customer analytics for the analyst: deposits and debt per external bank, product mix,
/// green share and connection health. Amounts are in <see cref="Currency"/>. Every figure that
/// aggregates fewer than <see cref="MinimumCustomers"/> distinct customers is suppressed (see
/// <see cref="Figure"/>), and nothing here identifies a customer, a user name or an account.
/// </summary>
public sealed record AnalyticsReport(
    string Currency,
    int MinimumCustomers,
    DateOnly RatesAsOf,
    string RatesMethod,
    string SuppressionMethod,
    DateTime ComputedAt,
    Figure Customers,
    Figure TotalDeposits,
    Figure TotalDebt,
    IReadOnlyList<BankAnalytics> Banks,
    IReadOnlyList<ProductMixEntry> ProductMix,
    IReadOnlyList<GreenShareEntry> Green,
    IReadOnlyList<ConnectionHealthEntry> Connections,
    IReadOnlyList<string> UnconvertedCurrencies)
{
    /// <summary>No customer has linked anything yet.</summary>
    public bool IsEmpty => Banks.Count == 0 && Connections.Count == 0;
}

/// <summary>
/// One published figure: how many distinct customers it aggregates, how many accounts or
/// products, and their amount — or, when the group is too small (or its figure could be derived
/// from the ones shown), only <see cref="Suppressed"/>, never the numbers.
/// </summary>
public sealed record Figure(int? Customers, int? Items, decimal? Amount, string? Suppressed)
{
    public bool IsSuppressed => Suppressed is not null;

    public static Figure Hidden(string reason) => new(null, null, null, reason);
}

/// <summary>Deposits and debt at one external bank, and how many customers hold anything there.</summary>
public sealed record BankAnalytics(string Bank, Figure Customers, Figure Deposits, Figure Debt);

public enum ProductMixKind
{
    /// <summary>Accounts counted as deposits, by account type.</summary>
    Account,
    /// <summary>Loans and mortgages counted as debt, by product type.</summary>
    Debt,
    /// <summary>Other products still held, by product type.</summary>
    OtherProduct,
}

public sealed record ProductMixEntry(string Type, ProductMixKind Kind, Figure Figure);

/// <summary>
/// Green share of one bank (or of all banks when <see cref="Bank"/> is null): deposits and debt
/// in items carrying a green narrative against the total. A share is null when either figure
/// behind it is suppressed or the total is zero.
/// </summary>
public sealed record GreenShareEntry(string? Bank, Figure GreenDeposits, Figure Deposits, decimal? DepositShare, Figure GreenDebt, Figure Debt, decimal? DebtShare);

/// <summary>Customers' connections to one bank (directory id) by health; each customer counts once per bank.</summary>
public sealed record ConnectionHealthEntry(string Bank, Figure Connections, Figure Active, Figure ExpiringSoon, Figure ExpiredOrRevoked, Figure Failing);
