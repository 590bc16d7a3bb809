namespace LeafyBank.Tests.Web;

/// <summary>
/// A real store whose health check answers what the test says, when the test says: everything
/// else (initialisation, collections, positions) goes to the wrapped store.
/// </summary>
public sealed class StubHealthStore(IDocumentStore inner) : IDocumentStore
{
    private readonly TaskCompletionSource<StoreHealth> health = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Engine => inner.Engine;
    public string Location => inner.Location;

    public StubHealthStore AnswerUnreachable(string error)
    {
        health.TrySetResult(new StoreHealth(inner.Engine, inner.Location, false, error, TimeSpan.FromMilliseconds(3)));
        return this;
    }

    /// <summary>How many times something asked this store for its health.</summary>
    public int HealthChecks => Volatile.Read(ref healthChecks);

    private int healthChecks;

    public Task<StoreHealth> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref healthChecks);
        return health.Task.WaitAsync(cancellationToken);
    }

    public Task InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);

    public IDocumentCollection<TDocument> Collection<TDocument>(DocumentKind<TDocument> kind) where TDocument : class =>
        inner.Collection(kind);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
