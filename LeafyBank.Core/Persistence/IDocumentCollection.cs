using System.Linq.Expressions;
using MongoDB.Bson;

namespace LeafyBank.Core.Persistence;

/// <summary>
/// The operations the app needs on one collection, implemented once per engine.
/// Every read and delete is scoped to an owner (a user id), so per-user isolation is
/// structural: there is no "find anything" call outside export and health.
/// </summary>
public interface IDocumentCollection<TDocument> where TDocument : class
{
    DocumentKind<TDocument> Kind { get; }

    /// <summary>
    /// Inserts or replaces the document with the same natural key. An existing document keeps
    /// its <c>_id</c> (the incoming one is overwritten with it), so re-imports, re-syncs and
    /// re-consents never duplicate or re-identify data. Safe under concurrent calls. A document
    /// with that natural key stored under another owner is never replaced: the call throws
    /// <see cref="DocumentConflictException"/> (only kinds whose key does not start with the owner can meet it).
    /// </summary>
    Task<UpsertOutcome> UpsertAsync(TDocument document, CancellationToken cancellationToken = default);

    /// <summary>
    /// Upserts many documents by natural key in batches of at most <see cref="DocumentBatches.UpsertBatchSize"/>,
    /// so round trips grow with pages of data, not documents: one unordered bulk write per batch on
    /// MongoDB, one transaction per batch on the embedded engine (a batch is stored whole or not at
    /// all there; on MongoDB a failed batch may be stored in part, which the next idempotent call
    /// completes). A stored document keeps its <c>_id</c>; a new one gets a new <c>_id</c>, written
    /// back to it. Incoming <c>_id</c>s are not used (a re-sync's documents come without them).
    /// Not for time-series collections, which have no unique natural key.
    /// </summary>
    Task<BulkUpsertResult> UpsertManyAsync(IReadOnlyCollection<TDocument> documents, CancellationToken cancellationToken = default);

    /// <summary>Appends a document that has no natural key (the audit ledger).</summary>
    Task InsertAsync(TDocument document, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends many new documents in one batch (one transaction on the embedded engine, one
    /// unordered bulk insert on MongoDB). For bulk loads into empty scopes (the benchmark's data
    /// generator); a document whose natural key or <c>_id</c> is already stored fails the call
    /// with <see cref="DocumentConflictException"/> — on the embedded engine nothing of the
    /// batch is kept, on MongoDB the other documents of the batch are.
    /// </summary>
    Task InsertManyAsync(IReadOnlyCollection<TDocument> documents, CancellationToken cancellationToken = default);

    /// <summary>The document with this natural key, values in the order of <see cref="DocumentKind{T}.NaturalKey"/>.</summary>
    Task<TDocument?> FindByKeyAsync(IReadOnlyList<BsonValue> naturalKey, CancellationToken cancellationToken = default);

    /// <summary>The owner's documents matching <paramref name="filter"/> (all of them when null).</summary>
    Task<IReadOnlyList<TDocument>> FindAsync(ObjectId ownerId, Expression<Func<TDocument, bool>>? filter = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes the owner's documents matching <paramref name="filter"/>; returns how many went.</summary>
    Task<long> DeleteAsync(ObjectId ownerId, Expression<Func<TDocument, bool>>? filter = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the stored document with the same <c>_id</c> and owner only if the stored version still
    /// satisfies <paramref name="precondition"/> (optimistic concurrency: leases, status changes, settings).
    /// Returns false, changing nothing, when it does not, the document is gone or it belongs to another owner.
    /// </summary>
    Task<bool> TryReplaceAsync(TDocument document, Expression<Func<TDocument, bool>> precondition, CancellationToken cancellationToken = default);

    /// <summary>
    /// Documents of every owner matching <paramref name="filter"/>, at most <paramref name="limit"/>.
    /// For background jobs only (the sync scheduler, consent expiry); never for a customer's request.
    /// </summary>
    Task<IReadOnlyList<TDocument>> FindAcrossOwnersAsync(Expression<Func<TDocument, bool>> filter, int limit, CancellationToken cancellationToken = default);

    Task<long> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>Every stored document as BSON, exactly as stored (for export).</summary>
    IAsyncEnumerable<BsonDocument> ExportAsync(CancellationToken cancellationToken = default);
}

public enum UpsertOutcome
{
    Inserted,
    Updated,
    Unchanged,
}
