using LeafyBank.Core.Persistence;

namespace LeafyBank.Core.Analytics;

/// <summary>
/// The one cross-customer read of the app outside background jobs: sums and distinct-customer
/// counts over every customer's linked data, for the analyst's page only. Each engine computes
/// them its own way (aggregation pipelines on MongoDB, in process on the embedded store) from
/// the shared definitions in <see cref="AnalyticsRules"/>. The result carries group keys
/// (bank, type, currency), amounts and counts — never a customer, user name or account id.
/// </summary>
public interface IAnalyticsQuery
{
    /// <param name="now">The moment connection health is judged at (expired, expiring soon).</param>
    Task<AnalyticsSnapshot> AggregateAcrossCustomersAsync(DateTime now, CancellationToken cancellationToken = default);

    /// <summary>The engine's own implementation, for code that holds a store rather than a container.</summary>
    static IAnalyticsQuery For(IDocumentStore store) =>
        store.ForEngine<IAnalyticsQuery>(mongo => new MongoAnalyticsQuery(mongo), embedded => new EmbeddedAnalyticsQuery(embedded));
}

/// <summary>The engine's raw aggregates, before conversion and suppression (<see cref="AnalyticsReportBuilder"/>).</summary>
public sealed record AnalyticsSnapshot(
    IReadOnlyList<AmountCell> Amounts,
    IReadOnlyList<CustomerCount> Customers,
    IReadOnlyList<ConnectionHealthCount> Connections);

/// <summary>The sum and number of items of one measure at one bank, of one type, in one currency, green or not.</summary>
public sealed record AmountCell(string Measure, string Bank, string Type, string Currency, bool Green, decimal Amount, int Items);

/// <summary>
/// How many distinct customers one group holds (<see cref="AnalyticsDimensions"/>), and how many
/// of them have at least one green item and at least one item that is not green.
/// </summary>
public sealed record CustomerCount(string Dimension, string Measure, string Bank, string Type, int Customers, int GreenCustomers, int NonGreenCustomers);

/// <summary>How many customers' connections to one bank (directory id) are in one health state.</summary>
public sealed record ConnectionHealthCount(string Bank, string Health, int Connections);
