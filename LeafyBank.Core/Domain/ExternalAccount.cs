using MongoDB.Bson;

namespace LeafyBank.Core.Domain;

/// <summary>
/// An account the customer holds at another bank, in the unified model
/// (collection <c>external_accounts</c>; field names fixed by the source document).
/// </summary>
public sealed class ExternalAccount
{
    public ObjectId Id { get; set; }
    public string AccountId { get; set; } = "";
    public string AccountBank { get; set; } = "";
    public string AccountStatus { get; set; } = AccountStatuses.Active;
    public string AccountType { get; set; } = "";
    public decimal AccountBalance { get; set; }
    public string AccountCurrency { get; set; } = "";
    public AccountDates AccountDate { get; set; } = new();
    public PartyReference AccountUser { get; set; } = new();
    public string? GreenAccountNarrative { get; set; }

    /// <summary>
    /// The account's own name as the bank gives it ("Girokonto", "Instant Saver"); null when the bank
    /// sent none (older documents too). Pages word the type instead (<see cref="AccountWords"/>).
    /// </summary>
    public string? AccountName { get; set; }

    /// <summary>The number a customer knows the account by (IBAN, sort code and number…); null when the bank sent none.</summary>
    public string? AccountIdentification { get; set; }

    /// <summary>The account holder's name as the bank states it; null when the bank sent none.</summary>
    public string? OwnerName { get; set; }

    /// <summary>How and when this document was last written (import or a bank API sync).</summary>
    public DataSource? Source { get; set; }

    /// <summary>
    /// When a sync found that the bank no longer sends this account under the customer's current consent (they unticked it at
    /// the bank when renewing or connecting again). The document stays exactly as last read (<see cref="Source"/> says when),
    /// is no longer updated, and is treated as a disconnected bank's kept data is. Null while the bank shares it; the first
    /// sync that brings it again clears it (the rule is in <c>Banking/Sync/NoLongerShared</c>).
    /// </summary>
    public DateTime? NoLongerSharedSince { get; set; }

    /// <summary>Fields a bank sent that the unified model has no place for, kept verbatim.</summary>
    public BsonDocument? BankExtras { get; set; }
}

public sealed class AccountDates
{
    public DateTime OpeningDate { get; set; }
}

/// <summary>The owner of a document: <c>{ UserName, UserId }</c> as in the source document.</summary>
public sealed class PartyReference
{
    public string UserName { get; set; } = "";
    public ObjectId UserId { get; set; }
}

public sealed class DataSource
{
    public string Origin { get; set; } = "";
    public DateTime RetrievedAt { get; set; }
    public string? ConsentId { get; set; }
}
