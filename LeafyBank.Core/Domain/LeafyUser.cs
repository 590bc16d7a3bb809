using MongoDB.Bson;

namespace LeafyBank.Core.Domain;

/// <summary>A Leafy Bank customer (collection <c>users</c>).</summary>
public sealed class LeafyUser
{
    public ObjectId Id { get; set; }
    public string UserName { get; set; } = "";
    public string FirstName { get; set; } = "";
    public string LastName { get; set; } = "";
    /// <summary>ISO 4217 code the customer's totals are shown in.</summary>
    public string BaseCurrency { get; set; } = "USD";
    /// <summary>
    /// The IANA time zone the customer's browser last reported ("Europe/Berlin"), so that a day in their
    /// history is their own calendar day; null until a browser has said, and then days are UTC days.
    /// </summary>
    public string? TimeZone { get; set; }
    public DateTime CreatedAt { get; set; }

    public string DisplayName => $"{FirstName} {LastName}".Trim();
}

/// <summary>An account held at Leafy Bank itself (collection <c>internal_accounts</c>).</summary>
public sealed class InternalAccount
{
    public ObjectId Id { get; set; }
    public string AccountNumber { get; set; } = "";
    public string AccountStatus { get; set; } = AccountStatuses.Active;
    public string AccountType { get; set; } = "";
    public decimal AccountBalance { get; set; }
    public string AccountCurrency { get; set; } = "USD";
    public AccountDates AccountDate { get; set; } = new();
    public PartyReference AccountUser { get; set; } = new();
}
