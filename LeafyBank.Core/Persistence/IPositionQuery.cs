using MongoDB.Bson;

namespace LeafyBank.Core.Persistence;

/// <summary>
/// The raw material of a customer's global position, fetched in one query per engine: an
/// aggregation pipeline on MongoDB (one round trip, <c>$unionWith</c> + <c>$facet</c>), in
/// process on the embedded store. Both engines build it from the same expressions in
/// <c>Position/PositionRules</c> and <c>Position/PositionQueryShape</c>; what the figures mean
/// (conversion, totals, payments, shares) is computed once, by <c>GlobalPositionService.Compute</c>.
/// </summary>
public interface IPositionQuery
{
    Task<PositionSnapshot> GetSnapshotAsync(ObjectId userId, CancellationToken cancellationToken = default);
}

/// <summary>
/// What the engine returns for one customer. The order of every list is unspecified (the
/// computation sorts); only counted documents appear (closed accounts and anything that is
/// not an active loan or mortgage are left out by the rules).
/// </summary>
public sealed record PositionSnapshot(
    IReadOnlyList<PositionBucket> Buckets,
    IReadOnlyList<PositionItem> Loans,
    IReadOnlyList<PositionItem> Narratives,
    IReadOnlyList<InstitutionSource> Sources,
    IReadOnlyList<PositionItem> SyncStates)
{
    public static PositionSnapshot Empty { get; } = new([], [], [], [], []);
}

/// <summary>Where a <see cref="PositionItem"/> came from.</summary>
public static class PositionItemKinds
{
    /// <summary>An account at Leafy Bank itself (<c>internal_accounts</c>): balance side.</summary>
    public const string Internal = "internal";

    /// <summary>An account at another bank (<c>external_accounts</c>): balance side.</summary>
    public const string Account = "account";

    /// <summary>An active loan or mortgage at another bank (<c>external_products</c>): debt side.</summary>
    public const string Product = "product";

    /// <summary>A connection's sync status (<c>sync_state</c>): no amount.</summary>
    public const string SyncState = "sync";
}

/// <summary>
/// One account, product or sync state in the single shape the query unions the collections
/// into. Fields a kind does not have stay null (on MongoDB: absent).
/// </summary>
public sealed class PositionItem
{
    public string Kind { get; set; } = "";

    /// <summary>Institution name (<c>AccountBank</c>, <c>ProductBank</c>, "Leafy Bank"), or a sync state's bank directory id.</summary>
    public string Bank { get; set; } = "";

    /// <summary>The bank's account number or product id.</summary>
    public string Id { get; set; } = "";

    /// <summary>Account type (Checking, Savings…) or product type (Loan, Mortgage).</summary>
    public string Type { get; set; } = "";
    public string Currency { get; set; } = "";

    /// <summary>Account balance or a product's outstanding amount, in <see cref="Currency"/>.</summary>
    public decimal Amount { get; set; }

    /// <summary><c>GreenAccountNarrative</c> or <c>GreenProductNarrative</c>.</summary>
    public string? Narrative { get; set; }

    public decimal? InterestRate { get; set; }
    public int? TermMonths { get; set; }
    public DateTime? OpeningDate { get; set; }
    public string? Collateral { get; set; }

    /// <summary><c>Source.RetrievedAt</c> and <c>Source.ConsentId</c> of an external document.</summary>
    public DateTime? RetrievedAt { get; set; }
    public string? ConsentId { get; set; }

    /// <summary>A sync state's outcome (kind <see cref="PositionItemKinds.SyncState"/> only).</summary>
    public DateTime? LastSuccessAt { get; set; }
    public DateTime? LastAttemptAt { get; set; }
    public string? LastError { get; set; }
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
