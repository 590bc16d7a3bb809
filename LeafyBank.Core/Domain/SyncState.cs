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

    /// <summary>
    /// What kind of failure <see cref="LastError"/> is (a <c>BankFailureKind</c> name), so the connection's
    /// lifecycle can tell a bank that erred (worth retrying) from one that sent another person's accounts
    /// (only a new connection helps). Cleared with <see cref="LastError"/>.
    /// </summary>
    public string? LastFailureKind { get; set; }
    public DateTime? NextAllowedAt { get; set; }
    /// <summary>Failures since the last success, for back-off.</summary>
    public int ConsecutiveFailures { get; set; }
    /// <summary>Opaque incremental-sync cursor for transactions.</summary>
    public string? TransactionCursor { get; set; }
    /// <summary>
    /// Who holds the sync lease and until when, so one connection never syncs twice at once. The
    /// holder's heartbeat keeps moving <see cref="LeaseUntil"/> while its sync runs; a lease whose
    /// holder died runs out within one lease duration.
    /// </summary>
    public string? LeaseOwner { get; set; }
    public DateTime? LeaseUntil { get; set; }

    /// <summary>
    /// The first sync under the latest granted consent (connect or renew), as the result page shows
    /// it: requested by the callback, then started and finished by the sync that ran it.
    /// </summary>
    public FirstSyncRecord? FirstSync { get; set; }

    /// <summary>
    /// Moves by one each time a sync of this connection finishes (success or failure), so other app
    /// instances see that it finished even when the clock gave two syncs the same instant.
    /// </summary>
    public long SyncVersion { get; set; }

    /// <summary>The instance (<c>SyncInstance.Name</c>) that finished the last sync: that instance already told its own views.</summary>
    public string? SyncedBy { get; set; }

    /// <summary>When the last sync finished, by the clock of the instance that ran it.</summary>
    public DateTime? SyncedAt { get; set; }

    /// <summary>
    /// Moves by one with every write, whoever makes it (the sync and its lease, the connect flow, the first-sync runner,
    /// the scheduler, the eraser): each writer changes its own fields on the freshest stored copy and replaces it only
    /// while the revision is still the one it read (<c>Banking/Sync/SyncStateWrites</c>), so none puts back a stale value
    /// of another's. Null on a document no such write has touched yet (stored before the field existed, or by a bulk load);
    /// the first write makes it 1.
    /// </summary>
    public long? Revision { get; set; }
}

/// <summary>
/// The first sync after a consent was granted, stored so that the result page can show how it went
/// (counts as they were then) without ever asking the bank again.
/// </summary>
public sealed class FirstSyncRecord
{
    /// <summary>The consent it belongs to; a renewal starts a new record.</summary>
    public string ConsentId { get; set; } = "";
    public DateTime RequestedAt { get; set; }
    /// <summary>Set when a sync took the lease for it; with no <see cref="FinishedAt"/> and no live lease, it was interrupted.</summary>
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    /// <summary><see cref="AuditOutcomes.Succeeded"/> or <see cref="AuditOutcomes.Failed"/> once finished.</summary>
    public string? Outcome { get; set; }
    /// <summary>What happened, in words for the customer.</summary>
    public string? Message { get; set; }
    public int Accounts { get; set; }
    public int Products { get; set; }
    public int Transactions { get; set; }
}
