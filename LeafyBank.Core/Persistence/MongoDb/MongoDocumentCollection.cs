using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using MongoDB.Bson;
using MongoDB.Driver;

namespace LeafyBank.Core.Persistence.MongoDb;

/// <summary>
/// One collection on MongoDB. See <see cref="MongoDocumentStore"/>. With a <paramref name="session"/>
/// every command is sent in it (the operations of <see cref="MongoDocumentStore.RunInTransactionAsync{T}"/>);
/// the collections' own settings (write concern) come from <paramref name="collection"/>.
/// </summary>
internal sealed class MongoDocumentCollection<TDocument>(string engine, IMongoCollection<TDocument> collection, DocumentKind<TDocument> kind,
    IClientSessionHandle? session = null)
    : IDocumentCollection<TDocument> where TDocument : class
{
    /// <summary>The server's code for a write its collection validator refused.</summary>
    private const int DocumentValidationFailed = 121;

    // A natural-key race or a concurrent delete can make one attempt miss; a few retries settle it.
    private const int UpsertAttempts = 5;

    private readonly IMongoCollection<BsonDocument> raw = collection.Database.GetCollection<BsonDocument>(kind.CollectionName, collection.Settings);

    public DocumentKind<TDocument> Kind => kind;

    public async Task<UpsertOutcome> UpsertAsync(TDocument document, CancellationToken cancellationToken = default)
    {
        using var activity = StoreTelemetry.Start("upsert", engine, kind.CollectionName);
        kind.EnsureValid(document);
        try
        {
            return await UpsertCoreAsync(document, cancellationToken);
        }
        catch (MongoWriteException exception) when (exception.WriteError?.Code == DocumentValidationFailed)
        {
            throw ServerRefused(exception);
        }
    }

    private async Task<UpsertOutcome> UpsertCoreAsync(TDocument document, CancellationToken cancellationToken)
    {
        var keyFilter = KeyFilter(kind.NaturalKeyOf(document));

        for (var attempt = 1; ; attempt++)
        {
            var existing = await FindRaw(keyFilter).Project(Builders<BsonDocument>.Projection.Include("_id"))
                .FirstOrDefaultAsync(cancellationToken);
            if (existing is not null)
            {
                var existingId = existing["_id"].AsObjectId;
                kind.SetId(document, existingId);
                var replaced = await ReplaceOneAsync(TargetFilter(document), document, cancellationToken);
                if (replaced.MatchedCount == 1)
                {
                    return replaced.ModifiedCount == 1 ? UpsertOutcome.Updated : UpsertOutcome.Unchanged;
                }
                if (await FindRaw(new BsonDocument("_id", existingId)).AnyAsync(cancellationToken))
                {
                    // Stored under another owner (a natural key that does not start with the owner): never replaced.
                    throw new DocumentConflictException(kind.CollectionName, existingId.ToString());
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
                    await InsertOneAsync(document, cancellationToken);
                    return UpsertOutcome.Inserted;
                }
                catch (MongoWriteException exception) when (exception.WriteError?.Category == ServerErrorCategory.DuplicateKey)
                {
                    // Either another writer inserted the same natural key (retry finds it and replaces),
                    // or the incoming _id belongs to a different document (a real conflict).
                    var sameKeyNow = await FindRaw(keyFilter).AnyAsync(cancellationToken);
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

    public async Task<BulkUpsertResult> UpsertManyAsync(IReadOnlyCollection<TDocument> documents, CancellationToken cancellationToken = default)
    {
        using var activity = StoreTelemetry.Start("upsert_many", engine, kind.CollectionName);
        BulkWrites.EnsureKeyed(kind);
        // Every page is checked before the first is sent: the server's validator is the second line, not the first.
        kind.EnsureValid(documents);
        var total = BulkUpsertResult.Nothing;
        foreach (var batch in documents.Chunk(DocumentBatches.UpsertBatchSize))
        {
            total += await UpsertBatchAsync(batch, cancellationToken);
        }
        return total;
    }

    /// <summary>
    /// One unordered bulk write of replace-upserts filtered by natural key. The replacement carries
    /// no <c>_id</c>, so a matched document keeps its own and an inserted one gets the server's,
    /// without reading ids first. A natural-key race with another writer (duplicate key on the
    /// upsert's insert) is settled per document by <see cref="UpsertAsync"/>.
    /// </summary>
    private async Task<BulkUpsertResult> UpsertBatchAsync(TDocument[] batch, CancellationToken cancellationToken)
    {
        var models = batch.Select(document =>
        {
            var replacement = document.ToBsonDocument();
            replacement.Remove("_id");
            return new ReplaceOneModel<BsonDocument>(KeyFilter(kind.NaturalKeyOf(document)), replacement) { IsUpsert = true };
        }).ToList();
        try
        {
            return Tally(batch, await BulkWriteAsync(models, new BulkWriteOptions { IsOrdered = false }, cancellationToken));
        }
        catch (MongoBulkWriteException<BsonDocument> exception)
            when (exception.WriteConcernError is null && exception.WriteErrors.All(error => error.Category == ServerErrorCategory.DuplicateKey))
        {
            var settled = Tally(batch, exception.Result);
            foreach (var error in exception.WriteErrors)
            {
                settled += BulkUpsertResult.Of(await UpsertAsync(batch[error.Index], cancellationToken));
            }
            return settled;
        }
        catch (MongoBulkWriteException<BsonDocument> exception) when (exception.WriteErrors.Any(error => error.Code == DocumentValidationFailed))
        {
            throw ServerRefused(exception);
        }
    }

    private BulkUpsertResult Tally(TDocument[] batch, BulkWriteResult<BsonDocument> result)
    {
        if (!result.IsAcknowledged)
        {
            return BulkUpsertResult.Nothing;
        }
        foreach (var upsert in result.Upserts)
        {
            kind.SetId(batch[upsert.Index], upsert.Id.AsObjectId);
        }
        var updated = (int)result.ModifiedCount;
        return new BulkUpsertResult(result.Upserts.Count, updated, (int)result.MatchedCount - updated);
    }

    public async Task InsertAsync(TDocument document, CancellationToken cancellationToken = default)
    {
        using var activity = StoreTelemetry.Start("insert", engine, kind.CollectionName);
        kind.EnsureValid(document);
        if (kind.GetId(document) == ObjectId.Empty)
        {
            kind.SetId(document, ObjectId.GenerateNewId());
        }
        try
        {
            await InsertOneAsync(document, cancellationToken);
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
        kind.EnsureValid(documents);
        foreach (var document in documents.Where(document => kind.GetId(document) == ObjectId.Empty))
        {
            kind.SetId(document, ObjectId.GenerateNewId());
        }
        try
        {
            // Unordered: the server may apply the batch in parallel; a duplicate does not stop the rest.
            var options = new InsertManyOptions { IsOrdered = false };
            await (session is null
                ? collection.InsertManyAsync(documents, options, cancellationToken)
                : collection.InsertManyAsync(session, documents, options, cancellationToken));
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
        return await Find(TypedKeyFilter(naturalKey)).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<TDocument>> FindAsync(ObjectId ownerId, Expression<Func<TDocument, bool>>? filter = null, CancellationToken cancellationToken = default)
    {
        using var activity = StoreTelemetry.Start("find", engine, kind.CollectionName);
        return await Find(OwnerFilter(ownerId, filter)).ToListAsync(cancellationToken);
    }

    public async Task<long> DeleteAsync(ObjectId ownerId, Expression<Func<TDocument, bool>>? filter = null, CancellationToken cancellationToken = default)
    {
        using var activity = StoreTelemetry.Start("delete", engine, kind.CollectionName);
        var result = session is null
            ? await collection.DeleteManyAsync(OwnerFilter(ownerId, filter), cancellationToken)
            : await collection.DeleteManyAsync(session, OwnerFilter(ownerId, filter), cancellationToken: cancellationToken);
        return result.DeletedCount;
    }

    public async Task<bool> TryReplaceAsync(TDocument document, Expression<Func<TDocument, bool>> precondition, CancellationToken cancellationToken = default)
    {
        using var activity = StoreTelemetry.Start("replace_if", engine, kind.CollectionName);
        kind.EnsureValid(document);
        var filter = Builders<TDocument>.Filter.And(TargetFilter(document), Builders<TDocument>.Filter.Where(precondition));
        var result = await ReplaceOneAsync(filter, document, cancellationToken);
        return result.MatchedCount == 1;
    }

    public async Task<IReadOnlyList<TDocument>> FindAcrossOwnersAsync(Expression<Func<TDocument, bool>> filter, int limit, CancellationToken cancellationToken = default)
    {
        using var activity = StoreTelemetry.Start("find_across_owners", engine, kind.CollectionName);
        return await Find(filter).Limit(limit).ToListAsync(cancellationToken);
    }

    public Task<long> CountAsync(CancellationToken cancellationToken = default) => session is null
        ? raw.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty, cancellationToken: cancellationToken)
        : raw.CountDocumentsAsync(session, FilterDefinition<BsonDocument>.Empty, cancellationToken: cancellationToken);

    public async IAsyncEnumerable<BsonDocument> ExportAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var cursor = await FindRaw(FilterDefinition<BsonDocument>.Empty).Sort(Builders<BsonDocument>.Sort.Ascending("_id"))
            .ToCursorAsync(cancellationToken);
        while (await cursor.MoveNextAsync(cancellationToken))
        {
            foreach (var document in cursor.Current)
            {
                yield return document;
            }
        }
    }

    // The driver has no ambient session: each command takes it explicitly, or none.
    private IFindFluent<TDocument, TDocument> Find(FilterDefinition<TDocument> filter) =>
        session is null ? collection.Find(filter) : collection.Find(session, filter);

    private IFindFluent<BsonDocument, BsonDocument> FindRaw(FilterDefinition<BsonDocument> filter) =>
        session is null ? raw.Find(filter) : raw.Find(session, filter);

    private Task<ReplaceOneResult> ReplaceOneAsync(FilterDefinition<TDocument> filter, TDocument document, CancellationToken cancellationToken) =>
        session is null
            ? collection.ReplaceOneAsync(filter, document, new ReplaceOptions(), cancellationToken)
            : collection.ReplaceOneAsync(session, filter, document, new ReplaceOptions(), cancellationToken);

    private Task InsertOneAsync(TDocument document, CancellationToken cancellationToken) =>
        session is null
            ? collection.InsertOneAsync(document, null, cancellationToken)
            : collection.InsertOneAsync(session, document, null, cancellationToken);

    private Task<BulkWriteResult<BsonDocument>> BulkWriteAsync(List<ReplaceOneModel<BsonDocument>> models, BulkWriteOptions options, CancellationToken cancellationToken) =>
        session is null
            ? raw.BulkWriteAsync(models, options, cancellationToken)
            : raw.BulkWriteAsync(session, models, options, cancellationToken);

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

    /// <summary>
    /// The server holds rules this code did not check (a validator set by a newer version of the app,
    /// or by an administrator): still a clear refusal, not a driver error.
    /// </summary>
    private Validation.DocumentValidationException ServerRefused(Exception exception) =>
        new(kind.CollectionName, ["the server's validator for this collection refused it"], exception);

    /// <summary>
    /// The stored document a replace may overwrite: the same <c>_id</c> and the same owner. With the owner in the filter
    /// a replace never reaches another customer's document, and on a collection sharded by owner mongos sends it to one shard.
    /// </summary>
    private BsonDocumentFilterDefinition<TDocument> TargetFilter(TDocument document)
    {
        var target = new BsonDocument("_id", kind.GetId(document));
        if (kind.Owner.Path != "_id")
        {
            target.Add(kind.Owner.Path, kind.Owner.Read(document));
        }
        return new(target);
    }
}
