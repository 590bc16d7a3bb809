using System.Linq.Expressions;

namespace LeafyBank.Tests.Core.Persistence;

/// <summary>
/// A real store that refuses writes, as a failover, a full disk or a validation rule would: once
/// <see cref="FailWritesTo"/> names a collection (and maybe one owner), writes there throw
/// <see cref="StoreUnavailableException"/> until <see cref="Heal"/>; reads and every other write go
/// through. Or one that another writer (a sync, a renewal) gets to first: <see cref="BeforeFirstWriteTo"/>,
/// <see cref="BeforeFirstReadOf"/>.
/// </summary>
internal sealed class FaultyStore(IDocumentStore inner) : IDocumentStore
{
    private (string Collection, ObjectId? Owner)? failing;
    private Interjection? interjection;
    private Interjection? readInterjection;

    private sealed record Interjection(string Collection, Func<Task> Write);

    public string Engine => inner.Engine;
    public string Location => inner.Location;
    public TransactionCapability TransactionCapability => inner.TransactionCapability;

    /// <summary>From now on, writes to <paramref name="collection"/> (only of <paramref name="owner"/>'s documents, if given) fail.</summary>
    public FaultyStore FailWritesTo(string collection, ObjectId? owner = null)
    {
        failing = (collection, owner);
        return this;
    }

    public void Heal() => failing = null;

    /// <summary>
    /// Runs <paramref name="write"/> once, just before the first write to <paramref name="collection"/> from now on (an
    /// upsert, an insert, a conditional replace or a delete), so another writer lands between that writer's read and its
    /// write. Writes <paramref name="write"/> makes itself, and concurrent ones (a lease heartbeat), go straight through.
    /// </summary>
    public FaultyStore BeforeFirstWriteTo(string collection, Func<Task> write)
    {
        interjection = new Interjection(collection, write);
        return this;
    }

    /// <summary>
    /// Runs <paramref name="write"/> once, just before the first read of <paramref name="collection"/> (by key or by owner)
    /// from now on, so another writer lands between a reader's earlier reads and this one. Reads <paramref name="write"/>
    /// makes itself go straight through.
    /// </summary>
    public FaultyStore BeforeFirstReadOf(string collection, Func<Task> write)
    {
        readInterjection = new Interjection(collection, write);
        return this;
    }

    public Task InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);

    public Task<StoreHealth> CheckHealthAsync(CancellationToken cancellationToken = default) => inner.CheckHealthAsync(cancellationToken);

    public IDocumentCollection<TDocument> Collection<TDocument>(DocumentKind<TDocument> kind) where TDocument : class =>
        new Faulty<TDocument>(inner.Collection(kind), this);

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private async Task BeforeReadAsync(string collection)
    {
        if (readInterjection is { } first && first.Collection == collection && Interlocked.CompareExchange(ref readInterjection, null, first) == first)
        {
            await first.Write();
        }
    }

    /// <param name="owners">Whose documents the write holds; read only when a fault names an owner.</param>
    private async Task BeforeWriteAsync(string collection, IEnumerable<ObjectId> owners)
    {
        // Taken by exactly one write, even when writers race (a heartbeat beside the writer under test).
        if (interjection is { } first && first.Collection == collection && Interlocked.CompareExchange(ref interjection, null, first) == first)
        {
            await first.Write();
        }
        if (failing is { } fault && fault.Collection == collection && (fault.Owner is not { } owner || owners.Contains(owner)))
        {
            throw new StoreUnavailableException($"{inner.Location} refused a write to {collection}.");
        }
    }

    private sealed class Faulty<TDocument>(IDocumentCollection<TDocument> collection, FaultyStore store) : IDocumentCollection<TDocument>
        where TDocument : class
    {
        public DocumentKind<TDocument> Kind => collection.Kind;

        public Task<UpsertOutcome> UpsertAsync(TDocument document, CancellationToken cancellationToken = default) =>
            WriteAsync(OwnersOf(document), () => collection.UpsertAsync(document, cancellationToken));

        public Task<BulkUpsertResult> UpsertManyAsync(IReadOnlyCollection<TDocument> documents, CancellationToken cancellationToken = default) =>
            WriteAsync(OwnersOf(documents), () => collection.UpsertManyAsync(documents, cancellationToken));

        public Task InsertAsync(TDocument document, CancellationToken cancellationToken = default) =>
            WriteAsync(OwnersOf(document), () => collection.InsertAsync(document, cancellationToken));

        public Task InsertManyAsync(IReadOnlyCollection<TDocument> documents, CancellationToken cancellationToken = default) =>
            WriteAsync(OwnersOf(documents), () => collection.InsertManyAsync(documents, cancellationToken));

        public Task<bool> TryReplaceAsync(TDocument document, Expression<Func<TDocument, bool>> precondition, CancellationToken cancellationToken = default) =>
            WriteAsync(OwnersOf(document), () => collection.TryReplaceAsync(document, precondition, cancellationToken));

        public Task<long> DeleteAsync(ObjectId ownerId, Expression<Func<TDocument, bool>>? filter = null, CancellationToken cancellationToken = default) =>
            WriteAsync([ownerId], () => collection.DeleteAsync(ownerId, filter, cancellationToken));

        public async Task<TDocument?> FindByKeyAsync(IReadOnlyList<BsonValue> naturalKey, CancellationToken cancellationToken = default)
        {
            await store.BeforeReadAsync(Kind.CollectionName);
            return await collection.FindByKeyAsync(naturalKey, cancellationToken);
        }

        public async Task<IReadOnlyList<TDocument>> FindAsync(ObjectId ownerId, Expression<Func<TDocument, bool>>? filter = null,
            CancellationToken cancellationToken = default)
        {
            await store.BeforeReadAsync(Kind.CollectionName);
            return await collection.FindAsync(ownerId, filter, cancellationToken);
        }

        public Task<IReadOnlyList<TDocument>> FindAcrossOwnersAsync(Expression<Func<TDocument, bool>> filter, int limit, CancellationToken cancellationToken = default) =>
            collection.FindAcrossOwnersAsync(filter, limit, cancellationToken);

        public Task<long> CountAsync(CancellationToken cancellationToken = default) => collection.CountAsync(cancellationToken);

        public IAsyncEnumerable<BsonDocument> ExportAsync(CancellationToken cancellationToken = default) => collection.ExportAsync(cancellationToken);

        private IEnumerable<ObjectId> OwnersOf(params IEnumerable<TDocument> documents) =>
            documents.Select(document => Kind.Owner.Read(document).AsObjectId);

        private async Task WriteAsync(IEnumerable<ObjectId> owners, Func<Task> write)
        {
            await store.BeforeWriteAsync(Kind.CollectionName, owners);
            await write();
        }

        private async Task<T> WriteAsync<T>(IEnumerable<ObjectId> owners, Func<Task<T>> write)
        {
            await store.BeforeWriteAsync(Kind.CollectionName, owners);
            return await write();
        }
    }
}
