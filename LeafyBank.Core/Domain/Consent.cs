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
    public DateTime CreatedAt { get; set; }
    public DateTime ValidUntil { get; set; }
    public int FrequencyPerDay { get; set; }
    public DateTime StatusChangedAt { get; set; }
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
