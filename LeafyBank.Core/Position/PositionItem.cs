using MongoDB.Bson;

namespace LeafyBank.Core.Position;

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

    /// <summary>
    /// A product's stored <c>_id</c>: the reference its page's address carries (<c>/accounts/{reference}</c>), so the dashboard
    /// can link each loan without reading the documents again. Null for every other kind (on MongoDB: absent). Not named
    /// <c>Id</c>: that member is the item's <c>_id</c> in the pipeline, the bank's id.
    /// </summary>
    public ObjectId? DocumentId { get; set; }

    /// <summary>Account type (Checking, Savings…) or product type (Loan, Mortgage).</summary>
    public string Type { get; set; } = "";
    public string Currency { get; set; } = "";

    /// <summary>Account balance or a product's outstanding amount, in <see cref="Currency"/>.</summary>
    public decimal Amount { get; set; }

    /// <summary>
    /// An external account whose bank does not share its balance now (<see cref="PositionRules.BalanceNotShared"/>): its
    /// <see cref="Amount"/> is the last balance shared, or 0. False for everything else (on MongoDB: absent).
    /// </summary>
    public bool BalanceNotShared { get; set; }

    /// <summary><c>GreenAccountNarrative</c> or <c>GreenProductNarrative</c>.</summary>
    public string? Narrative { get; set; }

    public decimal? InterestRate { get; set; }
    public int? TermMonths { get; set; }
    public DateTime? OpeningDate { get; set; }
    public string? Collateral { get; set; }

    /// <summary>
    /// An external document's own name and the number the customer knows it by (<c>AccountName</c> / <c>ProductName</c>,
    /// <c>AccountIdentification</c> / <c>ProductIdentification</c>; null when the bank sent none), so the position can name
    /// an item to the customer as the pages do (<see cref="Domain.AccountWords"/>) without reading the documents again.
    /// </summary>
    public string? Name { get; set; }
    public string? Identification { get; set; }

    /// <summary>
    /// <c>NoLongerSharedSince</c> of an external account or loan: the bank stopped sending it under the current consent, so
    /// its figures are as last read (<see cref="RetrievedAt"/>). Null while the bank shares it, and for every other kind.
    /// </summary>
    public DateTime? NoLongerSharedSince { get; set; }

    /// <summary><c>Source.RetrievedAt</c> and <c>Source.ConsentId</c> of an external document.</summary>
    public DateTime? RetrievedAt { get; set; }
    public string? ConsentId { get; set; }

    /// <summary>A sync state's outcome (kind <see cref="PositionItemKinds.SyncState"/> only).</summary>
    public DateTime? LastSuccessAt { get; set; }
    public DateTime? LastAttemptAt { get; set; }
    public string? LastError { get; set; }
}
