using System.Text.Json.Serialization;
using LeafyBank.Core.Domain;

namespace LeafyBank.Core.Position;

/// <summary>
/// A customer's whole financial position in their base currency: totals, breakdowns, loans,
/// green share and how fresh each institution's figures are, and which of the accounts and loans counted a
/// bank no longer shares (<see cref="NoLongerShared"/>: included at their last-read figures). Every amount named "...InBase"
/// or without a currency is in <see cref="Currency"/>; original amounts keep their currency.
/// </summary>
public sealed record GlobalPosition(
    string UserName,
    string Currency,
    decimal TotalBalance,
    decimal TotalDebt,
    decimal NetWorth,
    IReadOnlyList<InstitutionPosition> ByInstitution,
    IReadOnlyList<TypePosition> ByType,
    IReadOnlyList<CurrencyPosition> ByCurrency,
    IReadOnlyList<LoanPosition> Loans,
    GreenShare Green,
    IReadOnlyList<InstitutionFreshness> Freshness,
    ExchangeRateInfo Rates,
    IReadOnlyList<string> UnconvertedCurrencies,
    DateTime ComputedAt)
{
    /// <summary>
    /// The counted accounts and loans their bank no longer shares, by bank (balance side first): the figures above include
    /// them as last read. Empty while every bank shares everything counted.
    /// </summary>
    public IReadOnlyList<NoLongerSharedHolding> NoLongerShared { get; init; } = [];

    /// <summary>
    /// Every account and loan the figures counted, by kind, bank and the bank's own id, in ordinal order: what the position
    /// history compares a day with (<see cref="PositionHistoryRules.HoldingsOf"/>). Not part of the position the API and the
    /// CLI return, since the bank's id may be a full account number.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyList<CountedHolding> Holdings { get; init; } = [];
}

/// <summary>
/// One counted account or loan as its document is keyed (the same identity a sync writes it under, so it stays the same
/// from one read to the next): its <see cref="PositionItemKinds"/> kind, its institution's name and the bank's id for it
/// (Leafy Bank's own accounts: the account number).
/// </summary>
public sealed record CountedHolding(string Kind, string Bank, string Id);

/// <summary>
/// Balance and debt at one institution, converted to the base currency. <see cref="BalancesNotShared"/> of its
/// <see cref="Accounts"/> are accounts whose bank does not share the balance now (the consent left balances out):
/// <see cref="LastSharedBalances"/> of them still hold the last balance the bank shared, which <see cref="Balance"/>
/// includes; the others hold none (0), so <see cref="Balance"/> leaves them out.
/// </summary>
public sealed record InstitutionPosition(string Bank, decimal Balance, decimal Debt, bool Internal, int Accounts, int Products,
    int BalancesNotShared = 0, int LastSharedBalances = 0)
{
    /// <summary>Accounts whose balance is not known at all: not shared now, and never shared before.</summary>
    public int BalancesUnknown => BalancesNotShared - LastSharedBalances;
}

/// <summary>Whether a figure adds to what the customer holds or to what they owe.</summary>
public enum PositionSide
{
    Balance,
    Debt,
}

/// <summary>
/// One account type (Checking, Savings…) on the balance side or one product type (Loan,
/// Mortgage) on the debt side, converted to the base currency.
/// </summary>
public sealed record TypePosition(string Type, PositionSide Side, decimal Amount, int Count);

/// <summary>Balance and debt held in one original currency, before and after conversion.</summary>
public sealed record CurrencyPosition(string Currency, decimal Balance, decimal Debt, decimal? RateToBase, decimal? BalanceInBase, decimal? DebtInBase);

