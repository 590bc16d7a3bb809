using LeafyBank.Core.Notifications;

namespace LeafyBank.Core.Persistence.MongoDb;

public sealed partial class MongoDocumentStore
{
    /// <summary>A change stream on <c>sync_state</c> and <c>consents</c>; whether the server has one is found out when it is opened.</summary>
    public ISyncStateChangeFeed? SyncStateChanges => new MongoSyncStateChangeStream(database, Failures);
}
