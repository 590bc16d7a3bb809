namespace LeafyBank.Tests.Core.Persistence;

/// <summary>
/// A real store that notes, for each <see cref="IDocumentStore.RunInTransactionAsync{T}"/> call,
/// the collections its work asked the scope for; everything runs on the wrapped store's own path.
/// </summary>
public sealed class SeamRecordingStore(IDocumentStore inner) : IDocumentStore
{
    private readonly ConcurrentQueue<IReadOnlyList<string>> transactions = new();

    /// <summary>One entry per transaction: the collections reached through its scope, in order.</summary>
    public IReadOnlyList<IReadOnlyList<string>> RecordedTransactions => [.. transactions];

    public string Engine => inner.Engine;
    public string Location => inner.Location;
    public TransactionCapability TransactionCapability => inner.TransactionCapability;

    public async Task<T> RunInTransactionAsync<T>(Func<ITransactionScope, CancellationToken, Task<T>> work, CancellationToken cancellationToken = default)
    {
        var touched = new List<string>();
        var result = await inner.RunInTransactionAsync((scope, token) => work(new RecordingScope(scope, touched), token), cancellationToken);
        transactions.Enqueue(touched);
        return result;
    }

    public Task InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);

    public Task<StoreHealth> CheckHealthAsync(CancellationToken cancellationToken = default) => inner.CheckHealthAsync(cancellationToken);

    public IDocumentCollection<TDocument> Collection<TDocument>(DocumentKind<TDocument> kind) where TDocument : class => inner.Collection(kind);

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private sealed class RecordingScope(ITransactionScope scope, List<string> touched) : ITransactionScope
    {
        public bool IsAtomic => scope.IsAtomic;

        public IDocumentCollection<TDocument> Collection<TDocument>(DocumentKind<TDocument> kind) where TDocument : class
        {
            touched.Add(kind.CollectionName);
            return scope.Collection(kind);
        }
    }
}
