using System.Globalization;
using System.Text.RegularExpressions;
using LeafyBank.Core.Domain;

namespace LeafyBank.Core.Banking.Connectors;

/// <summary>
/// Every dialect's words for the same things, normalised once to the unified model's
/// vocabulary (<see cref="AccountTypes"/>, <see cref="ProductTypes"/>, <see cref="BookingStatuses"/>…).
/// Matching ignores case, spaces, dashes and underscores.
/// </summary>
internal static partial class BankValues
{
    public static string AccountType(string value) => Key(value) switch
    {
        "savings" or "saving" or "svgs" or "moma" or "savingsaccount" => AccountTypes.Savings,
        // Checking, CurrentAccount, CACC, TRAN… everything you pay from.
        _ => AccountTypes.Checking,
    };

    public static bool IsLending(string value) => Key(value) is "loan" or "mortgage";

    public static string ProductType(string value) => Key(value) switch
    {
        "mortgage" or "homeloan" => ProductTypes.Mortgage,
        _ => ProductTypes.Loan,
    };

    public static string AccountStatus(string? value) => Key(value) switch
    {
        "" or "active" or "enabled" or "open" => AccountStatuses.Active,
        "closed" or "deleted" => AccountStatuses.Closed,
        _ => AccountStatuses.Inactive,
    };

    public static string ProductStatus(string? value) => Key(value) switch
    {
        "closed" or "deleted" or "repaid" => ProductStatuses.Closed,
        _ => ProductStatuses.Active,
    };

    /// <summary>Booked, BOOKED, posted (Plaid's word) → booked; Pending, PENDING → pending.</summary>
    public static string BookingStatus(string value) => Key(value) switch
    {
        "booked" or "posted" or "settled" => BookingStatuses.Booked,
        "pending" => BookingStatuses.Pending,
        _ => throw new FormatException($"Unknown booking status '{value}'."),
    };

    /// <summary>
    /// UK Open Banking's third entry status, Rejected (<c>uk-ob-3.1.11-account-info.json</c>,
    /// <c>components/schemas/OBEntryStatus1Code</c>): an entry the bank refused, so no money moved.
    /// </summary>
    public static bool IsRejected(string value) => Key(value) == "rejected";

    /// <summary>UK Open Banking amounts are unsigned; the indicator says which way the money went.</summary>
    public static decimal Signed(decimal amount, string creditDebitIndicator) => Key(creditDebitIndicator) switch
    {
        "debit" => -Math.Abs(amount),
        "credit" => Math.Abs(amount),
        _ => throw new FormatException($"Unknown CreditDebitIndicator '{creditDebitIndicator}'."),
    };

    /// <summary>A category code such as <c>LOAN_REPAYMENT</c> or <c>groceries</c> as words: "Loan repayment", "Groceries".</summary>
    public static string? Category(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }
        var words = code.Replace('_', ' ').Trim().ToLowerInvariant();
        return char.ToUpperInvariant(words[0]) + words[1..];
    }

    /// <summary>The first entry whose type comes earliest in <paramref name="preferredTypes"/>, else the first entry.</summary>
    public static T? Preferred<T>(IReadOnlyList<T>? entries, Func<T, string> typeOf, params string[] preferredTypes) where T : class
    {
        if (entries is not { Count: > 0 })
        {
            return null;
        }
        foreach (var type in preferredTypes)
        {
            foreach (var entry in entries)
            {
                if (Key(typeOf(entry)) == Key(type))
                {
                    return entry;
                }
            }
        }
        return entries[0];
    }

    public static DateTime Utc(DateOnly date) => date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    public static DateTime Utc(DateTimeOffset moment) => moment.UtcDateTime;

    public static int YearsToMonths(int years) => checked(years * 12);

    /// <summary>ISO 8601 duration in years and months (P25Y, P5Y6M, P18M) → months.</summary>
    public static int DurationMonths(string value)
    {
        var match = DurationPattern().Match(value);
        if (!match.Success || (!match.Groups["y"].Success && !match.Groups["m"].Success))
        {
            throw new FormatException($"'{value}' is not a term in years and months.");
        }
        var years = match.Groups["y"].Success ? int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture) : 0;
        var months = match.Groups["m"].Success ? int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture) : 0;
        return checked(years * 12 + months);
    }

    [GeneratedRegex(@"^P(?:(?<y>\d{1,3})Y)?(?:(?<m>\d{1,4})M)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();

    private static string Key(string? value) =>
        string.Concat((value ?? "").Where(char.IsLetterOrDigit)).ToLowerInvariant();
}
