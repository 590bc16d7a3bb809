using System.Linq.Expressions;

namespace LeafyBank.Tests.Core.Interop;

/// <summary>
/// A real store that goes away part-way through a run, as a MongoDB failover or a full disk would:
/// once <see cref="FailWritesTo"/> names a collection, its writes after the allowed number throw
/// <see cref="StoreUnavailableException"/>; reads and every other collection keep working.
/// </summary>
internal sealed class InterruptingStore(IDocumentStore inner) : IDocumentStore
{
    private string? failingCollection;
    private int writesLeft;

    public string Engine => inner.Engine;
    public string Location => inner.Location;
    public TransactionCapability TransactionCapability => inner.TransactionCapability;

    /// <summary>After <paramref name="writesAllowed"/> more writes to <paramref name="collection"/>, the next ones fail.</summary>
    public InterruptingStore FailWritesTo(string collection, int writesAllowed = 0)
    {
        failingCollection = collection;
        writesLeft = writesAllowed;
        return this;
    }

    public Task InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);

    public Task<StoreHealth> CheckHealthAsync(CancellationToken cancellationToken = default) => inner.CheckHealthAsync(cancellationToken);

    public IDocumentCollection<TDocument> Collection<TDocument>(DocumentKind<TDocument> kind) where TDocument : class =>
        new Interrupting<TDocument>(inner.Collection(kind), this);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private void BeforeWrite(string collection)
    {
        if (collection != failingCollection)
        {
            return;
        }
        if (writesLeft == 0)
        {
            throw new StoreUnavailableException($"{inner.Location} stopped answering while writing {collection}.");
        }
        writesLeft--;
    }

    private sealed class Interrupting<TDocument>(IDocumentCollection<TDocument> collection, InterruptingStore store) : IDocumentCollection<TDocument>
        where TDocument : class
    {
        public DocumentKind<TDocument> Kind => collection.Kind;

        public Task<UpsertOutcome> UpsertAsync(TDocument document, CancellationToken cancellationToken = default)
        {
            store.BeforeWrite(Kind.CollectionName);
            return collection.UpsertAsync(document, cancellationToken);
        }

        public Task<BulkUpsertResult> UpsertManyAsync(IReadOnlyCollection<TDocument> documents, CancellationToken cancellationToken = default)
        {
            store.BeforeWrite(Kind.CollectionName);
            return collection.UpsertManyAsync(documents, cancellationToken);
        }

        public Task InsertAsync(TDocument document, CancellationToken cancellationToken = default)
        {
            store.BeforeWrite(Kind.CollectionName);
            return collection.InsertAsync(document, cancellationToken);
        }

        public Task InsertManyAsync(IReadOnlyCollection<TDocument> documents, CancellationToken cancellationToken = default)
        {
            store.BeforeWrite(Kind.CollectionName);
            return collection.InsertManyAsync(documents, cancellationToken);
        }

        public Task<bool> TryReplaceAsync(TDocument document, Expression<Func<TDocument, bool>> precondition, CancellationToken cancellationToken = default)
        {
            store.BeforeWrite(Kind.CollectionName);
            return collection.TryReplaceAsync(document, precondition, cancellationToken);
        }

        public Task<long> DeleteAsync(ObjectId ownerId, Expression<Func<TDocument, bool>>? filter = null, CancellationToken cancellationToken = default)
        {
            store.BeforeWrite(Kind.CollectionName);
            return collection.DeleteAsync(ownerId, filter, cancellationToken);
        }

        public Task<TDocument?> FindByKeyAsync(IReadOnlyList<BsonValue> naturalKey, CancellationToken cancellationToken = default) =>
            collection.FindByKeyAsync(naturalKey, cancellationToken);

        public Task<IReadOnlyList<TDocument>> FindAsync(ObjectId ownerId, Expression<Func<TDocument, bool>>? filter = null, CancellationToken cancellationToken = default) =>
            collection.FindAsync(ownerId, filter, cancellationToken);

        public Task<IReadOnlyList<TDocument>> FindAcrossOwnersAsync(Expression<Func<TDocument, bool>> filter, int limit, CancellationToken cancellationToken = default) =>
            collection.FindAcrossOwnersAsync(filter, limit, cancellationToken);

        public Task<long> CountAsync(CancellationToken cancellationToken = default) => collection.CountAsync(cancellationToken);

        public IAsyncEnumerable<BsonDocument> ExportAsync(CancellationToken cancellationToken = default) => collection.ExportAsync(cancellationToken);
    }
}
