namespace LeafyBank.Core.Notifications;

/// <summary>
/// A push feed of the connection writes made by any app instance, where the engine has one (a MongoDB change stream on a
/// replica set): <c>sync_state</c> (a sync finished) and <c>consents</c> (a connection made, renewed or ended). Engines
/// without one fall back to polling in <see cref="SyncStateChangeRelay"/>.
/// </summary>
public interface ISyncStateChangeFeed
{
    /// <summary>
    /// Watches until cancelled: calls <paramref name="onOpened"/> once the feed is open, then
    /// <paramref name="onChange"/> for each insert, update or replace of a <c>sync_state</c> document and
    /// <paramref name="onConsentChange"/> for each of a <c>consents</c> document. Throws
    /// <see cref="ChangeFeedUnavailableException"/> when the server offers no such feed (a standalone server); any other
    /// failure ends the call, and calling again resumes after the last change seen.
    /// </summary>
    Task WatchAsync(Action onOpened, Action<SyncStateChange> onChange, Action<ConsentStatusChange> onConsentChange, CancellationToken cancellationToken);
}
