namespace LeafyBank.Core.Persistence;

/// <summary>
/// One storage engine behind the unified document model: the embedded SQLite store (the
/// default) or MongoDB. Everything above this interface is written once for both.
/// </summary>
public interface IDocumentStore : IAsyncDisposable
{
    /// <summary>"embedded" or "mongodb": what /health and the logs report.</summary>
    string Engine { get; }

    /// <summary>Where the data lives, without credentials (a directory or host list).</summary>
    string Location { get; }

    /// <summary>
    /// Creates tables, collections and indexes idempotently and proves the engine is reachable.
    /// Throws <see cref="StoreUnavailableException"/> with a message naming the host or path.
    /// </summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>A cheap round trip to the engine, for health checks.</summary>
    Task<StoreHealth> CheckHealthAsync(CancellationToken cancellationToken = default);

    IDocumentCollection<TDocument> Collection<TDocument>(DocumentKind<TDocument> kind)
        where TDocument : class;

    /// <summary>Whether <see cref="RunInTransactionAsync{T}"/> is atomic here (known after <see cref="InitializeAsync"/>).</summary>
    TransactionCapability TransactionCapability => TransactionCapability.Embedded;

    /// <summary>
    /// Runs <paramref name="work"/> as one multi-document transaction where the engine has them
    /// (MongoDB replica sets and sharded clusters): its writes through the scope commit together or
    /// not at all, and a transient conflict runs it again, so <paramref name="work"/> must only
    /// touch the store (no bank calls, no waits) and be safe to repeat. Elsewhere it runs once
    /// against the store's own collections, the idempotent path every caller already relies on.
    /// </summary>
    Task<T> RunInTransactionAsync<T>(Func<ITransactionScope, CancellationToken, Task<T>> work, CancellationToken cancellationToken = default) =>
        work(new StoreTransactionScope(this), cancellationToken);

    /// <summary>
    /// Pushes every instance's <c>sync_state</c> and <c>consents</c> writes, where the engine can (MongoDB change
    /// streams); null where it cannot, and live updates across instances poll instead.
    /// </summary>
    Notifications.ISyncStateChangeFeed? SyncStateChanges => null;
}

public sealed record StoreHealth(string Engine, string Location, bool Reachable, string? Error, TimeSpan Latency);
