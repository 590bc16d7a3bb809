using LeafyBank.Core.Domain;

namespace LeafyBank.Core.Customers;

/// <summary>
/// Which day it is for a customer: days in their history (the net-worth chart, the daily snapshot)
/// begin at midnight where they are (<see cref="LeafyUser.TimeZone"/>), not at midnight UTC, so a
/// figure recorded at 00:30 in Berlin or at 20:00 in New York carries the date the customer sees.
/// </summary>
public static class CustomerCalendar
{
    /// <summary>
    /// The longest zone id worth looking up: IANA ids are short ("America/Argentina/ComodRivadavia" is among the
    /// longest), and one that arrives from a browser is the customer's to edit.
    /// </summary>
    public const int LongestZoneId = 64;

    /// <summary>The customer's time zone; UTC when none is known or this server does not know the one stored.</summary>
    public static TimeZoneInfo ZoneOf(LeafyUser user) =>
        user.TimeZone is { Length: > 0 } id && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>The customer's calendar date at <paramref name="instant"/>.</summary>
    public static DateOnly DayOf(LeafyUser user, DateTimeOffset instant) => DayIn(ZoneOf(user), instant);

    /// <summary>The calendar date in <paramref name="zone"/> at <paramref name="instant"/>.</summary>
    public static DateOnly DayIn(TimeZoneInfo zone, DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>
    /// The first instant after <paramref name="instant"/> at which the date in <paramref name="zone"/> changes
    /// (its next midnight; where a clock change skips midnight, the first time that exists; where one repeats
    /// midnight, the first of the two).
    /// </summary>
    public static DateTimeOffset NextMidnightIn(TimeZoneInfo zone, DateTimeOffset instant)
    {
        var midnight = TimeZoneInfo.ConvertTime(instant, zone).Date.AddDays(1);
        while (zone.IsInvalidTime(midnight))
        {
            midnight = midnight.AddMinutes(15);
        }
        // Of a repeated hour's two offsets the larger is the earlier instant (the clocks had not yet gone back).
        var offset = zone.IsAmbiguousTime(midnight) ? zone.GetAmbiguousTimeOffsets(midnight).Max() : zone.GetUtcOffset(midnight);
        return new DateTimeOffset(midnight, offset);
    }
}
