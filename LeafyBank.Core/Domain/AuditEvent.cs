using MongoDB.Bson;

namespace LeafyBank.Core.Domain;

/// <summary>
/// One entry of the append-only consent and access ledger (collection <c>audit_events</c>):
/// consents granted, renewed, revoked or expired, every data pull and import.
/// </summary>
public sealed class AuditEvent
{
    public ObjectId Id { get; set; }
    public PartyReference EventUser { get; set; } = new();
    public string Kind { get; set; } = "";
    public string? Bank { get; set; }
    public string? ConsentId { get; set; }
    public DateTime At { get; set; }
    /// <summary>succeeded or failed.</summary>
    public string Outcome { get; set; } = AuditOutcomes.Succeeded;
    /// <summary>Plain words for the customer; never a token or secret.</summary>
    public string Detail { get; set; } = "";
}

public static class AuditKinds
{
    public const string DataImported = "DataImported";
    public const string ConsentRequested = "ConsentRequested";
    public const string ConsentGranted = "ConsentGranted";
    /// <summary>
    /// The consent request ended without a consent for a reason that is not the customer's choice: the approval came
    /// too late, the bank answered with an error, or without an authorization code.
    /// </summary>
    public const string ConsentRejected = "ConsentRejected";
    /// <summary>
    /// The customer did not approve at the bank: declined, or cancelled at its sign-in or consent page (OAuth's
    /// <c>access_denied</c> covers both). Their choice, kept apart from <see cref="ConsentRejected"/> so that no reader
    /// has to tell the two apart by the detail's words. Stored with outcome failed: no consent came of the request.
    /// Before 3 Dec 2026 these were stored as <see cref="ConsentRejected"/> (see <c>LedgerEntry.WasDeclinedBefore</c>).
    /// </summary>
    public const string ConsentDeclined = "ConsentDeclined";
    public const string ConsentRenewed = "ConsentRenewed";
    /// <summary>A new access token under the same consent (OAuth refresh).</summary>
    public const string AccessRefreshed = "AccessRefreshed";
    public const string ConsentRevoked = "ConsentRevoked";
    public const string ConsentExpired = "ConsentExpired";
    public const string DataPulled = "DataPulled";
    /// <summary>A bank's data, or every bank's (no <c>Bank</c>), deleted from Leafy Bank at the customer's request.</summary>
    public const string DataDeleted = "DataDeleted";
    /// <summary>
    /// The data of one account or loan its bank no longer shares, removed from Leafy Bank by the customer; the bank keeps the
    /// account, and the rest of that bank's data stays. Apart from <see cref="DataDeleted"/>, which a reader takes for a whole bank.
    /// </summary>
    public const string UnsharedDataRemoved = "UnsharedDataRemoved";
    /// <summary>A bank returned accounts held by someone else; they were not stored.</summary>
    public const string AccountsRefused = "AccountsRefused";
}

public static class AuditOutcomes
{
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}
