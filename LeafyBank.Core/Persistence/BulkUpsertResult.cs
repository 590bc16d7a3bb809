namespace LeafyBank.Core.Persistence;

/// <summary>What a bulk upsert did, counted per outcome (the engines report counts, not per-document outcomes).</summary>
public sealed record BulkUpsertResult(int Inserted, int Updated, int Unchanged)
{
    public static readonly BulkUpsertResult Nothing = new(0, 0, 0);

    public int Total => Inserted + Updated + Unchanged;

    public static BulkUpsertResult operator +(BulkUpsertResult left, BulkUpsertResult right) =>
        new(left.Inserted + right.Inserted, left.Updated + right.Updated, left.Unchanged + right.Unchanged);

    public static BulkUpsertResult Of(UpsertOutcome outcome) => outcome switch
    {
        UpsertOutcome.Inserted => new(1, 0, 0),
        UpsertOutcome.Updated => new(0, 1, 0),
        _ => new(0, 0, 1),
    };
}
