using MongoDB.Bson;

namespace LeafyBank.Core.Persistence;

/// <summary>
/// Describes one collection once, for both engines: its name, the natural key that makes an
/// upsert idempotent (a unique index on MongoDB, a unique column on SQLite), the owner field
/// every query is scoped by, and the secondary indexes behind its queries.
/// </summary>
public sealed class DocumentKind<TDocument> : IDocumentKind where TDocument : class
{
    public required string CollectionName { get; init; }

    /// <summary>Fields (BSON paths) whose values identify a document; empty for append-only collections.</summary>
    public required IReadOnlyList<DocumentField<TDocument>> NaturalKey { get; init; }

    /// <summary>The field holding the owning user's id.</summary>
    public required DocumentField<TDocument> Owner { get; init; }

    public required Func<TDocument, ObjectId> GetId { get; init; }
    public required Action<TDocument, ObjectId> SetId { get; init; }

    /// <summary>Additional MongoDB indexes (name → ordered fields). The embedded engine filters in process per owner.</summary>
    public IReadOnlyList<IndexDefinition> SecondaryIndexes { get; init; } = [];

    /// <summary>
    /// Names of secondary indexes earlier versions created and this one replaced: dropped on MongoDB at
    /// start-up (their presence also says the database was written by an earlier version).
    /// </summary>
    public IReadOnlyList<string> RetiredIndexNames { get; init; } = [];

    /// <summary>
    /// When set, MongoDB 5.0+ creates the collection as a time series with these fields (and no
    /// unique natural-key index, which time series cannot have); elsewhere it is a plain collection.
    /// </summary>
    public TimeSeriesLayout? TimeSeries { get; init; }

    /// <summary>
    /// The collection's <c>$jsonSchema</c> (see <see cref="Validation.OpenFinanceSchemas"/>): a validator on MongoDB,
    /// checked before every write by both engines.
    /// </summary>
    public BsonDocument? Schema { get; init; }

    /// <summary>
    /// A date field (BSON path) after which a document is dead and may be removed: a TTL index on
    /// MongoDB (expireAfterSeconds 0), a purge on the embedded engine.
    /// </summary>
    public string? ExpiresAtPath { get; init; }

    /// <summary>The explicit name of the TTL index on <see cref="ExpiresAtPath"/>.</summary>
    public string ExpiryIndexName => $"ttl_{CollectionName}_expires";

    /// <summary>Throws <see cref="Validation.DocumentValidationException"/>, naming every problem, when a document breaks <see cref="Schema"/>.</summary>
    public void EnsureValid(TDocument document)
    {
        if (Schema is null)
        {
            return;
        }
        var problems = Validation.SchemaValidator.Problems(Schema, document.ToBsonDocument());
        if (problems.Count > 0)
        {
            throw new Validation.DocumentValidationException(CollectionName, problems);
        }
    }

    /// <summary>Checks a whole batch before any of it is written.</summary>
    public void EnsureValid(IEnumerable<TDocument> documents)
    {
        foreach (var document in documents)
        {
            EnsureValid(document);
        }
    }

    /// <summary>The explicit name of the unique natural-key index.</summary>
    public string NaturalKeyIndexName => $"ux_{CollectionName}_natural_key";

    /// <summary>The explicit name of the owner lookup index.</summary>
    public string OwnerIndexName => $"ix_{CollectionName}_owner";

    IReadOnlyList<string> IDocumentKind.NaturalKeyPaths => NaturalKey.Select(keyField => keyField.Path).ToArray();

    string IDocumentKind.OwnerPath => Owner.Path;

    IAsyncEnumerable<BsonDocument> IDocumentKind.ExportFrom(IDocumentStore store, CancellationToken cancellationToken) =>
        store.Collection(this).ExportAsync(cancellationToken);

    public IReadOnlyList<BsonValue> NaturalKeyOf(TDocument document) =>
        NaturalKey.Count == 0 ? [GetId(document)] : NaturalKey.Select(keyField => keyField.Read(document)).ToArray();

}

public static class NaturalKeys
{
    /// <summary>A stable string form of a natural key, used as the embedded engine's unique column.</summary>
    public static string Encode(IReadOnlyList<BsonValue> naturalKey) =>
        new BsonArray(naturalKey).ToJson();
}

/// <summary>A field by its BSON path (as stored) and how to read it from the typed document.</summary>
public sealed record DocumentField<TDocument>(string Path, Func<TDocument, BsonValue> Read);

/// <summary>A time-series collection's time field and meta field (BSON paths).</summary>
public sealed record TimeSeriesLayout(string TimeField, string MetaField);

public sealed record IndexDefinition(string Name, IReadOnlyList<string> Fields, bool Unique = false);

/// <summary>What the engines need to know about a collection without its document type (tables, indexes).</summary>
public interface IDocumentKind
{
    string CollectionName { get; }
    IReadOnlyList<string> NaturalKeyPaths { get; }
    string OwnerPath { get; }
    IReadOnlyList<IndexDefinition> SecondaryIndexes { get; }
    IReadOnlyList<string> RetiredIndexNames { get; }
    string NaturalKeyIndexName { get; }
    string OwnerIndexName { get; }
    TimeSeriesLayout? TimeSeries { get; }
    BsonDocument? Schema { get; }
    string? ExpiresAtPath { get; }
    string ExpiryIndexName { get; }

    /// <summary>Every stored document of this collection as BSON, for export (no owner scope).</summary>
    IAsyncEnumerable<BsonDocument> ExportFrom(IDocumentStore store, CancellationToken cancellationToken = default);
}
