using System.Globalization;

namespace LeafyBank.Core.Interop;

/// <summary>
/// What an import accepts. Anything outside these limits is refused with the rule it broke,
/// before anything is written: a file that MongoDB (or <c>mongoimport</c>, after an export)
/// could not take, or that could only be bad data, never gets half-way into the store.
/// The README's import section and <c>help</c> state the same numbers.
/// </summary>
public static class ImportLimits
{
    /// <summary>MongoDB's own limit for one document (BSON), 16 MiB.</summary>
    public const int MaxDocumentBytes = 16 * 1024 * 1024;

    /// <summary>Levels of documents and arrays, the document itself being level 1. Ours use 4; MongoDB allows 100.</summary>
    public const int MaxNestingDepth = 32;

    /// <summary>Ids, user names, bank names, statuses, types, currencies and field names.</summary>
    public const int MaxNameLength = 1_000;

    /// <summary>Narratives, collateral and addresses: free text a customer reads.</summary>
    public const int MaxNarrativeLength = 10_000;

    /// <summary>Bank tokens, encrypted or plain (a bank's JWT can be several kilobytes).</summary>
    public const int MaxTokenLength = 16_000;

    /// <summary>Any other text, such as a bank's extra fields kept in BankExtras.</summary>
    public const int MaxTextLength = 100_000;

    /// <summary>Every date in a file, opening dates included: earlier or later is a typo or a placeholder, not a date.</summary>
    public static readonly DateTime EarliestDate = new(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The last instant of 2200-12-31 (UTC).</summary>
    public static readonly DateTime LatestDate = new DateTime(2201, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMilliseconds(-1);

    /// <summary>Balances, amounts owed and property values, in the document's currency.</summary>
    public static readonly NumberRange Amount = new(-1_000_000_000_000_000m, 1_000_000_000_000_000m);

    /// <summary>Yearly interest rate in percent.</summary>
    public static readonly NumberRange InterestRatePercent = new(-100m, 1_000m);

    /// <summary>A loan's term in months (RepaymentPeriod); 0 means not stated.</summary>
    public static readonly NumberRange TermMonths = new(0m, 1_200m);

    /// <summary>A mortgage's term in years (the reference demo's AmortizationPeriod).</summary>
    public static readonly NumberRange TermYears = new(0m, 100m);

    /// <summary>The date range in words, e.g. "from 1900-01-01 to 2200-12-31 (UTC)".</summary>
    public static string DateRange => string.Create(CultureInfo.InvariantCulture,
        $"from {EarliestDate:yyyy-MM-dd} to {LatestDate:yyyy-MM-dd} (UTC)");

    public static bool IsDateInRange(DateTime utc) => utc >= EarliestDate && utc <= LatestDate;

    /// <summary>The limits, one line each, as <c>help</c> lists them and the README's import section repeats them.</summary>
    public static IReadOnlyList<string> Describe() =>
    [
        Invariant($"documents: at most {MaxDocumentBytes / (1024 * 1024)} MB as BSON, nested at most {MaxNestingDepth} levels deep, each field at most once;"),
        "field names: no '.', no leading '$' except Extended JSON type wrappers as values ($oid, $date, $numberDecimal…);",
        Invariant($"text: ids and names {MaxNameLength:N0} characters without control characters, narratives {MaxNarrativeLength:N0}, tokens {MaxTokenLength:N0}, other {MaxTextLength:N0};"),
        Invariant($"numbers: whole numbers within 64 bits, no NaN or Infinity; amounts {Amount};"),
        Invariant($"interest rates {InterestRatePercent} percent; terms {TermMonths} months (AmortizationPeriod {TermYears} years);"),
        $"dates: {DateRange}.",
    ];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
