namespace LeafyBank.Core.Persistence;

/// <summary>
/// The collections of one <see cref="IDocumentStore.RunInTransactionAsync{T}"/> call: on a store
/// with transactions every operation through them commits or aborts together; otherwise they are
/// the store's own collections and each write stands alone (callers stay idempotent either way).
/// </summary>
public interface ITransactionScope
{
    /// <summary>True when the scope's writes commit together (a MongoDB replica set or sharded cluster).</summary>
    bool IsAtomic { get; }

    IDocumentCollection<TDocument> Collection<TDocument>(DocumentKind<TDocument> kind) where TDocument : class;
}

/// <summary>The scope of a store without transactions: its own collections, one write at a time.</summary>
public sealed class StoreTransactionScope(IDocumentStore store) : ITransactionScope
{
    public bool IsAtomic => false;

    public IDocumentCollection<TDocument> Collection<TDocument>(DocumentKind<TDocument> kind) where TDocument : class =>
        store.Collection(kind);
}
