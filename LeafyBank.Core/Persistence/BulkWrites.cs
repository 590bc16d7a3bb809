namespace LeafyBank.Core.Persistence;

/// <summary>Rules both engines apply to bulk upserts.</summary>
internal static class BulkWrites
{
    /// <summary>A bulk upsert matches on the natural key; a collection without one (the ledger) only appends.</summary>
    public static void EnsureKeyed(IDocumentKind kind)
    {
        if (kind.NaturalKeyPaths.Count == 0 || kind.TimeSeries is not null)
        {
            throw new InvalidOperationException(
                $"{kind.CollectionName} has no unique natural key to upsert on; append to it with InsertManyAsync instead.");
        }
    }
}
