namespace LeafyBank.Core.Persistence;

/// <summary>How the engines cut bulk writes into pages.</summary>
public static class DocumentBatches
{
    /// <summary>
    /// Documents per bulk upsert batch: a year of a busy account in one round trip, while a batch's
    /// BSON (about 1 KB a transaction) stays far below MongoDB's 48 MB message and the embedded
    /// engine's write lock is held for milliseconds, not seconds.
    /// </summary>
    public const int UpsertBatchSize = 1000;
}
