using LeafyBank.Core.Persistence;
using LeafyBank.Core.Position;

namespace LeafyBank.Core.Analytics;

/// <summary>
/// The analyst's cross-customer report: the engine aggregates across every customer
/// (<see cref="IAnalyticsQuery"/>), <see cref="AnalyticsReportBuilder"/> converts and
/// suppresses. Callers must have checked the analyst policy; customers never reach this.
/// </summary>
public sealed class CrossCustomerAnalytics(IAnalyticsQuery query, ExchangeRates rates, AnalyticsSettings settings, TimeProvider time)
{
    public int MinimumCustomers => settings.MinimumCustomers;

    public async Task<AnalyticsReport> GetReportAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var snapshot = await query.AggregateAcrossCustomersAsync(now, cancellationToken);
        return AnalyticsReportBuilder.Build(snapshot, rates, settings.MinimumCustomers, now);
    }
}
