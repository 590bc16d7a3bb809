using MongoDB.Bson;

namespace LeafyBank.Core.Domain;

/// <summary>
/// The customer's consent for Leafy Bank to read data at one external bank (collection
/// <c>consents</c>), following the Berlin Group NextGenPSD2 lifecycle.
/// </summary>
public sealed class Consent
{
    public ObjectId Id { get; set; }
    /// <summary>The consent id the bank issued.</summary>
    public string ConsentId { get; set; } = "";
    public string Bank { get; set; } = "";
    public PartyReference ConsentUser { get; set; } = new();
    public string Status { get; set; } = ConsentStatuses.Received;
    public List<string> Permissions { get; set; } = [];
    public List<string> AccountIds { get; set; } = [];
    /// <summary>
    /// What the customer shared under this consent, as they know it ("Girokonto •••• 1234": name and masked number, never an
    /// id), recorded once, at Leafy Bank's first read after the grant: the bank says which accounts and loans the customer
    /// chose only by sending them. Null until then, and for consents granted before this was recorded.
    /// </summary>
    public List<string>? SharedAccounts { get; set; }
    /// <summary>
    /// The bank's own reference for each of <see cref="SharedAccounts"/>, in the same order and from the same read
    /// (<c>account:</c> or <c>product:</c> and the bank's id for it, see <see cref="Ledger.GrantedAccounts"/>): a renewal's ledger
    /// entry compares consents by these, since a name can repeat (two "Savings" accounts at one bank) or change. Never shown.
    /// Null when <see cref="SharedAccounts"/> is, and for consents whose accounts were recorded before it was kept.
    /// </summary>
    public List<string>? SharedAccountRefs { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ValidUntil { get; set; }
    /// <summary>
    /// The last day the customer asked for, when the bank granted another <see cref="ValidUntil"/> (a bank may cap a
    /// consent at its own maximum); absent when the bank granted what was asked, and in consents stored before it was kept.
    /// </summary>
    public DateTime? RequestedValidUntil { get; set; }
    public int FrequencyPerDay { get; set; }
    public DateTime StatusChangedAt { get; set; }
    /// <summary>
    /// Why Leafy Bank ended the consent (<see cref="ConsentEndReasons"/>), when it was not the customer disconnecting this
    /// one bank: both leave the status <see cref="ConsentStatuses.TerminatedByTpp"/>, yet the customer did different things.
    /// Absent otherwise.
    /// </summary>
    public string? EndReason { get; set; }
    /// <summary>
    /// When "Delete all my linked data" deleted what the customer still had from this bank after the consent had ended
    /// (disconnected keeping the data, or it ran out or was ended at the bank): the consent itself had ended earlier, so
    /// <see cref="EndReason"/> cannot say it. Absent when nothing kept from the bank was deleted that way.
    /// </summary>
    public DateTime? KeptDataDeletedAt { get; set; }
    /// <summary>
    /// When "Delete this bank's data" erased what Leafy Bank kept from this bank after the consent had ended, or, on the
    /// bank's newest consent (live or not), when the customer last removed the data of an account or loan the bank no longer
    /// shares. Nothing reads it to explain the connection (the audit entry does that): written so that the customer's other
    /// tabs and app instances, which hear consent writes, learn of the deletion. Absent otherwise.
    /// </summary>
    public DateTime? DataDeletedAt { get; set; }
}

public static class ConsentEndReasons
{
    /// <summary>The customer's "Delete all my linked data" ended it, with every other consent.</summary>
    public const string LinkedDataDeleted = "linkedDataDeleted";
}

public static class ConsentStatuses
{
    public const string Received = "received";
    public const string Valid = "valid";
    public const string Rejected = "rejected";
    public const string RevokedByPsu = "revokedByPsu";
    public const string Expired = "expired";
    public const string TerminatedByTpp = "terminatedByTpp";
}

public static class ConsentPermissions
{
    public const string Accounts = "accounts";
    public const string Balances = "balances";
    public const string Transactions = "transactions";
    public const string Products = "products";
}
