using LeafyBank.Core.Customers;

namespace LeafyBank.Web.Components.Formatting;

/// <summary>
/// The signed-in customer's time zone for this circuit (scoped). It comes from the browser: a
/// module (<c>wwwroot/js/preferences.js</c>) reads the browser's IANA zone and keeps it in the
/// <see cref="CookieName"/> cookie, which <c>App.razor</c> reads at prerender, so the first render
/// already shows local times. Until the browser has said, and for a zone this server does not
/// know, times are shown in UTC (and say so).
/// </summary>
public sealed class CustomerTimeZone(TimeProvider clock)
{
    public const string CookieName = "leafybank-time-zone";

    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    /// <summary>True once the browser (or its cookie) has named a zone this server knows; until then <see cref="Zone"/> is UTC by default.</summary>
    public bool IsKnown { get; private set; }

    /// <summary>Raised when the browser's zone turned out to differ from what the page was rendered with.</summary>
    public event Action? Changed;

    /// <summary>The customer's "now", on the app's clock.</summary>
    public DateTimeOffset Now => TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Zone);

    /// <summary>Switches to <paramref name="ianaZoneId"/>; an empty or unknown id leaves the zone as it is. True when the zone changed.</summary>
    public bool Use(string? ianaZoneId)
    {
        if (string.IsNullOrWhiteSpace(ianaZoneId) || ianaZoneId.Length > CustomerCalendar.LongestZoneId
            || !TimeZoneInfo.TryFindSystemTimeZoneById(ianaZoneId, out var zone))
        {
            return false;
        }
        IsKnown = true;
        if (zone.Id == Zone.Id)
        {
            return false;
        }
        Zone = zone;
        Changed?.Invoke();
        return true;
    }

    /// <summary>"30 Mar 2025, 03:00 CEST" in the customer's zone.</summary>
    public string Moment(DateTimeOffset instant) => LocalTime.Moment(instant, Zone);

    public string Moment(DateTime storedUtc) => LocalTime.Moment(storedUtc, Zone);

    public string Day(DateTimeOffset instant) => LocalTime.Day(instant, Zone);

    public string Day(DateTime storedUtc) => LocalTime.Day(storedUtc, Zone);
}
