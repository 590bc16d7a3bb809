using System.Globalization;
using LeafyBank.Core.Domain;

namespace LeafyBank.Web.Components.Pages.Dashboard;

/// <summary>How the dashboard and the transaction pages write amounts, shares, rates and moments.</summary>
public static class DashboardFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Shown wherever the bank left a figure out: never a made-up value.</summary>
    public const string NotReported = "Not reported by the bank";

    /// <summary>
    /// An amount with its currency's decimals (<see cref="CurrencyMinorUnits"/>: 1,235 JPY,
    /// 1,234.56 EUR, 1.235 BHD) and the grouping and decimal marks of <paramref name="culture"/>
    /// (the current culture when not given).
    /// </summary>
    public static string Money(decimal amount, string currency, IFormatProvider? culture = null) =>
        $"{Number(amount, currency, culture)} {currency}";

    /// <summary>
    /// A signed amount: a leading minus for money out, a plus for money in. Joined to its code by a
    /// non-breaking space, as transaction rows are narrow and an amount must never wrap away from its currency.
    /// </summary>
    public static string SignedMoney(decimal amount, string currency, IFormatProvider? culture = null) =>
        (amount > 0 ? "+" : "") + Number(amount, currency, culture) + "\u00A0" + currency;

    /// <summary>
    /// The number format for amounts in files (the CSV export): no grouping, at least the
    /// currency's decimals and never fewer than the bank sent, so nothing is rounded away.
    /// </summary>
    public static string FileAmountFormat(string currency) =>
        "0." + new string('0', CurrencyMinorUnits.Of(currency)) + "############";

    private static string Number(decimal amount, string currency, IFormatProvider? culture) =>
        amount.ToString("N" + CurrencyMinorUnits.Of(currency).ToString(Invariant), culture ?? CultureInfo.CurrentCulture);

    /// <summary>A share given as a fraction (0.25) written as a percentage ("25.0 %").</summary>
    public static string Share(decimal share) => (share * 100).ToString("0.0", Invariant) + " %";

    /// <summary>
    /// Shares given as fractions (0.25), written as percentages to one decimal ("25.0 %") that add up as the fractions do
    /// (to 100.0 % when they make a whole): each is rounded down to a tenth of a percent, and the tenths still missing
    /// from the rounded total go to the shares that lost the most (largest remainder; the earlier one on a tie).
    /// A null share stays null.
    /// </summary>
    public static IReadOnlyList<string?> Shares(IReadOnlyList<decimal?> shares)
    {
        var tenths = shares.Select(share => share * 1000m).ToList();
        var floors = tenths.Select(t => t is { } value ? decimal.Floor(value) : (decimal?)null).ToArray();
        var target = decimal.Round(tenths.Sum(t => t ?? 0m), MidpointRounding.AwayFromZero);
        var missing = (int)(target - floors.Sum(f => f ?? 0m));
        foreach (var index in Enumerable.Range(0, shares.Count)
                     .Where(i => tenths[i] is not null)
                     .OrderByDescending(i => tenths[i]!.Value - floors[i]!.Value)
                     .ThenBy(i => i)
                     .Take(Math.Max(missing, 0)))
        {
            floors[index] += 1m;
        }
        return [.. floors.Select(f => f is { } value ? (value / 10m).ToString("0.0", Invariant) + " %" : null)];
    }

    /// <summary>A yearly interest rate given in percent (4.5 means 4.5 % a year).</summary>
    public static string InterestRate(decimal rate) => rate.ToString("0.###", Invariant) + " % a year";

    /// <summary>"1 GBP = 1.1935 EUR": what one unit is worth, to four places as banks quote rates.</summary>
    public static string Rate(string from, decimal rate, string to) => $"1 {from} = {rate.ToString("0.####", Invariant)} {to}";

    public static string Term(int months) =>
        months % 12 == 0 ? $"{months} months ({months / 12} years)" : $"{months} months";

    public static string Day(DateOnly day) => DayFormat.Of(day);

    /// <summary>
    /// A bank's calendar date kept in a <see cref="DateTime"/> (a booking, opening or payoff date): the same day in every time
    /// zone. Never an instant: a moment's day is the customer's (<see cref="Formatting.LocalTime.Day(DateTime, TimeZoneInfo)"/>),
    /// and a moment beside "now" is <see cref="When"/>.
    /// </summary>
    public static string Day(DateTime calendarDate) => DayFormat.OfCalendarDate(calendarDate);

    /// <summary>
    /// The one way the dashboard says when something happened: "today at 19:36 CET", "yesterday at 21:05 EST", else the day
    /// ("1 Dec 2026"), in the customer's zone (UTC when it is not known). See <see cref="Formatting.LocalTime.Relative"/>.
    /// </summary>
    public static string When(DateTime at, DateTime now, TimeZoneInfo? zone) => Formatting.LocalTime.Relative(at, now, zone ?? TimeZoneInfo.Utc);

    public static string Month(string yearMonth) =>
        DateOnly.TryParseExact(yearMonth + "-01", "yyyy-MM-dd", Invariant, DateTimeStyles.None, out var day)
            ? day.ToString("MMM yyyy", Invariant)
            : yearMonth;

    /// <summary>"5 minutes ago", "3 hours ago", "2 days ago": how old a figure is, in words.</summary>
    public static string Ago(DateTime at, DateTime now)
    {
        var age = now - at;
        if (age < TimeSpan.FromMinutes(1))
        {
            return "just now";
        }
        if (age < TimeSpan.FromHours(1))
        {
            return Plural((int)age.TotalMinutes, "minute") + " ago";
        }
        if (age < TimeSpan.FromDays(1))
        {
            return Plural((int)age.TotalHours, "hour") + " ago";
        }
        return Plural((int)age.TotalDays, "day") + " ago";
    }

    public static string Plural(long count, string noun) =>
        count == 1 ? $"1 {noun}" : $"{count.ToString("N0", Invariant)} {noun}s";

    /// <summary>
    /// An account's page, by its stored document's id (as the data API names it). Never by the bank's id for
    /// the account: at some banks that is the full account number, which the pages mask and an address would
    /// spread to browser history, server logs and other sites' referrers.
    /// </summary>
    public static string AccountHref(string reference) => $"accounts/{Uri.EscapeDataString(reference)}";
}
