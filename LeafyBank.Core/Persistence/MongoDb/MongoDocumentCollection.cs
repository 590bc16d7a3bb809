using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using MongoDB.Bson;
using MongoDB.Driver;

namespace LeafyBank.Core.Persistence.MongoDb;

/// <summary>One collection on MongoDB. See <see cref="MongoDocumentStore"/>.</summary>
internal sealed class MongoDocumentCollection<TDocument>(string engine, IMongoDatabase database, DocumentKind<TDocument> kind)
    : IDocumentCollection<TDocument> where TDocument : class
{
    // A natural-key race or a concurrent delete can make one attempt miss; a few retries settle it.
    private const int UpsertAttempts = 5;

    private readonly IMongoCollection<TDocument> collection = database.GetCollection<TDocument>(kind.CollectionName);
    private readonly IMongoCollection<BsonDocument> raw = database.GetCollection<BsonDocument>(kind.CollectionName);

    public DocumentKind<TDocument> Kind => kind;

    public async Task<UpsertOutcome> UpsertAsync(TDocument document, CancellationToken cancellationToken = default)
    {
        using var activity = StoreTelemetry.Start("upsert", engine, kind.CollectionName);
        var keyFilter = KeyFilter(kind.NaturalKeyOf(document));

        for (var attempt = 1; ; attempt++)
        {
            var existing = await raw.Find(keyFilter).Project(Builders<BsonDocument>.Projection.Include("_id"))
                .FirstOrDefaultAsync(cancellationToken);
            if (existing is not null)
            {
                var existingId = existing["_id"].AsObjectId;
                kind.SetId(document, existingId);
                var replaced = await collection.ReplaceOneAsync(IdFilter(existingId), document, cancellationToken: cancellationToken);
                if (replaced.MatchedCount == 1)
                {
                    return replaced.ModifiedCount == 1 ? UpsertOutcome.Updated : UpsertOutcome.Unchanged;
                }
                // Deleted between the lookup and the replace: try again as an insert.
            }
            else
            {
                if (kind.GetId(document) == ObjectId.Empty)
                {
                    kind.SetId(document, ObjectId.GenerateNewId());
                }
                try
                {
                    await collection.InsertOneAsync(document, cancellationToken: cancellationToken);
                    return UpsertOutcome.Inserted;
                }
                catch (MongoWriteException exception) when (exception.WriteError?.Category == ServerErrorCategory.DuplicateKey)
                {
                    // Either another writer inserted the same natural key (retry finds it and replaces),
                    // or the incoming _id belongs to a different document (a real conflict).
                    var sameKeyNow = await raw.Find(keyFilter).AnyAsync(cancellationToken);
                    if (!sameKeyNow)
                    {
                        throw new DocumentConflictException(kind.CollectionName, kind.GetId(document).ToString(), exception);
                    }
                }
            }

            if (attempt >= UpsertAttempts)
            {
                throw new InvalidOperationException($"Upsert into {kind.CollectionName} did not settle after {UpsertAttempts} attempts.");
            }
        }
    }

    public async Task InsertAsync(TDocument document, CancellationToken cancellationToken = default)
    {
        using var activity = StoreTelemetry.Start("insert", engine, kind.CollectionName);
        if (kind.GetId(document) == ObjectId.Empty)
        {
            kind.SetId(document, ObjectId.GenerateNewId());
        }
        try
        {
            await collection.InsertOneAsync(document, cancellationToken: cancellationToken);
        }
        catch (MongoWriteException exception) when (exception.WriteError?.Category == ServerErrorCategory.DuplicateKey)
        {
            throw new DocumentConflictException(kind.CollectionName, kind.GetId(document).ToString(), exception);
        }
    }

    public async Task InsertManyAsync(IReadOnlyCollection<TDocument> documents, CancellationToken cancellationToken = default)
    {
        using var activity = StoreTelemetry.Start("insert_many", engine, kind.CollectionName);
        if (documents.Count == 0)
        {
            return;
        }
        foreach (var document in documents.Where(document => kind.GetId(document) == ObjectId.Empty))
        {
            kind.SetId(document, ObjectId.GenerateNewId());
        }
        try
        {
            // Unordered: the server may apply the batch in parallel; a duplicate does not stop the rest.
            await collection.InsertManyAsync(documents, new InsertManyOptions { IsOrdered = false }, cancellationToken);
        }
        catch (MongoBulkWriteException<TDocument> exception)
            when (exception.WriteErrors.Any(error => error.Category == ServerErrorCategory.DuplicateKey))
        {
            var first = exception.WriteErrors.First(error => error.Category == ServerErrorCategory.DuplicateKey);
            throw new DocumentConflictException(kind.CollectionName, kind.GetId(documents.ElementAt(first.Index)).ToString(), exception);
        }
    }

    public async Task<TDocument?> FindByKeyAsync(IReadOnlyList<BsonValue> naturalKey, CancellationToken cancellationToken = default)
    {
        using var activity = StoreTelemetry.Start("find_by_key", engine, kind.CollectionName);
        return await collection.Find(TypedKeyFilter(naturalKey)).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<TDocument>> FindAsync(ObjectId ownerId, Expression<Func<TDocument, bool>>? filter = null, CancellationToken cancellationToken = default)
    {
        using var activity = StoreTelemetry.Start("find", engine, kind.CollectionName);
        return await collection.Find(OwnerFilter(ownerId, filter)).ToListAsync(cancellationToken);
    }

    public async Task<long> DeleteAsync(ObjectId ownerId, Expression<Func<TDocument, bool>>? filter = null, CancellationToken cancellationToken = default)
    {
        using var activity = StoreTelemetry.Start("delete", engine, kind.CollectionName);
        var result = await collection.DeleteManyAsync(OwnerFilter(ownerId, filter), cancellationToken);
        return result.DeletedCount;
    }

    public async Task<bool> TryReplaceAsync(TDocument document, Expression<Func<TDocument, bool>> precondition, CancellationToken cancellationToken = default)
    {
        using var activity = StoreTelemetry.Start("replace_if", engine, kind.CollectionName);
        var filter = Builders<TDocument>.Filter.And(IdFilter(kind.GetId(document)), Builders<TDocument>.Filter.Where(precondition));
        var result = await collection.ReplaceOneAsync(filter, document, cancellationToken: cancellationToken);
        return result.MatchedCount == 1;
    }

    public async Task<IReadOnlyList<TDocument>> FindAcrossOwnersAsync(Expression<Func<TDocument, bool>> filter, int limit, CancellationToken cancellationToken = default)
    {
        using var activity = StoreTelemetry.Start("find_across_owners", engine, kind.CollectionName);
        return await collection.Find(filter).Limit(limit).ToListAsync(cancellationToken);
    }

    public Task<long> CountAsync(CancellationToken cancellationToken = default) =>
        raw.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty, cancellationToken: cancellationToken);

    public async IAsyncEnumerable<BsonDocument> ExportAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var cursor = await raw.Find(FilterDefinition<BsonDocument>.Empty).Sort(Builders<BsonDocument>.Sort.Ascending("_id"))
            .ToCursorAsync(cancellationToken);
        while (await cursor.MoveNextAsync(cancellationToken))
        {
            foreach (var document in cursor.Current)
            {
                yield return document;
            }
        }
    }

    /// <summary>The owner scope every typed query starts from, plus the caller's filter.</summary>
    internal FilterDefinition<TDocument> OwnerFilter(ObjectId ownerId, Expression<Func<TDocument, bool>>? filter)
    {
        FilterDefinition<TDocument> owner = new BsonDocumentFilterDefinition<TDocument>(new BsonDocument(kind.Owner.Path, ownerId));
        return filter is null ? owner : Builders<TDocument>.Filter.And(owner, Builders<TDocument>.Filter.Where(filter));
    }

    private BsonDocumentFilterDefinition<BsonDocument> KeyFilter(IReadOnlyList<BsonValue> naturalKey) => new(KeyDocument(naturalKey));

    private BsonDocumentFilterDefinition<TDocument> TypedKeyFilter(IReadOnlyList<BsonValue> naturalKey) => new(KeyDocument(naturalKey));

    private BsonDocument KeyDocument(IReadOnlyList<BsonValue> naturalKey)
    {
        var paths = kind.NaturalKey.Count == 0 ? ["_id"] : kind.NaturalKey.Select(field => field.Path).ToArray();
        if (paths.Length != naturalKey.Count)
        {
            throw new ArgumentException($"{kind.CollectionName} is keyed by {string.Join(", ", paths)}; got {naturalKey.Count} values.", nameof(naturalKey));
        }
        var filter = new BsonDocument();
        for (var i = 0; i < paths.Length; i++)
        {
            filter.Add(paths[i], naturalKey[i]);
        }
        return filter;
    }

    private static BsonDocumentFilterDefinition<TDocument> IdFilter(ObjectId id) => new(new BsonDocument("_id", id));
}
