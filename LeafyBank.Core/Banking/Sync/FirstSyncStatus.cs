using LeafyBank.Core.Domain;

namespace LeafyBank.Core.Banking.Sync;

/// <summary>Where the first sync under a connection's current consent stands.</summary>
public enum FirstSyncStage
{
    /// <summary>Requested a moment ago, or a sync of the connection holds a live lease.</summary>
    Running,
    Succeeded,
    Failed,
    /// <summary>Requested (or started) but nothing runs it any more: the process stopped first.</summary>
    DidNotRun,
    /// <summary>The customer has no live consent at this bank (never connected, ended, or not theirs).</summary>
    NotConnected,
    /// <summary>The bank sent accounts in someone else's name: nothing was stored; disconnect, or connect again as yourself.</summary>
    AccountsRefused,
}

/// <summary>
/// The first sync as the result page shows it, decided from stored state only (the consent, its
/// sync state and the <see cref="FirstSyncRecord"/>), so showing it never calls a bank.
/// </summary>
public sealed record FirstSyncStatus(FirstSyncStage Stage, FirstSyncRecord? Record)
{
    /// <summary>
    /// How long a requested first sync may take to take its lease before the page says it did not
    /// run. Starting is a directory look-up and two store reads; a process that died takes longer.
    /// </summary>
    public static readonly TimeSpan StartGrace = TimeSpan.FromSeconds(30);

    /// <param name="connection">The signed-in customer's connection at the bank, or null.</param>
    /// <param name="now">The injected clock's now.</param>
    /// <param name="runningHere">Whether this process's <see cref="FirstSyncRunner"/> is still at it (waiting for another sync's lease, for example).</param>
    public static FirstSyncStatus Of(ConnectionSummary? connection, DateTime now, bool runningHere)
    {
        if (connection is { Status: ConnectionStatus.AccountsRefused })
        {
            return new FirstSyncStatus(FirstSyncStage.AccountsRefused,
                connection.Sync?.FirstSync is { } refused && refused.ConsentId == connection.Consent.ConsentId ? refused : null);
        }
        if (connection is not { IsLive: true })
        {
            return new FirstSyncStatus(FirstSyncStage.NotConnected, null);
        }
        var record = connection.Sync?.FirstSync is { } stored && stored.ConsentId == connection.Consent.ConsentId ? stored : null;
        if (record is { FinishedAt: not null })
        {
            return new FirstSyncStatus(record.Outcome == AuditOutcomes.Succeeded ? FirstSyncStage.Succeeded : FirstSyncStage.Failed, record);
        }
        var leaseLive = connection.Sync?.LeaseUntil > now;
        var aboutToStart = record is { StartedAt: null } && now - record.RequestedAt < StartGrace;
        return new FirstSyncStatus(leaseLive || aboutToStart || runningHere ? FirstSyncStage.Running : FirstSyncStage.DidNotRun, record);
    }
}
