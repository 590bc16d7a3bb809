using System.Linq.Expressions;

namespace LeafyBank.Tests.Core.Banking.Sync;

/// <summary>
/// A real store that refuses one customer's writes to one collection while <see cref="Fail"/> says so, as a store
/// refusing one document (a validation rule, a full shard) would; everyone else's writes and all reads go through.
/// </summary>
internal sealed class OneCustomerFaultStore(IDocumentStore inner) : IDocumentStore
{
    private (ObjectId Owner, string Collection)? failing;

    public string Engine => inner.Engine;
    public string Location => inner.Location;
    public TransactionCapability TransactionCapability => inner.TransactionCapability;

    /// <summary>From now on, writes of <paramref name="owner"/>'s documents to <paramref name="collection"/> throw <see cref="StoreUnavailableException"/>.</summary>
    public void Fail(ObjectId owner, string collection) => failing = (owner, collection);

    public void Heal() => failing = null;

    public Task InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);

    public Task<StoreHealth> CheckHealthAsync(CancellationToken cancellationToken = default) => inner.CheckHealthAsync(cancellationToken);

    public IDocumentCollection<TDocument> Collection<TDocument>(DocumentKind<TDocument> kind) where TDocument : class =>
        new Faulty<TDocument>(inner.Collection(kind), this);

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private void BeforeWrite(string collection, ObjectId owner)
    {
        if (failing == (owner, collection))
        {
            throw new StoreUnavailableException($"{inner.Location} refused a write to {collection}.");
        }
    }

    private sealed class Faulty<TDocument>(IDocumentCollection<TDocument> collection, OneCustomerFaultStore store) : IDocumentCollection<TDocument>
        where TDocument : class
    {
        public DocumentKind<TDocument> Kind => collection.Kind;

        private void BeforeWrite(TDocument document) => store.BeforeWrite(Kind.CollectionName, Kind.Owner.Read(document).AsObjectId);

        public Task<UpsertOutcome> UpsertAsync(TDocument document, CancellationToken cancellationToken = default)
        {
            BeforeWrite(document);
            return collection.UpsertAsync(document, cancellationToken);
        }

        public Task<BulkUpsertResult> UpsertManyAsync(IReadOnlyCollection<TDocument> documents, CancellationToken cancellationToken = default)
        {
            foreach (var document in documents)
            {
                BeforeWrite(document);
            }
            return collection.UpsertManyAsync(documents, cancellationToken);
        }

        public Task InsertAsync(TDocument document, CancellationToken cancellationToken = default)
        {
            BeforeWrite(document);
            return collection.InsertAsync(document, cancellationToken);
        }

        public Task InsertManyAsync(IReadOnlyCollection<TDocument> documents, CancellationToken cancellationToken = default)
        {
            foreach (var document in documents)
            {
                BeforeWrite(document);
            }
            return collection.InsertManyAsync(documents, cancellationToken);
        }

        public Task<bool> TryReplaceAsync(TDocument document, Expression<Func<TDocument, bool>> precondition, CancellationToken cancellationToken = default)
        {
            BeforeWrite(document);
            return collection.TryReplaceAsync(document, precondition, cancellationToken);
        }

        public Task<long> DeleteAsync(ObjectId ownerId, Expression<Func<TDocument, bool>>? filter = null, CancellationToken cancellationToken = default)
        {
            store.BeforeWrite(Kind.CollectionName, ownerId);
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
