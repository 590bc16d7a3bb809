namespace LeafyBank.Tests.Core.Analytics;

/// <summary>A real store that counts how often the whole-database analytics aggregation runs.</summary>
internal sealed class CountingAnalyticsStore(IDocumentStore inner) : IDocumentStore, IAnalyticsQuery
{
    private int calls;

    public int AnalyticsCalls => Volatile.Read(ref calls);

    public string Engine => inner.Engine;

    public string Location => inner.Location;

    public Task InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);

    public Task<StoreHealth> CheckHealthAsync(CancellationToken cancellationToken = default) => inner.CheckHealthAsync(cancellationToken);

    public IDocumentCollection<TDocument> Collection<TDocument>(DocumentKind<TDocument> kind) where TDocument : class => inner.Collection(kind);

    public Task<AnalyticsSnapshot> AggregateAcrossCustomersAsync(DateTime now, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref calls);
        return IAnalyticsQuery.For(inner).AggregateAcrossCustomersAsync(now, cancellationToken);
    }

    // The inner store belongs to the test that made it.
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
