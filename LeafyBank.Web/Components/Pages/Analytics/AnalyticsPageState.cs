using LeafyBank.Core.Analytics;

namespace LeafyBank.Web.Components.Pages.Analytics;

/// <summary>
/// What the prerender of /analytics computed, handed to the interactive render so the
/// whole-database aggregation runs once per visit: the report and the banks' display names.
/// </summary>
public sealed record AnalyticsPageState(AnalyticsReport Report, Dictionary<string, string> BankNames);
