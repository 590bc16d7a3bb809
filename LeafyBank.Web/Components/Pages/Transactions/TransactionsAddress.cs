using System.Globalization;
using System.Text.RegularExpressions;
using LeafyBank.Core.Domain;
using LeafyBank.Core.Transactions;
using LeafyBank.Web.Components.Pages.Dashboard;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace LeafyBank.Web.Components.Pages.Transactions;

/// <summary>
/// Everything the transactions page shows, as the address spells it (<c>/transactions?bank=…&amp;from=…</c>),
/// so a reload, a shared link or Back restores the same list. Values are kept as typed, so a
/// mistake can be shown back to the customer next to what is wrong with it; <see cref="Read"/>
/// turns them into a <see cref="TransactionFilter"/> or into problems in words. The CSV export
/// reads the same keys.
/// </summary>
public sealed record TransactionsAddress(
    string? Search = null,
    string? Bank = null,
    string? Account = null,
    string? Category = null,
    string? From = null,
    string? To = null,
    string? MinAmount = null,
    string? MaxAmount = null,
    string? Status = null,
    int Page = 1)
{
    public const string PagePath = "transactions";
    public const string ExportPath = "transactions/export.csv";
    public const int MaxSearchLength = 100;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Reads the keys of a query string (with or without its leading '?'); unknown keys are ignored.</summary>
    public static TransactionsAddress Parse(string? query)
    {
        var values = QueryHelpers.ParseQuery(query);
        string? Value(string key) => values.TryGetValue(key, out var value) && !StringValues.IsNullOrEmpty(value) ? value[0] : null;
        return new TransactionsAddress(
            Value("q"), Value("bank"), Value("account"), Value("category"), Value("from"), Value("to"),
            Value("min"), Value("max"), Value("status"),
            int.TryParse(Value("page"), NumberStyles.None, Invariant, out var page) && page >= 1 ? page : 1);
    }

    public static TransactionsAddress FromUri(string uri) =>
        Parse(Uri.TryCreate(uri, UriKind.Absolute, out var absolute) ? absolute.Query : null);

    /// <summary>The query string for these values, empty ones left out, page 1 implied.</summary>
    public string ToQueryString()
    {
        var pairs = new List<KeyValuePair<string, string?>>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                pairs.Add(new(key, value.Trim()));
            }
        }
        Add("q", Search);
        Add("bank", Bank);
        Add("account", Account);
        Add("category", Category);
        Add("from", From);
        Add("to", To);
        Add("min", MinAmount);
        Add("max", MaxAmount);
        Add("status", Status);
        if (Page > 1)
        {
            Add("page", Page.ToString(Invariant));
        }
        return QueryString.Create(pairs).ToString();
    }

    /// <summary>The page's address for these values (relative to the app's base).</summary>
    public string PageHref => PagePath + ToQueryString();

    /// <summary>The CSV of the same list (every page of it).</summary>
    public string ExportHref => ExportPath + (this with { Page = 1 }).ToQueryString();

    public bool HasFilters => this with { Page = 1 } != new TransactionsAddress();

    /// <summary>
    /// The filter these values ask for, or the problems that stop it, each in words that say what
    /// to do. Nothing is guessed: a value that cannot be read is a problem, never silently dropped.
    /// <paramref name="accounts"/> turns the account's reference into the bank's id for it (see <see cref="TransactionAccountNames.AccountOf"/>).
    /// </summary>
    public (TransactionFilter? Filter, IReadOnlyList<AddressProblem> Problems) Read(int pageSize, TransactionAccountNames accounts)
    {
        var problems = new List<AddressProblem>();
        var from = ReadDate("from", From, "start date", problems);
        var to = ReadDate("to", To, "end date", problems);
        if (from > to)
        {
            problems.Add(new("from",
                $"The start date ({DashboardFormat.Day(from.Value)}) is after the end date ({DashboardFormat.Day(to.Value)}). Choose an end date on or after the start date, or clear one of them."));
        }
        var min = ReadAmount("min", MinAmount, "Amount from", problems);
        var max = ReadAmount("max", MaxAmount, "Amount to", problems);
        if (min > max)
        {
            problems.Add(new("min",
                $"\u201CAmount from\u201D ({min.Value.ToString(Invariant)}) is more than \u201CAmount to\u201D ({max.Value.ToString(Invariant)}). Swap them, or clear one of them."));
        }
        var status = Trimmed(Status)?.ToLowerInvariant();
        if (status is not (null or BookingStatuses.Booked or BookingStatuses.Pending))
        {
            problems.Add(new("status", $"\u201C{Status}\u201D is not a status we know. Choose All, Booked or Pending."));
        }
        var search = Trimmed(Search);
        if (search is { Length: > MaxSearchLength })
        {
            search = search[..MaxSearchLength];
        }
        if (problems.Count > 0)
        {
            return (null, problems);
        }
        var (accountBank, accountId) = Trimmed(Account) is { } account ? accounts.AccountOf(account) : (null, null);
        return (new TransactionFilter(
            Bank: accountBank ?? Trimmed(Bank),
            AccountId: accountId,
            BookingStatus: status,
            Search: search,
            From: from,
            To: to,
            Page: Page,
            PageSize: pageSize,
            Category: Trimmed(Category),
            MinAmount: min,
            MaxAmount: max), problems);
    }

    private static DateOnly? ReadDate(string key, string? text, string name, List<AddressProblem> problems)
    {
        if (Trimmed(text) is not { } value)
        {
            return null;
        }
        if (TypedDay.TryRead(value, out var day))
        {
            return day;
        }
        problems.Add(new(key, $"The {name} \"{value}\" is not a date we can read. Type the day, the month’s name and the year, such as {TypedDay.Example}."));
        return null;
    }

    private static decimal? ReadAmount(string key, string? text, string label, List<AddressProblem> problems)
    {
        if (Trimmed(text) is not { } value)
        {
            return null;
        }
        if (value[0] is '-' or '\u2212')
        {
            problems.Add(new(key, $"Write \u201C{label}\u201D without a minus sign: it finds money in and out alike (25 finds \u221225.00 and +25.00)."));
            return null;
        }
        if (!TryReadAmount(value.TrimStart('+'), out var amount))
        {
            problems.Add(new(key, $"\u201C{label}\u201D: \u201C{value}\u201D is not an amount we can read. Write it with digits, such as 25, 25.50 or 1,500.50."));
            return null;
        }
        return amount;
    }

    // Amounts as people write them: "1500", "1,500.50" (commas between thousands), and with a decimal comma "25,50" or
    // "1.500,50". A comma followed by three digits is read as thousands, as the app writes amounts ("1,500.00").
    private static readonly Regex PointDecimal = new(@"^(\d+|\d{1,3}(,\d{3})+)(\.\d+)?$", RegexOptions.CultureInvariant);
    private static readonly Regex CommaDecimal = new(@"^(\d+|\d{1,3}(\.\d{3})+),\d{1,2}$", RegexOptions.CultureInvariant);

    private static bool TryReadAmount(string value, out decimal amount)
    {
        var digits = PointDecimal.IsMatch(value) ? value.Replace(",", "", StringComparison.Ordinal)
            : CommaDecimal.IsMatch(value) ? value.Replace(".", "", StringComparison.Ordinal).Replace(',', '.')
            : null;
        amount = 0m;
        return digits is not null && decimal.TryParse(digits, NumberStyles.AllowDecimalPoint, Invariant, out amount);
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>Something in the address the page cannot use: the key it is under and what to do about it.</summary>
public sealed record AddressProblem(string Key, string Message);
