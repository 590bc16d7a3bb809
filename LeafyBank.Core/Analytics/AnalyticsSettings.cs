using System.Globalization;
using LeafyBank.Core.Configuration;
using Microsoft.Extensions.Configuration;

namespace LeafyBank.Core.Analytics;

/// <summary>
/// How small a group of customers the cross-customer analytics may publish: every figure that
/// aggregates fewer than <see cref="MinimumCustomers"/> distinct customers is suppressed.
/// </summary>
public sealed record AnalyticsSettings(int MinimumCustomers)
{
    public const string MinimumCustomersKey = "LEAFYBANK_ANALYTICS_MIN_CUSTOMERS";
    public const int DefaultMinimumCustomers = 5;

    /// <summary>One customer is not a crowd: below two the suppression would protect nobody.</summary>
    public const int SmallestAllowed = 2;

    public static AnalyticsSettings FromConfiguration(IConfiguration configuration)
    {
        var text = configuration[MinimumCustomersKey];
        if (string.IsNullOrWhiteSpace(text))
        {
            return new AnalyticsSettings(DefaultMinimumCustomers);
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var minimum) || minimum < SmallestAllowed)
        {
            throw new ConfigurationException(MinimumCustomersKey,
                $"must be a whole number of at least {SmallestAllowed} (got '{text}'); it is the fewest distinct customers a published analytics figure may describe.");
        }
        return new AnalyticsSettings(minimum);
    }
}
