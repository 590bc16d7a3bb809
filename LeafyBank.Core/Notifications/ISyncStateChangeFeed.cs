namespace LeafyBank.Core.Notifications;

/// <summary>
/// A push feed of <c>sync_state</c> writes made by any app instance, where the engine has one
/// (a MongoDB change stream on a replica set). Engines without one fall back to polling in
/// <see cref="SyncStateChangeRelay"/>.
/// </summary>
public interface ISyncStateChangeFeed
{
    /// <summary>
    /// Watches until cancelled: calls <paramref name="onOpened"/> once the feed is open, then
    /// <paramref name="onChange"/> for each insert, update or replace of a <c>sync_state</c>
    /// document. Throws <see cref="ChangeFeedUnavailableException"/> when the server offers no
    /// such feed (a standalone server); any other failure ends the call, and calling again
    /// resumes after the last change seen.
    /// </summary>
    Task WatchAsync(Action onOpened, Action<SyncStateChange> onChange, CancellationToken cancellationToken);
}
