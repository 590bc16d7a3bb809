using Microsoft.Extensions.Logging;
using MongoDB.Bson;

namespace LeafyBank.Core.Notifications;

/// <summary>
/// Tells open views that one customer's position changed (a sync wrote new data or a new
/// failure), so a dashboard can refresh without a reload. Strictly per customer: a subscriber
/// only ever hears about the customer it subscribed for.
/// </summary>
/// <remarks>
/// In-process; a sync that finished on another app instance reaches this instance's views through
/// <see cref="SyncStateChangeRelay"/>, which calls <see cref="PublishToViews"/>.
/// </remarks>
public sealed class PositionChangeNotifier(ILogger<PositionChangeNotifier> logger)
{
    private readonly Lock gate = new();
    private readonly Dictionary<ObjectId, List<Subscription>> subscribers = [];
    private readonly List<Action<ObjectId>> everyone = [];

    /// <summary>
    /// Calls <paramref name="onChanged"/> with the customer's id whenever any customer's position
    /// changes (the position history records a snapshot after each sync). Same rules as
    /// <see cref="Subscribe"/>: it runs on the publisher's thread and must return quickly.
    /// </summary>
    public IDisposable SubscribeToEveryone(Action<ObjectId> onChanged)
    {
        ArgumentNullException.ThrowIfNull(onChanged);
        lock (gate)
        {
            everyone.Add(onChanged);
        }
        return new Unsubscriber(() =>
        {
            lock (gate)
            {
                everyone.Remove(onChanged);
            }
        });
    }

    /// <summary>
    /// Calls <paramref name="onChanged"/> whenever <paramref name="userId"/>'s position changes,
    /// until the returned handle is disposed. The callback runs on the publisher's thread and must
    /// return quickly (a Blazor component hands the work to its renderer with <c>InvokeAsync</c>).
    /// </summary>
    public IDisposable Subscribe(ObjectId userId, Action onChanged) => Subscribe(userId, onChanged, readAt: null);

    /// <summary>
    /// As <see cref="Subscribe(ObjectId, Action)"/>, for a view that read the customer's data at <paramref name="readAt"/>
    /// (taken before it started reading), before subscribing: a connection made, ended or deleted, or a sync finished, since
    /// then (in the gap between its read and this subscription) is told to this subscriber alone as soon as it is found
    /// (<see cref="CatchUpRequested"/>, answered by <see cref="SyncStateChangeRelay"/>), rather than at the next change.
    /// </summary>
    public IDisposable Subscribe(ObjectId userId, Action onChanged, DateTime? readAt)
    {
        ArgumentNullException.ThrowIfNull(onChanged);
        if (userId == ObjectId.Empty)
        {
            throw new ArgumentException("A subscription needs the customer's id; ObjectId.Empty would hear nobody.", nameof(userId));
        }
        var subscription = new Subscription(this, userId, onChanged);
        var first = false;
        lock (gate)
        {
            if (!subscribers.TryGetValue(userId, out var list))
            {
                subscribers[userId] = list = [];
                first = true;
            }
            list.Add(subscription);
        }
        if (first)
        {
            CustomerWatched?.Invoke(userId);
        }
        if (readAt is { } since)
        {
            CatchUpRequested?.Invoke(new CatchUp(userId, since, () => Tell(subscription)));
        }
        return subscription;
    }

    /// <summary>
    /// Raised (on the subscriber's thread, outside any lock) for a subscription that says when its view read the data:
    /// whoever can read the store (<see cref="SyncStateChangeRelay"/>) calls <see cref="CatchUp.Tell"/> if anything changed since.
    /// </summary>
    public event Action<CatchUp>? CatchUpRequested;

    /// <summary>One view's question "did anything change since I read it?": <see cref="Tell"/> refreshes that view only.</summary>
    public sealed record CatchUp(ObjectId UserId, DateTime Since, Action Tell);

    private void Tell(Subscription target)
    {
        if (target.IsDisposed)
        {
            return;
        }
        try
        {
            target.OnChanged();
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "A position-change subscriber failed");
        }
    }

    /// <summary>
    /// Raised (on the subscriber's thread, outside any lock) when a customer gets their first
    /// subscriber here, so <see cref="SyncStateChangeRelay"/> starts watching them at once.
    /// </summary>
    public event Action<ObjectId>? CustomerWatched;

    /// <summary>The customers with at least one subscriber in this instance now.</summary>
    public IReadOnlyList<ObjectId> WatchedCustomers()
    {
        lock (gate)
        {
            return [.. subscribers.Keys];
        }
    }

    /// <summary>
    /// Tells only the views subscribed to <paramref name="userId"/>, not the
    /// <see cref="SubscribeToEveryone"/> listeners: for a sync that finished on another instance,
    /// whose own listeners (the position history) already ran there.
    /// </summary>
    public void PublishToViews(ObjectId userId) => Notify(userId, includeEveryone: false);

    /// <summary>Tells every subscriber of <paramref name="userId"/> (and nobody else). Never throws for a subscriber's fault.</summary>
    public void Publish(ObjectId userId) => Notify(userId, includeEveryone: true);

    private void Notify(ObjectId userId, bool includeEveryone)
    {
        Subscription[] targets;
        Action<ObjectId>[] listeners;
        lock (gate)
        {
            // A copy: callbacks may subscribe or dispose while we call them.
            targets = subscribers.TryGetValue(userId, out var list) ? [.. list] : [];
            listeners = includeEveryone ? [.. everyone] : [];
        }
        foreach (var listener in listeners)
        {
            try
            {
                listener(userId);
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "A position-change listener failed");
            }
        }
        // One broken view must neither stop the others nor fail the sync that published (Tell logs and goes on).
        foreach (var target in targets)
        {
            Tell(target);
        }
    }

    /// <summary>How many views currently listen for <paramref name="userId"/>.</summary>
    public int SubscriberCount(ObjectId userId)
    {
        lock (gate)
        {
            return subscribers.TryGetValue(userId, out var list) ? list.Count : 0;
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (gate)
        {
            if (subscribers.TryGetValue(subscription.UserId, out var list) && list.Remove(subscription) && list.Count == 0)
            {
                subscribers.Remove(subscription.UserId);
            }
        }
    }

    private sealed class Subscription(PositionChangeNotifier owner, ObjectId userId, Action onChanged) : IDisposable
    {
        private int disposed;

        public ObjectId UserId { get; } = userId;

        public Action OnChanged { get; } = onChanged;

        public bool IsDisposed => Volatile.Read(ref disposed) != 0;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                owner.Remove(this);
            }
        }
    }

    private sealed class Unsubscriber(Action unsubscribe) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                unsubscribe();
            }
        }
    }
}
