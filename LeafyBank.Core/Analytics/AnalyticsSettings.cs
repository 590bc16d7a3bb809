using System.ComponentModel;
using LeafyBank.Core.Configuration;
using Microsoft.Extensions.Configuration;

namespace LeafyBank.Core.Analytics;

/// <summary>
/// How small a group of customers the cross-customer analytics may publish: every figure that
/// aggregates fewer than <see cref="MinimumCustomers"/> distinct customers is suppressed
/// (<c>LeafyBank:Analytics:MinimumCustomers</c>, alias <c>LEAFYBANK_ANALYTICS_MIN_CUSTOMERS</c>).
/// </summary>
public sealed record AnalyticsSettings
{
    public const string Section = "LeafyBank:Analytics";
    public const string MinimumCustomersKey = "LEAFYBANK_ANALYTICS_MIN_CUSTOMERS";
    public const int DefaultMinimumCustomers = 5;

    /// <summary>One customer is not a crowd: below two the suppression would protect nobody.</summary>
    public const int SmallestAllowed = 2;

    public AnalyticsSettings()
    {
    }

    public AnalyticsSettings(int minimumCustomers) => MinimumCustomers = minimumCustomers;

    [Description("a whole number of at least 2; it is the fewest distinct customers a published analytics figure may describe")]
    public int MinimumCustomers { get; set; } = DefaultMinimumCustomers;

    public static AnalyticsSettings FromConfiguration(IConfiguration configuration) =>
        SettingsRegistration.Read<AnalyticsSettings, AnalyticsSettingsValidator>(configuration, Section);
}

public sealed class AnalyticsSettingsValidator : SettingsValidator<AnalyticsSettings>
{
    public override void Check(AnalyticsSettings options)
    {
        if (options.MinimumCustomers < AnalyticsSettings.SmallestAllowed)
        {
            throw new ConfigurationException(AnalyticsSettings.MinimumCustomersKey,
                $"must be a whole number of at least {AnalyticsSettings.SmallestAllowed} (got '{options.MinimumCustomers}'); it is the fewest distinct customers a published analytics figure may describe.");
        }
    }
}
