using MongoDB.Driver;

namespace LeafyBank.Core.Persistence.MongoDb;

/// <summary>The collections of one MongoDB transaction: every command is sent in its session.</summary>
internal sealed class MongoTransactionScope(MongoDocumentStore store, IClientSessionHandle session) : ITransactionScope
{
    public bool IsAtomic => true;

    public IDocumentCollection<TDocument> Collection<TDocument>(DocumentKind<TDocument> kind) where TDocument : class =>
        new MongoDocumentCollection<TDocument>(store.Engine, store.Writable(kind), kind, session);
}
