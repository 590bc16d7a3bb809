namespace LeafyBank.Core.Persistence;

/// <summary>Two different documents claimed the same <c>_id</c>: the incoming data contradicts what is stored.</summary>
public sealed class DocumentConflictException(string collection, string id, Exception? inner = null)
    : Exception($"A different document with _id {id} already exists in {collection}; nothing was overwritten.", inner)
{
    public string Collection { get; } = collection;
    public string DocumentId { get; } = id;
}
