using LeafyBank.Web.Components.Formatting;

namespace LeafyBank.Web.Components.Pages.Connections;

/// <summary>
/// An account, loan or mortgage the bank no longer sends under the current consent, by its readable label, and since when
/// (a stored UTC moment): the day is written only where the customer's zone is known.
/// </summary>
public sealed record NoLongerSharedItem(string Text, DateTime Since)
{
    /// <summary>"Instant Saver •••• 9907, since 3 Dec 2026", the day in the customer's <paramref name="zone"/>.</summary>
    public string Label(TimeZoneInfo zone) => $"{Text}, since {LocalTime.Day(Since, zone)}";
}
