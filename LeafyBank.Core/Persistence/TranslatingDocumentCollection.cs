using System.Linq.Expressions;
using MongoDB.Bson;

namespace LeafyBank.Core.Persistence;

/// <summary>
/// An engine's collection as the app sees it: each operation once through the engine's
/// <see cref="StoreFailures"/>, so no operation can be left untranslated when one is added
/// (this class must implement it too). The engines' collections stay about storage only.
/// </summary>
internal sealed class TranslatingDocumentCollection<TDocument>(IDocumentCollection<TDocument> engine, StoreFailures failures)
    : IDocumentCollection<TDocument> where TDocument : class
{
    public DocumentKind<TDocument> Kind => engine.Kind;

    public Task<UpsertOutcome> UpsertAsync(TDocument document, CancellationToken cancellationToken = default) =>
        failures.Translate(() => engine.UpsertAsync(document, cancellationToken));

    public Task<BulkUpsertResult> UpsertManyAsync(IReadOnlyCollection<TDocument> documents, CancellationToken cancellationToken = default) =>
        failures.Translate(() => engine.UpsertManyAsync(documents, cancellationToken));

    public Task InsertAsync(TDocument document, CancellationToken cancellationToken = default) =>
        failures.Translate(() => engine.InsertAsync(document, cancellationToken));

    public Task InsertManyAsync(IReadOnlyCollection<TDocument> documents, CancellationToken cancellationToken = default) =>
        failures.Translate(() => engine.InsertManyAsync(documents, cancellationToken));

    public Task<TDocument?> FindByKeyAsync(IReadOnlyList<BsonValue> naturalKey, CancellationToken cancellationToken = default) =>
        failures.Translate(() => engine.FindByKeyAsync(naturalKey, cancellationToken));

    public Task<IReadOnlyList<TDocument>> FindAsync(ObjectId ownerId, Expression<Func<TDocument, bool>>? filter = null, CancellationToken cancellationToken = default) =>
        failures.Translate(() => engine.FindAsync(ownerId, filter, cancellationToken));

    public Task<long> DeleteAsync(ObjectId ownerId, Expression<Func<TDocument, bool>>? filter = null, CancellationToken cancellationToken = default) =>
        failures.Translate(() => engine.DeleteAsync(ownerId, filter, cancellationToken));

    public Task<bool> TryReplaceAsync(TDocument document, Expression<Func<TDocument, bool>> precondition, CancellationToken cancellationToken = default) =>
        failures.Translate(() => engine.TryReplaceAsync(document, precondition, cancellationToken));

    public Task<IReadOnlyList<TDocument>> FindAcrossOwnersAsync(Expression<Func<TDocument, bool>> filter, int limit, CancellationToken cancellationToken = default) =>
        failures.Translate(() => engine.FindAcrossOwnersAsync(filter, limit, cancellationToken));

    public Task<long> CountAsync(CancellationToken cancellationToken = default) =>
        failures.Translate(() => engine.CountAsync(cancellationToken));

    public IAsyncEnumerable<BsonDocument> ExportAsync(CancellationToken cancellationToken = default) =>
        failures.Translate(engine.ExportAsync(cancellationToken), cancellationToken);
}
