namespace LeafyBank.Core.Position;

/// <summary>
/// What the engine returns for one customer. The order of every list is unspecified (the
/// computation sorts); only counted documents appear (closed accounts and anything that is
/// not an active loan or mortgage are left out by the rules). <see cref="NoLongerShared"/> holds the
/// counted accounts and loans a bank no longer shares (their figures are as last read).
/// </summary>
public sealed record PositionSnapshot(
    IReadOnlyList<PositionBucket> Buckets,
    IReadOnlyList<PositionItem> Loans,
    IReadOnlyList<PositionItem> Narratives,
    IReadOnlyList<InstitutionSource> Sources,
    IReadOnlyList<PositionItem> SyncStates,
    IReadOnlyList<PositionItem> NoLongerShared)
{
    public static PositionSnapshot Empty { get; } = new([], [], [], [], [], []);
}

/// <summary>What a bucket is grouped by.</summary>
public sealed record PositionBucketKey
{
    public string Kind { get; set; } = "";
    public string Bank { get; set; } = "";
    public string Type { get; set; } = "";
    public string Currency { get; set; } = "";
}

/// <summary>The sum and number of the counted items of one kind, institution, type and original currency.</summary>
public sealed record PositionBucket
{
    public string Kind { get; set; } = "";
    public string Bank { get; set; } = "";
    public string Type { get; set; } = "";
    public string Currency { get; set; } = "";
    public decimal Amount { get; set; }
    public int Count { get; set; }

    /// <summary>How many of the counted items are accounts whose bank does not share the balance now.</summary>
    public int BalancesNotShared { get; set; }

    /// <summary>Of those, how many hold a balance the bank shared earlier (not 0): <see cref="Amount"/> includes it.</summary>
    public int LastSharedBalances { get; set; }

    /// <summary>
    /// The counted items' own ids (<see cref="PositionItem.Id"/>: the bank's account or product id, Leafy Bank's account
    /// number), in no particular order: with <see cref="Kind"/> and <see cref="Bank"/>, which accounts and loans the
    /// figures counted (<see cref="GlobalPosition.Holdings"/>).
    /// </summary>
    public List<string> Ids { get; set; } = [];
}

/// <summary>
/// How current one external institution's stored documents are: the latest
/// <c>Source.RetrievedAt</c> and the consents they were fetched under (which link the
/// institution's name to its <c>sync_state</c>, keyed by the bank's directory id).
/// </summary>
public sealed class InstitutionSource
{
    public string Bank { get; set; } = "";
    public DateTime? LatestRetrievedAt { get; set; }
    public List<string?> ConsentIds { get; set; } = [];
}
