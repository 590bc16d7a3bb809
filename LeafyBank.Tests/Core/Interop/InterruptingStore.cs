using System.Linq.Expressions;

namespace LeafyBank.Tests.Core.Interop;

/// <summary>
/// A real store that goes away part-way through a run, as a MongoDB failover or a full disk would:
/// once <see cref="FailWritesTo"/> names a collection, its writes after the allowed number throw
/// <see cref="StoreUnavailableException"/>; reads and every other collection keep working. Or one
/// that another writer (a sync) gets to first: <see cref="BeforeFirstWriteTo"/>.
/// </summary>
internal sealed class InterruptingStore(IDocumentStore inner) : IDocumentStore
{
    private string? failingCollection;
    private int writesLeft;
    private (string Collection, Func<Task> Write)? interjection;

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

    /// <summary>Runs <paramref name="write"/> on the real store once, just before the first write to <paramref name="collection"/>.</summary>
    public InterruptingStore BeforeFirstWriteTo(string collection, Func<Task> write)
    {
        interjection = (collection, write);
        return this;
    }

    public Task InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);

    public Task<StoreHealth> CheckHealthAsync(CancellationToken cancellationToken = default) => inner.CheckHealthAsync(cancellationToken);

    public IDocumentCollection<TDocument> Collection<TDocument>(DocumentKind<TDocument> kind) where TDocument : class =>
        new Interrupting<TDocument>(inner.Collection(kind), this);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task BeforeWriteAsync(string collection)
    {
        if (interjection is { } first && first.Collection == collection)
        {
            interjection = null;
            await first.Write();
        }
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

        public async Task<UpsertOutcome> UpsertAsync(TDocument document, CancellationToken cancellationToken = default)
        {
            await store.BeforeWriteAsync(Kind.CollectionName);
            return await collection.UpsertAsync(document, cancellationToken);
        }

        public async Task<BulkUpsertResult> UpsertManyAsync(IReadOnlyCollection<TDocument> documents, CancellationToken cancellationToken = default)
        {
            await store.BeforeWriteAsync(Kind.CollectionName);
            return await collection.UpsertManyAsync(documents, cancellationToken);
        }

        public async Task InsertAsync(TDocument document, CancellationToken cancellationToken = default)
        {
            await store.BeforeWriteAsync(Kind.CollectionName);
            await collection.InsertAsync(document, cancellationToken);
        }

        public async Task InsertManyAsync(IReadOnlyCollection<TDocument> documents, CancellationToken cancellationToken = default)
        {
            await store.BeforeWriteAsync(Kind.CollectionName);
            await collection.InsertManyAsync(documents, cancellationToken);
        }

        public async Task<bool> TryReplaceAsync(TDocument document, Expression<Func<TDocument, bool>> precondition, CancellationToken cancellationToken = default)
        {
            await store.BeforeWriteAsync(Kind.CollectionName);
            return await collection.TryReplaceAsync(document, precondition, cancellationToken);
        }

        public async Task<long> DeleteAsync(ObjectId ownerId, Expression<Func<TDocument, bool>>? filter = null, CancellationToken cancellationToken = default)
        {
            await store.BeforeWriteAsync(Kind.CollectionName);
            return await collection.DeleteAsync(ownerId, filter, cancellationToken);
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
