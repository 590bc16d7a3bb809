using MongoDB.Bson;

namespace LeafyBank.Core.Domain;

/// <summary>A booked or pending transaction on an external account (collection <c>external_transactions</c>).</summary>
public sealed class ExternalTransaction
{
    public ObjectId Id { get; set; }
    public string TransactionId { get; set; } = "";
    public string TransactionBank { get; set; } = "";
    public string AccountId { get; set; } = "";
    public PartyReference TransactionUser { get; set; } = new();
    /// <summary>booked or pending (Berlin Group bookingStatus).</summary>
    public string BookingStatus { get; set; } = BookingStatuses.Booked;
    /// <summary>Signed: negative for money leaving the account.</summary>
    public decimal Amount { get; set; }
    public string Currency { get; set; } = "";
    public DateTime BookingDate { get; set; }
    public DateTime? ValueDate { get; set; }
    public string Description { get; set; } = "";
    public string? Merchant { get; set; }
    public string? Category { get; set; }
    /// <summary>For a booked transaction: the id it had while pending, so the pending copy is replaced, not doubled.</summary>
    public string? PendingTransactionId { get; set; }

    /// <summary>
    /// Description, merchant and category as search compares them (see <see cref="Transactions.TransactionSearch"/>):
    /// written with every store of the document, never read back (it is always recomputed).
    /// </summary>
    public string SearchText => Transactions.TransactionSearch.TextOf(this);
}

public static class BookingStatuses
{
    public const string Booked = "booked";
    public const string Pending = "pending";
}
