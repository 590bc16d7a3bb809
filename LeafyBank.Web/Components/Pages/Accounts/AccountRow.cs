using LeafyBank.Core.Domain;
using LeafyBank.Web.Components.Pages.Dashboard;

namespace LeafyBank.Web.Components.Pages.Accounts;

/// <summary>
/// One account or loan as a customer reads it: its name (the bank's, or its type in words), its
/// number masked, its type in words, the amount in its own currency and in the base currency
/// (null when the rate is not known), and for loans the terms the position derived.
/// <see cref="Reference"/> is the stored document's id: the account page's address carries it
/// instead of <see cref="Id"/>, which at some banks (and at Leafy Bank) is the full account number.
/// </summary>
public sealed record AccountRow(
    string Bank,
    bool Internal,
    bool IsLoan,
    string Id,
    string Reference,
    string Name,
    string MaskedNumber,
    string TypeText,
    string Status,
    bool IsActive,
    decimal Amount,
    string Currency,
    decimal? AmountInBase,
    string? GreenNarrative,
    DateOnly? OpeningDate,
    DateTime? RetrievedAt,
    LoanTerms? Loan)
{
    public bool IsGreen => !string.IsNullOrWhiteSpace(GreenNarrative);

    /// <summary>
    /// Whether the position's totals count it (<see cref="LeafyBank.Core.Position.PositionRules"/>): accounts not closed,
    /// active loans and mortgages. A closed account or a repaid loan is listed, but in no total.
    /// </summary>
    public bool CountsInTotals { get; init; } = true;

    /// <summary>
    /// Whether the bank shares this account's balance: when it does not, <see cref="Amount"/> is no balance at all
    /// (<see cref="BalanceSharing.NotShared"/>) or the last one shared (<see cref="BalanceSharing.LastShared"/>).
    /// </summary>
    public BalanceSharing Sharing { get; init; } = BalanceSharing.Shared;

    /// <summary>
    /// When the bank stopped sending this account or loan under the customer's current consent (they unticked it at the bank):
    /// it is kept exactly as last read (<see cref="RetrievedAt"/>) and no longer updated, as a disconnected bank's data is.
    /// Null while the bank shares it.
    /// </summary>
    public DateTime? NoLongerSharedSince { get; init; }

    /// <summary>The amount stands for nothing known: the page says "Balance not shared" in its place.</summary>
    public bool BalanceUnknown => Sharing == BalanceSharing.NotShared;

    /// <summary>Whether its amount reaches <paramref name="baseCurrency"/> only by conversion (and so is approximate there).</summary>
    public bool IsConvertedTo(string baseCurrency) => !string.Equals(Currency.Trim(), baseCurrency, StringComparison.OrdinalIgnoreCase);

    /// <summary>"Girokonto •••• 1234", as every page names an account in one line.</summary>
    public string Label => AccountWords.Label(Name, MaskedNumber);

    /// <summary>This account's page.</summary>
    public string Href => DashboardFormat.AccountHref(Reference);
}

/// <summary>A loan's or mortgage's terms; a figure the bank did not report (and that cannot be derived honestly) stays null.</summary>
public sealed record LoanTerms(decimal? InterestRate, decimal? MonthlyPayment, DateOnly? PayoffDate, int? TermMonths, string? Collateral);
