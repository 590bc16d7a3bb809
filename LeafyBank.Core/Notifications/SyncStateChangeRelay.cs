using System.Threading.Channels;
using LeafyBank.Core.Banking.Sync;
using LeafyBank.Core.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MongoDB.Bson;

namespace LeafyBank.Core.Notifications;

/// <summary>
/// Carries "a sync finished" and "a connection was made, renewed or ended" across app instances: learns of
/// <c>sync_state</c> writes made by other instances and of <c>consents</c> that became or stopped being valid, and tells
/// this instance's views of that customer (<see cref="PositionChangeNotifier.PublishToViews"/>). Only customers with a
/// view open here are watched; a sync this instance finished itself (<c>SyncedBy</c>) is skipped, because
/// <see cref="SyncService"/> already published it. A consent carries no instance, so its change is announced here too
/// when this instance made it: the same customer's other tabs hear a disconnect made in one of them through this relay,
/// whichever instance serves them (the tab that made it reads its own page once more, at worst).
/// </summary>
/// <remarks>
/// The source is the store's change stream where it has one (a MongoDB replica set), found out
/// once at start and logged; otherwise (embedded engine, standalone MongoDB) this instance reads
/// the watched customers' <c>sync_state</c> every <see cref="LiveUpdateSettings.PollInterval"/>,
/// two owner-indexed reads per customer (<c>sync_state</c> and <c>consents</c>). Either way a finished sync is recognised by
/// <c>SyncVersion</c> moving past what this instance last saw for that connection, and a connection made or ended by the
/// set of the customer's valid consents changing; a customer's versions and consents are read when their first view opens
/// (see <see cref="FirstLookWindow"/>, which only syncs use: a consent names no instance, so it cannot tell another's change from this one's).
/// All work runs on one loop, so the versions need no lock and events keep their order.
/// </remarks>
public sealed class SyncStateChangeRelay(
    IDocumentStore store,
    PositionChangeNotifier notifier,
    SyncInstance instance,
    LiveUpdateSettings settings,
    TimeProvider clock,
    ILogger<SyncStateChangeRelay> logger) : BackgroundService
{
    /// <summary>
    /// On a customer's first read, a sync another instance finished this recently is announced:
    /// their view loaded its figures just before subscribing and may have missed it (at worst one
    /// extra refresh). Instances' clocks agree well within it, as sync leases already require.
    /// </summary>
    public static readonly TimeSpan FirstLookWindow = TimeSpan.FromSeconds(5);

    /// <summary>How long a broken change stream waits before it is reopened.</summary>
    public static readonly TimeSpan ReopenDelay = TimeSpan.FromSeconds(1);

    private readonly Channel<Work> work = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<ObjectId, Dictionary<string, long>> versions = [];

    /// <summary>
    /// Per watched customer, what their consents say about their connections as last seen: the valid ones, and the ended ones
    /// whose kept data was deleted (and when).
    /// </summary>
    private readonly Dictionary<ObjectId, HashSet<ConsentMark>> liveConsents = [];
    private int pollQueued;
    private volatile bool polling;
    private bool pollFailing;

    private int reads;

    /// <summary>How many customers' <c>sync_state</c> reads have completed (tests wait on it instead of sleeping).</summary>
    internal int Reads => Volatile.Read(ref reads);

    private int catchUps;

    private int polls;

    /// <summary>How many polling rounds (every watched customer read once) have completed.</summary>
    internal int Polls => Volatile.Read(ref polls);

    /// <summary>How many views' catch-up questions have been answered (tests wait on it instead of sleeping).</summary>
    internal int CatchUps => Volatile.Read(ref catchUps);

    /// <summary>How this instance hears other instances: "starting", "change stream" or "polling".</summary>
    public string Mode { get; private set; } = "starting";

    /// <summary>
    /// Listens to the notifier before <see cref="ExecuteAsync"/> runs (in the background, from .NET 10 on): a view that
    /// subscribes as soon as the relay has started is heard, and its questions wait in the queue until the loop reads them.
    /// </summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        notifier.CustomerWatched += OnCustomerWatched;
        notifier.CatchUpRequested += OnCatchUpRequested;
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Views opened before the relay started are read now.
            QueuePoll();
            var source = ListenAsync(stoppingToken);
            var timer = PollEveryIntervalAsync(stoppingToken);
            await ProcessAsync(stoppingToken);
            await Task.WhenAll(source, timer);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            notifier.CustomerWatched -= OnCustomerWatched;
            notifier.CatchUpRequested -= OnCatchUpRequested;
        }
    }

    private void OnCustomerWatched(ObjectId userId) => work.Writer.TryWrite(new Work.Watch(userId));

    private void OnCatchUpRequested(PositionChangeNotifier.CatchUp request) => work.Writer.TryWrite(new Work.CatchUp(request));

    private void QueuePoll()
    {
        // One pending read at a time: a slow store must not pile reads up.
        if (Interlocked.Exchange(ref pollQueued, 1) == 0)
        {
            work.Writer.TryWrite(new Work.Poll());
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        if (store.SyncStateChanges is not { } feed)
        {
            StartPolling($"the {store.Engine} engine has no change feed");
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await feed.WatchAsync(OnFeedOpened, OnChange, OnConsentChange, stoppingToken);
            }
            catch (ChangeFeedUnavailableException exception)
            {
                StartPolling(exception.Message);
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Poll meanwhile, so views still hear other instances while the stream is down.
                polling = true;
                logger.LogWarning(exception, "The sync_state change stream broke; polling until it reopens in {Delay}", ReopenDelay);
            }
            await Task.Delay(ReopenDelay, clock, stoppingToken);
        }
    }

    private void OnFeedOpened()
    {
        polling = false;
        if (Mode != "change stream")
        {
            Mode = "change stream";
            logger.LogInformation("Live updates across instances: watching sync_state with a MongoDB change stream");
        }
        // Catch up on what happened while the stream was closed.
        QueuePoll();
    }

    private void OnChange(SyncStateChange change)
    {
        // Most writes concern customers with no view here (and lease heartbeats): dropped before they queue.
        if (notifier.SubscriberCount(change.Owner) > 0)
        {
            work.Writer.TryWrite(new Work.Changed(change));
        }
    }

    private void OnConsentChange(ConsentStatusChange change)
    {
        if (notifier.SubscriberCount(change.Owner) > 0)
        {
            work.Writer.TryWrite(new Work.ConsentChanged(change));
        }
    }

    private void StartPolling(string reason)
    {
        Mode = "polling";
        polling = true;
        logger.LogInformation("Live updates across instances: reading sync_state every {Interval} ms ({Reason})",
            settings.PollInterval.TotalMilliseconds, reason);
        QueuePoll();
    }

    private async Task PollEveryIntervalAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.PollInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (polling)
            {
                QueuePoll();
            }
        }
    }

    private async Task ProcessAsync(CancellationToken stoppingToken)
    {
        await foreach (var item in work.Reader.ReadAllAsync(stoppingToken))
        {
            switch (item)
            {
                case Work.Watch watch:
                    await ReadAsync(watch.Owner, announce: versions.ContainsKey(watch.Owner), stoppingToken);
                    break;
                case Work.Changed { Change: var change }:
                    Observe(change);
                    break;
                case Work.ConsentChanged { Change: var change }:
                    Observe(change);
                    break;
                case Work.Poll:
                    Volatile.Write(ref pollQueued, 0);
                    await PollAsync(stoppingToken);
                    break;
                case Work.CatchUp { Request: var request }:
                    await CatchUpAsync(request, stoppingToken);
                    break;
            }
        }
    }

    private async Task PollAsync(CancellationToken stoppingToken)
    {
        var watched = notifier.WatchedCustomers();
        foreach (var gone in versions.Keys.Except(watched).ToList())
        {
            versions.Remove(gone);
            liveConsents.Remove(gone);
        }
        foreach (var owner in watched)
        {
            // A customer first seen here is read for reference, not announced.
            await ReadAsync(owner, announce: versions.ContainsKey(owner), stoppingToken);
        }
        Interlocked.Increment(ref polls);
    }

    /// <summary>
    /// A view that read the customer's data at <see cref="PositionChangeNotifier.CatchUp.Since"/> has just subscribed: if a
    /// connection was made, renewed, ended or had its data deleted, or a sync finished (on any instance), since then, that
    /// view is told at once; otherwise the relay's own reference (read here, or kept since the customer's first view) covers
    /// what comes after. Two owner-indexed reads per view opened.
    /// </summary>
    private async Task CatchUpAsync(PositionChangeNotifier.CatchUp request, CancellationToken stoppingToken)
    {
        IReadOnlyList<Domain.SyncState> states;
        IReadOnlyList<Domain.Consent> consents;
        try
        {
            states = await store.Collection(OpenFinanceCollections.SyncStates).FindAsync(request.UserId, cancellationToken: stoppingToken);
            consents = await store.Collection(OpenFinanceCollections.Consents).FindAsync(request.UserId, cancellationToken: stoppingToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The view cannot be sure its data is current: reading it again is the safe answer.
            logger.LogWarning(exception, "Live updates could not check what changed since a view read its data; it reads again");
            request.Tell();
            return;
        }
        var since = request.Since;
        var changed = states.Any(state => state.SyncVersion > 0 && state.SyncedAt >= since)
                      || consents.Any(consent => consent.Status != Domain.ConsentStatuses.Received
                                                 && (consent.StatusChangedAt >= since || ConsentStatusChange.DataDeletedOf(consent) >= since));
        if (changed)
        {
            request.Tell();
        }
        Interlocked.Increment(ref catchUps);
    }

    private async Task ReadAsync(ObjectId owner, bool announce, CancellationToken stoppingToken)
    {
        IReadOnlyList<Domain.SyncState> states;
        HashSet<ConsentMark> live;
        try
        {
            states = await store.Collection(OpenFinanceCollections.SyncStates).FindAsync(owner, cancellationToken: stoppingToken);
            // All the customer's consents (a handful): an ended one changes when its kept data is deleted.
            live = MarksOf(await store.Collection(OpenFinanceCollections.Consents).FindAsync(owner, cancellationToken: stoppingToken));
            if (pollFailing)
            {
                pollFailing = false;
                logger.LogInformation("Live updates across instances: sync_state can be read again");
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Once per outage, not once a second.
            if (!pollFailing)
            {
                pollFailing = true;
                logger.LogWarning(exception, "Live updates across instances could not read sync_state; retrying");
            }
            return;
        }
        if (!announce)
        {
            versions[owner] = states.ToDictionary(state => state.Bank, state => state.SyncVersion, StringComparer.Ordinal);
            liveConsents[owner] = live;
            // The view loaded its figures a moment before it subscribed; a sync finished elsewhere in between is not in them.
            var since = clock.GetUtcNow().UtcDateTime - FirstLookWindow;
            if (states.Any(state => state.SyncVersion > 0 && state.SyncedBy != instance.Name && state.SyncedAt >= since))
            {
                notifier.PublishToViews(owner);
            }
            Interlocked.Increment(ref reads);
            return;
        }
        foreach (var state in states)
        {
            Observe(SyncStateChange.From(state));
        }
        // Connected, renewed, ended or its kept data deleted since the last read (here or on another instance): said once, whatever changed.
        if (liveConsents.TryGetValue(owner, out var seenLive) && !seenLive.SetEquals(live))
        {
            liveConsents[owner] = live;
            notifier.PublishToViews(owner);
        }
        // A disconnected bank's state is gone; reconnecting starts it again from nothing.
        if (versions.TryGetValue(owner, out var known))
        {
            foreach (var bank in known.Keys.Except(states.Select(state => state.Bank), StringComparer.Ordinal).ToList())
            {
                known.Remove(bank);
            }
        }
        Interlocked.Increment(ref reads);
    }

    private void Observe(SyncStateChange change)
    {
        // Not read yet (the view has just opened): its first read takes the reference.
        if (!versions.TryGetValue(change.Owner, out var known))
        {
            return;
        }
        if (known.TryGetValue(change.Bank, out var seen) && change.SyncVersion <= seen)
        {
            return;
        }
        known[change.Bank] = change.SyncVersion;
        if (change.SyncVersion > 0 && change.SyncedBy != instance.Name)
        {
            notifier.PublishToViews(change.Owner);
        }
    }

    private void Observe(ConsentStatusChange change)
    {
        // Not read yet (the view has just opened): its first read takes the reference.
        if (!liveConsents.TryGetValue(change.Owner, out var live))
        {
            return;
        }
        // Only a consent becoming or ceasing to be valid, or its kept data deleted, changes a connection: a request sent to the
        // bank, or declined there, does not.
        var before = live.FirstOrDefault(mark => mark.Bank == change.Bank && mark.ConsentId == change.ConsentId);
        var after = ConsentMark.Of(change);
        if (before == after)
        {
            return;
        }
        if (before is not null)
        {
            live.Remove(before);
        }
        if (after is not null)
        {
            live.Add(after);
        }
        notifier.PublishToViews(change.Owner);
    }

    private static HashSet<ConsentMark> MarksOf(IEnumerable<Domain.Consent> consents) =>
        [.. consents.Select(consent => ConsentMark.Of(ConsentStatusChange.From(consent))).OfType<ConsentMark>()];

    /// <summary>What one consent says about its connection: live, or ended with its kept data deleted (and when). Null: neither.</summary>
    private sealed record ConsentMark(string Bank, string ConsentId, bool Live, DateTime? DataDeletedAt)
    {
        public static ConsentMark? Of(ConsentStatusChange change) =>
            change.IsLive || change.DataDeletedAt is not null ? new(change.Bank, change.ConsentId, change.IsLive, change.DataDeletedAt) : null;
    }

    private abstract record Work
    {
        public sealed record Watch(ObjectId Owner) : Work;

        public sealed record Changed(SyncStateChange Change) : Work;

        public sealed record ConsentChanged(ConsentStatusChange Change) : Work;

        public sealed record Poll : Work;

        public sealed record CatchUp(PositionChangeNotifier.CatchUp Request) : Work;
    }
}
