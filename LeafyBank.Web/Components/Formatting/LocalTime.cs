using System.Globalization;
using LeafyBank.Core.Domain;

namespace LeafyBank.Web.Components.Formatting;

/// <summary>
/// Moments as the customer reads them: "30 Mar 2025, 03:00 CEST", in the customer's time zone and
/// named by its abbreviation, so a time is never silently UTC and the hour after a clock change is
/// never ambiguous.
/// </summary>
public static class LocalTime
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>"d MMM yyyy, HH:mm" in <paramref name="zone"/>, followed by the zone's abbreviation at that instant.</summary>
    public static string Moment(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        return $"{local.ToString("d MMM yyyy, HH:mm", Invariant)} {TimeZoneAbbreviations.At(zone, instant)}";
    }

    /// <summary>The same for a stored time: the store keeps UTC, so a time without a kind is read as UTC.</summary>
    public static string Moment(DateTime storedUtc, TimeZoneInfo zone) => Moment(AsUtc(storedUtc), zone);

    /// <summary><see cref="DayFormat"/>: the customer's calendar day of an instant (late evening UTC is already tomorrow in Tokyo).</summary>
    public static string Day(DateTimeOffset instant, TimeZoneInfo zone) =>
        DayFormat.Of(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime));

    public static string Day(DateTime storedUtc, TimeZoneInfo zone) => Day(AsUtc(storedUtc), zone);

    /// <summary>
    /// A recent moment as a page says it beside "now": "today at 19:36 CET", "yesterday at 21:05 EST", and from the day
    /// before that (or a moment after today, on a clock that ran ahead) the customer's day alone, "1 Dec 2026". Today and
    /// yesterday are the customer's, in <paramref name="zone"/>: a New York evening is still today there when UTC is tomorrow.
    /// </summary>
    public static string Relative(DateTime storedUtc, DateTime nowUtc, TimeZoneInfo zone)
    {
        var instant = AsUtc(storedUtc);
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(AsUtc(nowUtc), zone).DateTime);
        var day = DateOnly.FromDateTime(local.DateTime);
        var time = $"{local.ToString("HH:mm", Invariant)} {TimeZoneAbbreviations.At(zone, instant)}";
        return day == today ? $"today at {time}"
            : day == today.AddDays(-1) ? $"yesterday at {time}"
            : DayFormat.Of(day);
    }

    private static DateTimeOffset AsUtc(DateTime stored) => stored.Kind switch
    {
        DateTimeKind.Local => new DateTimeOffset(stored.ToUniversalTime(), TimeSpan.Zero),
        _ => new DateTimeOffset(DateTime.SpecifyKind(stored, DateTimeKind.Utc), TimeSpan.Zero),
    };
}
