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
        DayFormat.Of(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    public static string Day(DateTime storedUtc, TimeZoneInfo zone) => Day(AsUtc(storedUtc), zone);

    private static DateTimeOffset AsUtc(DateTime stored) => stored.Kind switch
    {
        DateTimeKind.Local => new DateTimeOffset(stored.ToUniversalTime(), TimeSpan.Zero),
        _ => new DateTimeOffset(DateTime.SpecifyKind(stored, DateTimeKind.Utc), TimeSpan.Zero),
    };
}
