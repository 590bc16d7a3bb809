using MongoDB.Bson;

namespace LeafyBank.Core.Domain;

/// <summary>Per-connection sync status the UI reads and the scheduler writes (collection <c>sync_state</c>).</summary>
public sealed class SyncState
{
    public ObjectId Id { get; set; }
    public PartyReference SyncUser { get; set; } = new();
    public string Bank { get; set; } = "";

    /// <summary>
    /// The bank's display name, as the synced documents carry it (<c>AccountBank</c>…), so a
    /// connection whose first sync failed is still reported under its name, not its id.
    /// </summary>
    public string? BankName { get; set; }
    public string? ConsentId { get; set; }
    public DateTime? LastSuccessAt { get; set; }
    public DateTime? LastAttemptAt { get; set; }
    /// <summary>The last failure in plain words, cleared by the next success.</summary>
    public string? LastError { get; set; }
    public DateTime? NextAllowedAt { get; set; }
    /// <summary>Failures since the last success, for back-off.</summary>
    public int ConsecutiveFailures { get; set; }
    /// <summary>Opaque incremental-sync cursor for transactions.</summary>
    public string? TransactionCursor { get; set; }
    /// <summary>Who holds the sync lease and until when, so one connection never syncs twice at once.</summary>
    public string? LeaseOwner { get; set; }
    public DateTime? LeaseUntil { get; set; }
}
