using MongoDB.Bson;

namespace LeafyBank.Core.Notifications;

/// <summary>What a <c>sync_state</c> document says after a write: whose connection, and which finished sync it records.</summary>
/// <param name="SyncVersion">How many syncs of the connection have finished (<c>SyncState.SyncVersion</c>).</param>
/// <param name="SyncedBy">The instance that finished the last one.</param>
/// <param name="SyncedAt">When it finished.</param>
public sealed record SyncStateChange(ObjectId Owner, string Bank, long SyncVersion, string? SyncedBy, DateTime? SyncedAt)
{
    public static SyncStateChange From(Domain.SyncState state) =>
        new(state.SyncUser.UserId, state.Bank, state.SyncVersion, state.SyncedBy, state.SyncedAt);
}
