namespace LeafyBank.Core.Banking;

/// <summary>When a refresh of a cached bank answer failed, and why (technical detail, for logs and health, never for a page).</summary>
public sealed record CacheRefreshFailure(DateTimeOffset At, Exception Error);

/// <summary>
/// One answer fetched from a bank (the bank directory, a bank's discovery document) kept in
/// memory and served stale-while-revalidate: fresh for <paramref name="freshFor"/>; after that
/// the old copy is still served at once while one refresh runs behind it. A failed refresh keeps
/// the last good copy and records the failure. Only when there has never been a good copy does a
/// caller wait, for as long as its own cancellation token allows (the load itself keeps going,
/// within <paramref name="loadBudget"/>, for the next caller).
/// </summary>
public sealed class RevalidatingCache<T>(TimeProvider timeProvider, TimeSpan freshFor, TimeSpan loadBudget) where T : class
{
    private readonly Lock gate = new();
    // One reference, swapped whole: readers never see a value with another copy's time.
    private volatile Copy? copy;
    private Task<T>? refreshing;

    /// <summary>The last good copy, however old; null until a load has succeeded.</summary>
    public T? Value => copy?.Value;

    /// <summary>When the last good copy was fetched.</summary>
    public DateTimeOffset? FetchedAt => copy?.FetchedAt;

    /// <summary>The latest refresh's failure; cleared by the next success.</summary>
    public CacheRefreshFailure? LastFailure { get; private set; }

    /// <summary>True while a load runs.</summary>
    public bool IsRefreshing
    {
        get
        {
            lock (gate)
            {
                return refreshing is not null;
            }
        }
    }

    /// <summary>
    /// The copy at once when there is one (starting a refresh behind it when it is stale);
    /// otherwise waits for the load, as long as <paramref name="cancellationToken"/> allows.
    /// </summary>
    public Task<T> GetAsync(Func<CancellationToken, Task<T>> load, CancellationToken cancellationToken = default)
    {
        if (copy is { } current)
        {
            if (timeProvider.GetUtcNow() - current.FetchedAt >= freshFor)
            {
                Observe(Refresh(load));
            }
            return Task.FromResult(current.Value);
        }
        return Refresh(load).WaitAsync(cancellationToken);
    }

    /// <summary>Loads now (joining a load already running); a failure keeps the old copy and is rethrown.</summary>
    public Task<T> RefreshAsync(Func<CancellationToken, Task<T>> load, CancellationToken cancellationToken = default) =>
        Refresh(load).WaitAsync(cancellationToken);

    private Task<T> Refresh(Func<CancellationToken, Task<T>> load)
    {
        lock (gate)
        {
            return refreshing ??= LoadAsync(load);
        }
    }

    private async Task<T> LoadAsync(Func<CancellationToken, Task<T>> load)
    {
        // Off the caller's stack, so the load never runs (or finishes) inside the lock.
        await Task.Yield();
        try
        {
            // Nobody waits for a background load, so it gets its own budget: a bank that never
            // answers must not hold the one refresh slot for ever.
            using var budget = new CancellationTokenSource(loadBudget, timeProvider);
            var value = await load(budget.Token);
            copy = new Copy(value, timeProvider.GetUtcNow());
            LastFailure = null;
            return value;
        }
        catch (Exception exception)
        {
            LastFailure = new CacheRefreshFailure(timeProvider.GetUtcNow(), exception);
            throw;
        }
        finally
        {
            lock (gate)
            {
                refreshing = null;
            }
        }
    }

    private sealed record Copy(T Value, DateTimeOffset FetchedAt);

    /// <summary>A refresh nobody awaits: its failure is already recorded in <see cref="LastFailure"/>.</summary>
    private static void Observe(Task task) =>
        task.ContinueWith(static failed => _ = failed.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
}
