using System.Globalization;

namespace LeafyBank.Core.Domain;

/// <summary>
/// How a calendar day is written wherever a customer reads one ("3 Mar 2027"), the same in every locale. Two kinds of value
/// come here and must not be confused: a calendar date (a consent's last day as the bank granted it, a booking date), which
/// is the same day in every time zone, and an instant (when a consent was granted or ended), whose day depends on where the
/// customer is. Pages write an instant's day in the customer's zone (<c>LeafyBank.Web.Components.Formatting.LocalTime</c>);
/// only Core's own texts, which have no zone, take the UTC day of an instant (<see cref="OfUtcDay"/>).
/// </summary>
public static class DayFormat
{
    public const string Pattern = "d MMM yyyy";

    public static string Of(DateOnly day) => day.ToString(Pattern, CultureInfo.InvariantCulture);

    /// <summary>
    /// A calendar date kept in a <see cref="DateTime"/> (midnight of the day, as the store keeps a consent's last day or a
    /// booking date): the day as stored, never moved by a time zone. Not for instants: their day is the customer's.
    /// </summary>
    public static string OfCalendarDate(DateTime date) => Of(DateOnly.FromDateTime(date));

    /// <summary>
    /// The UTC day of an instant or of a calendar date stored as a <see cref="DateTime"/>, for Core's texts, which have no
    /// customer zone (a sync's message, a ledger entry's details). Internal so that the pages cannot reach it: there an
    /// instant's day is the customer's (<c>LocalTime.Day</c>) and a date's is <see cref="OfCalendarDate"/>.
    /// </summary>
    internal static string Of(DateTime at) => OfUtcDay(at);

    internal static string OfUtcDay(DateTime at) => at.ToString(Pattern, CultureInfo.InvariantCulture);
}
