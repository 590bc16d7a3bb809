namespace LeafyBank.Tests.Core.Analytics;

/// <summary>A real store's analytics query, counting how often the whole-database aggregation runs.</summary>
internal sealed class CountingAnalyticsQuery(IDocumentStore store) : IAnalyticsQuery
{
    private int calls;

    public int AnalyticsCalls => Volatile.Read(ref calls);

    public Task<AnalyticsSnapshot> AggregateAcrossCustomersAsync(DateTime now, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref calls);
        return IAnalyticsQuery.For(store).AggregateAcrossCustomersAsync(now, cancellationToken);
    }
}