/// <summary>
/// One active loan or mortgage. Figures the bank did not report stay null and are named in
/// <see cref="NotReported"/> (by member name: InterestRate, TermMonths, OpeningDate); derived
/// figures (payment, payoff) are null when they cannot be derived honestly.
/// <see cref="Outstanding"/> and <see cref="MonthlyPayment"/> are in the loan's own
/// <see cref="Currency"/> (method: <see cref="LoanEstimates.PaymentMethod"/>);
/// <see cref="InterestRate"/> is percent per year; <see cref="ShareOfDebt"/> is a fraction of
/// the total debt (0.25 = 25 %, four decimals), null when the loan's currency cannot be converted.
/// </summary>
public sealed record LoanPosition(
    string ProductId,
    string Bank,
    string ProductType,
    string Currency,
    decimal Outstanding,
    decimal? OutstandingInBase,
    decimal? InterestRate,
    int? TermMonths,
    DateOnly? OpeningDate,
    decimal? MonthlyPayment,
    DateOnly? PayoffDate,
    decimal? ShareOfDebt,
    string? Collateral,
    string? GreenNarrative,
    IReadOnlyList<string> NotReported)
{
    /// <summary>The bank's own name for it ("Privatkredit"), null when the bank sent none.</summary>
    public string? ProductName { get; init; }

    /// <summary>What every page calls it (<see cref="AccountWords.Name(string?, string)"/>): the bank's name, else its type in words.</summary>
    public string Name => AccountWords.Name(ProductName, ProductType);

    /// <summary>
    /// The number the customer knows it by, masked to its last four characters as every page masks it ("•••• 4484",
    /// <see cref="AccountWords.Masked"/>): the bank's reported number, else its id for the loan; empty when it has neither.
    /// </summary>
    public string MaskedNumber { get; init; } = "";

    /// <summary>
    /// The stored document's id, as the data API's <c>/products</c> names it (<c>id</c>) and the loan's own page is addressed
    /// (<c>/accounts/{reference}</c>); never the bank's id, which may be a full account number. Null only for a position built
    /// without documents.
    /// </summary>
    public string? Reference { get; init; }

    /// <summary>
    /// Since when (UTC) the bank no longer sends this loan under the customer's current consent (they unticked it at the bank):
    /// its figures are as last read (<see cref="LastReadAt"/>) and no longer updated, and <see cref="MonthlyPayment"/> is
    /// estimated as of the day it was last read, not projected from that stale amount to today. Null while the bank shares it.
    /// </summary>
    public DateTime? NoLongerSharedSince { get; init; }

    /// <summary>When (UTC) the bank last sent these figures (<c>Source.RetrievedAt</c>); null for data with no source.</summary>
    public DateTime? LastReadAt { get; init; }
}

/// <summary>
/// How much of the customer's money and debt sits in products that carry a green
/// narrative, with the narratives themselves. Shares are fractions of total balance and total
/// debt (0.25 = 25 %, four decimals), null when the total is zero.
/// </summary>
public sealed record GreenShare(
    decimal GreenBalance,
    decimal GreenDebt,
    decimal? BalanceShare,
    decimal? DebtShare,
    string Method,
    IReadOnlyList<GreenNarrative> Narratives);

/// <summary>
/// A sustainability narrative a bank attached to one account or product. <see cref="BalanceShared"/> is false for an
/// account whose bank does not share its balance now: <see cref="AmountInBase"/> is then its last shared balance, or 0.
/// </summary>
public sealed record GreenNarrative(string Bank, PositionSide Side, string Id, string Type, string Narrative, decimal? AmountInBase,
    bool BalanceShared = true);

/// <summary>
/// How current one institution's figures are: Leafy Bank's own accounts are live; a linked
/// bank's are as of its last successful sync (<c>sync_state.LastSuccessAt</c>), or, with no sync
/// state (imported data), of the latest <c>Source.RetrievedAt</c>. All times UTC.
/// </summary>
public sealed record InstitutionFreshness(string Bank, bool Internal, DateTime? LastSyncedAt, DateTime? LastAttemptAt, string? LastError);

/// <summary>
/// One counted account (<see cref="PositionSide.Balance"/>) or loan or mortgage (<see cref="PositionSide.Debt"/>) that its bank
/// no longer sends under the customer's current consent (they unticked it at the bank) since <see cref="Since"/>: the totals,
/// its bank's figures and the green share include it at what was last read (<see cref="LastReadAt"/>, UTC), and it is no
/// longer updated. Named as the pages and the accounts API name it: the bank's name for it, else its type in words, and
/// its number masked to the last four characters (<see cref="Domain.AccountWords"/>), never the bank's id.
/// </summary>
public sealed record NoLongerSharedHolding(string Bank, PositionSide Side, string Type, string Name, string MaskedNumber, DateTime Since, DateTime? LastReadAt);

/// <summary>The rate table behind the conversion: its date, the method in words and each rate used.</summary>
public sealed record ExchangeRateInfo(DateOnly AsOf, string Method, IReadOnlyList<CurrencyRate> RatesUsed);

/// <summary>One unit of <see cref="Currency"/> is worth <see cref="RateToBase"/> of the base currency.</summary>
public sealed record CurrencyRate(string Currency, decimal RateToBase);
