using MongoDB.Driver;

namespace LeafyBank.Core.Persistence.MongoDb;

/// <summary>
/// The collections of one MongoDB transaction: every command is sent in its session. They are the
/// engine's own, untranslated: the driver's <c>WithTransactionAsync</c> must see its transient errors
/// (a failover, a write conflict) to run the work again; what still fails is translated once, by
/// <see cref="MongoDocumentStore.RunInTransactionAsync{T}"/>.
/// </summary>
internal sealed class MongoTransactionScope(MongoDocumentStore store, IClientSessionHandle session) : ITransactionScope
{
    public bool IsAtomic => true;

    public IDocumentCollection<TDocument> Collection<TDocument>(DocumentKind<TDocument> kind) where TDocument : class =>
        new MongoDocumentCollection<TDocument>(store.Engine, store.Writable(kind), kind, session);
}
