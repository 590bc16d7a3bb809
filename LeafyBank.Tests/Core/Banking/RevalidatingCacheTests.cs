namespace LeafyBank.Tests.Core.Banking;

/// <summary>
/// The stale-while-revalidate copy behind the bank directory and discovery: callers get the copy
/// at once, one refresh runs behind it, a failed refresh keeps the last good copy, and only a
/// caller with no copy at all waits — no longer than it allows.
/// </summary>
public sealed class RevalidatingCacheTests
{
    private static readonly TimeSpan FreshFor = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan LoadBudget = TimeSpan.FromSeconds(10);
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private readonly FakeTimeProvider clock = TestTime.Frozen();

    /// <summary>A load the test answers by hand (the latest one started), counting how often one was started.</summary>
    private sealed class ManualLoad
    {
        private TaskCompletionSource<string> latest = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Started { get; private set; }

        public CancellationToken LastBudget { get; private set; }

        public Task<string> RunAsync(CancellationToken budget)
        {
            var answer = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            budget.Register(() => answer.TrySetCanceled(budget));
            latest = answer;
            LastBudget = budget;
            Started++;
            return answer.Task;
        }

        public void Answer(string value) => latest.TrySetResult(value);

        public void Fail(Exception error) => latest.TrySetException(error);
    }

    private RevalidatingCache<string> Cache() => new(clock, FreshFor, LoadBudget);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10, Cancel);
        }
        Assert.True(condition(), "the condition never held");
    }

    [Fact]
    public async Task A_fresh_copy_is_served_without_asking_the_bank_again()
    {
        var cache = Cache();
        var load = new ManualLoad();
        var first = cache.GetAsync(load.RunAsync, Cancel);
        await WaitUntilAsync(() => load.Started == 1);
        load.Answer("v1");
        Assert.Equal("v1", await first);

        clock.Advance(FreshFor - TimeSpan.FromSeconds(1));
        var again = cache.GetAsync(load.RunAsync, Cancel);

        Assert.True(again.IsCompletedSuccessfully);
        Assert.Equal("v1", await again);
        Assert.Equal(1, load.Started);
    }

    [Fact]
    public async Task A_stale_copy_is_served_at_once_while_one_refresh_runs_and_the_refreshed_copy_follows()
    {
        var cache = Cache();
        var load = new ManualLoad();
        var first = cache.GetAsync(load.RunAsync, Cancel);
        await WaitUntilAsync(() => load.Started == 1);
        load.Answer("v1");
        await first;

        clock.Advance(FreshFor);
        var stale = cache.GetAsync(load.RunAsync, Cancel);
        var staleAgain = cache.GetAsync(load.RunAsync, Cancel);

        Assert.True(stale.IsCompletedSuccessfully && staleAgain.IsCompletedSuccessfully, "stale copies are served without waiting");
        Assert.Equal("v1", await stale);
        await WaitUntilAsync(() => load.Started == 2);
        Assert.True(cache.IsRefreshing);
        load.Answer("v2");
        await WaitUntilAsync(() => !cache.IsRefreshing);
        Assert.Equal("v2", await cache.GetAsync(load.RunAsync, Cancel));
        Assert.Equal(2, load.Started);
    }

    [Fact]
    public async Task A_failed_refresh_keeps_the_last_good_copy_and_records_the_failure_until_a_refresh_succeeds()
    {
        var cache = Cache();
        var load = new ManualLoad();
        var first = cache.GetAsync(load.RunAsync, Cancel);
        await WaitUntilAsync(() => load.Started == 1);
        load.Answer("v1");
        await first;
        clock.Advance(TimeSpan.FromMinutes(1));

        var refresh = cache.RefreshAsync(load.RunAsync, Cancel);
        await WaitUntilAsync(() => load.Started == 2);
        var failure = new BankApiException(BankFailureKind.Unavailable, "Green Bank is not answering right now.");
        load.Fail(failure);

        Assert.Same(failure, await Assert.ThrowsAsync<BankApiException>(() => refresh));
        Assert.Equal("v1", cache.Value);
        Assert.Equal("v1", await cache.GetAsync(load.RunAsync, Cancel));
        Assert.Same(failure, cache.LastFailure?.Error);
        Assert.Equal(clock.GetUtcNow(), cache.LastFailure?.At);

        var retry = cache.RefreshAsync(load.RunAsync, Cancel);
        await WaitUntilAsync(() => load.Started == 3);
        load.Answer("v2");
        Assert.Equal("v2", await retry);
        Assert.Null(cache.LastFailure);
    }

    [Fact]
    public async Task Without_a_copy_a_caller_waits_only_as_long_as_it_allows_and_the_load_goes_on_for_the_next_caller()
    {
        var cache = Cache();
        var load = new ManualLoad();
        using var impatient = new CancellationTokenSource();

        var waiting = cache.GetAsync(load.RunAsync, impatient.Token);
        await WaitUntilAsync(() => load.Started == 1);
        await impatient.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.True(cache.IsRefreshing, "the load was not abandoned with the caller");
        var next = cache.GetAsync(load.RunAsync, Cancel);
        load.Answer("v1");
        Assert.Equal("v1", await next);
        Assert.Equal(1, load.Started);
    }

    [Fact]
    public async Task A_load_that_never_answers_fails_when_its_budget_runs_out_and_frees_the_way_for_the_next_one()
    {
        var cache = Cache();
        var load = new ManualLoad();
        var waiting = cache.GetAsync(load.RunAsync, Cancel);
        await WaitUntilAsync(() => load.Started == 1);

        clock.Advance(LoadBudget);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.True(load.LastBudget.IsCancellationRequested);
        Assert.IsAssignableFrom<OperationCanceledException>(cache.LastFailure?.Error);
        await WaitUntilAsync(() => !cache.IsRefreshing);
        var next = cache.GetAsync(load.RunAsync, Cancel);
        await WaitUntilAsync(() => load.Started == 2);
        load.Answer("v1");
        Assert.Equal("v1", await next);
    }

    [Fact]
    public async Task Callers_at_the_same_time_share_one_load()
    {
        var cache = Cache();
        var load = new ManualLoad();

        var callers = Enumerable.Range(0, 20).Select(_ => cache.GetAsync(load.RunAsync, Cancel)).ToList();
        await WaitUntilAsync(() => load.Started == 1);
        load.Answer("v1");

        Assert.All(await Task.WhenAll(callers), value => Assert.Equal("v1", value));
        Assert.Equal(1, load.Started);
    }
}
