using LeafyBank.Core.Domain;

namespace LeafyBank.Core.Banking.Sync;

/// <summary>What became of one <see cref="SyncStateWrites"/> write, with the document as written (or as found, when declined).</summary>
internal readonly record struct SyncStateWrite(SyncStateWriteOutcome Outcome, SyncState? State)
{
    public bool Written => Outcome == SyncStateWriteOutcome.Written;
}

internal enum SyncStateWriteOutcome
{
    /// <summary>Changed over the freshest stored copy.</summary>
    Written,

    /// <summary>The writer's own condition did not hold on the freshest stored copy: nothing written.</summary>
    Declined,

    /// <summary>The connection has no sync state (never synced, or disconnected or erased meanwhile).</summary>
    Missing,

    /// <summary>Others wrote between every read and write, <see cref="SyncStateWrites.Attempts"/> times: nothing written.</summary>
    Contended,
}
