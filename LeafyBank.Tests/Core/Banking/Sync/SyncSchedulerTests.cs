using Microsoft.Extensions.Hosting;

namespace LeafyBank.Tests.Core.Banking.Sync;

/// <summary>
/// The scheduler's side of the allowance, on every storage engine, against a scripted bank: a new
/// connection is left to its customer-present first sync, at most one unattended sync runs in
/// each of the day's windows whatever fails or whatever the customer does, none starts at the
/// very end of a UTC day.
/// </summary>
public abstract class SyncSchedulerTests(IStoreFixture fixture)
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private readonly FakeTimeProvider clock = TestTime.Frozen();
    private readonly PartyReference frida = new() { UserId = ObjectId.Parse("65a546ae4a8f64e8f88fb89e"), UserName = "fridaklo" };

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Answers with one account, or fails when told to; remembers when and how it was asked.</summary>
    private sealed class ScriptedBank(TimeProvider clock) : IBankConnector
    {
        public string Dialect => BankDialects.GreenBank;
        public ConcurrentQueue<(DateTime At, bool Unattended)> Calls { get; } = new();
        public TaskCompletionSource FirstCall { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Func<int, BankApiException?> Failure { get; set; } = _ => null;

        public Task<BankSnapshot> FetchAsync(BankFetchRequest request, CancellationToken cancellationToken = default)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            Calls.Enqueue((now, request.Unattended));
            FirstCall.TrySetResult();
            if (Failure(Calls.Count) is { } failure)
            {
                throw failure;
            }
            return Task.FromResult(new BankSnapshot(
                [new ExternalAccount { AccountId = "204515807", AccountType = AccountTypes.Checking, AccountBalance = 10m, AccountCurrency = "USD" }],
                [], [], now));
        }
    }

    /// <summary>The host's lifetime as the test drives it; it also tells when the scheduler first asks whether the app has started.</summary>
    private sealed class TestLifetime : IHostApplicationLifetime
    {
        private readonly CancellationTokenSource started = new();

        public TaskCompletionSource Asked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationToken ApplicationStarted
        {
            get
            {
                Asked.TrySetResult();
                return started.Token;
            }
        }

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        /// <summary>The server listens: what the host signals once every hosted service, the web server included, has started.</summary>
        public void Start() => started.Cancel();

        public void StopApplication() => throw new NotSupportedException("The test stops the scheduler itself.");
    }

    private sealed record Setup(IDocumentStore Store, SyncService Sync, SyncScheduler Scheduler, ScriptedBank Bank);

    /// <summary>A consent granted now, as the connect callback leaves it (state due, never attempted).</summary>
    private async Task<Setup> ConnectedNowAsync(IHostApplicationLifetime? lifetime = null)
    {
        // Any date, but a morning: the windows and the end of the day are where each test expects them.
        var morning = Now.Date.AddHours(9);
        clock.Advance((morning >= Now ? morning : morning.AddDays(1)) - Now);
        var store = await fixture.CreateStoreAsync();
        var tokens = new BankTokenService(store, new TokenProtector(new EphemeralDataProtectionProvider()),
            new BankOAuthClient(new HttpClient(new NoNetwork()), new BankClientCredentials("leafybank", "secret")), clock);
        var bank = new ScriptedBank(clock);
        var sync = new SyncService(store, new FixedBankDirectory(TestBanks.GreenBank), tokens, [bank], new SyncInstance("test-instance"), clock);
        var scheduler = new SyncScheduler(store, sync, clock, NullLogger<SyncScheduler>.Instance, new SyncSchedulerOptions(Enabled: true, TimeSpan.FromMinutes(5)),
            lifetime);

        await GrantAsync(store, "consent-1");
        // A long-lived token, so no refresh (and no network) is involved.
        await tokens.SaveAsync(frida, TestBanks.GreenBank, "consent-1", new BankTokenResponse("access-token-value", "Bearer", 400 * 86_400, "refresh-token-value", "accounts"), Cancel);
        await store.Collection(OpenFinanceCollections.SyncStates).UpsertAsync(
            new SyncState { SyncUser = frida, Bank = TestBanks.GreenBank.Id, ConsentId = "consent-1", NextAllowedAt = Now }, Cancel);
        return new Setup(store, sync, scheduler, bank);
    }

    private Task GrantAsync(IDocumentStore store, string consentId) =>
        store.Collection(OpenFinanceCollections.Consents).UpsertAsync(TestDocuments.Consent(frida, TestBanks.GreenBank.Id, consentId, Now.AddMinutes(-2), Now.AddDays(90),
            statusChangedAt: Now), Cancel);

    [Fact]
    public async Task A_new_connection_is_left_to_its_first_customer_present_sync_for_the_grace_and_synced_by_the_scheduler_after_it()
    {
        var (store, _, scheduler, bank) = await ConnectedNowAsync();
        await using var _ = store;

        Assert.Equal(0, await scheduler.RunOnceAsync(Cancel));
        clock.Advance(SyncScheduler.FirstSyncGrace - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await scheduler.RunOnceAsync(Cancel));
        Assert.Empty(bank.Calls);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await scheduler.RunOnceAsync(Cancel));
        Assert.Equal([(Now, true)], bank.Calls);
    }

    [Fact]
    public async Task Once_the_first_sync_has_run_the_scheduler_follows_the_plan_it_left()
    {
        var (store, sync, scheduler, bank) = await ConnectedNowAsync();
        await using var _ = store;

        var first = await sync.SyncAsync(frida, TestBanks.GreenBank.Id, unattended: false, Cancel);
        Assert.Equal(SyncOutcome.Succeeded, first.Outcome);
        Assert.Equal(SyncAllowance.NextWindowStart(Now, 4), first.NextAllowedAt);

        clock.Advance(first.NextAllowedAt!.Value - Now);
        Assert.Equal(1, await scheduler.RunOnceAsync(Cancel));
        Assert.Equal([false, true], bank.Calls.Select(c => c.Unattended));
    }

    [Fact]
    public async Task A_renewed_connection_is_left_to_its_first_sync_under_the_new_consent()
    {
        var (store, sync, scheduler, bank) = await ConnectedNowAsync();
        await using var _ = store;
        await sync.SyncAsync(frida, TestBanks.GreenBank.Id, unattended: false, Cancel);
        clock.Advance(TimeSpan.FromDays(1));

        // Renewed: a new consent, and the connect callback makes the connection due at once.
        await GrantAsync(store, "consent-2");
        var state = await store.Collection(OpenFinanceCollections.SyncStates).FindByKeyAsync([frida.UserId, TestBanks.GreenBank.Id], Cancel);
        state!.ConsentId = "consent-2";
        state.NextAllowedAt = Now;
        await store.Collection(OpenFinanceCollections.SyncStates).UpsertAsync(state, Cancel);

        Assert.Equal(0, await scheduler.RunOnceAsync(Cancel));
        clock.Advance(SyncScheduler.FirstSyncGrace);
        Assert.Equal(1, await scheduler.RunOnceAsync(Cancel));
        Assert.Equal(2, bank.Calls.Count);
    }

    [Fact]
    public async Task No_unattended_sync_starts_in_the_last_minutes_of_a_UTC_day()
    {
        var (store, _, scheduler, bank) = await ConnectedNowAsync();
        await using var _ = store;
        var state = await store.Collection(OpenFinanceCollections.SyncStates).FindByKeyAsync([frida.UserId, TestBanks.GreenBank.Id], Cancel);
        state!.LastAttemptAt = Now.AddDays(-1);
        await store.Collection(OpenFinanceCollections.SyncStates).UpsertAsync(state, Cancel);

        clock.Advance(Now.Date.AddDays(2).AddMinutes(-5) - Now);
        Assert.Equal(0, await scheduler.RunOnceAsync(Cancel));

        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, await scheduler.RunOnceAsync(Cancel));
        Assert.Equal(Now, Assert.Single(bank.Calls).At);
    }

    [Fact]
    public async Task After_a_restart_with_a_sync_due_the_first_round_waits_until_the_app_has_started_and_runs_right_after()
    {
        var lifetime = new TestLifetime();
        var (store, _, scheduler, bank) = await ConnectedNowAsync(lifetime);
        await using var _ = store;
        // Past the first sync's grace: the connection is the scheduler's, and due.
        clock.Advance(SyncScheduler.FirstSyncGrace);

        await scheduler.StartAsync(Cancel);
        try
        {
            // Either the scheduler asks whether the app has started, or (as it once did) it syncs before the server listens.
            await Task.WhenAny(lifetime.Asked.Task, bank.FirstCall.Task).WaitAsync(TimeSpan.FromSeconds(30), Cancel);
            Assert.Empty(bank.Calls);

            lifetime.Start();
            await bank.FirstCall.Task.WaitAsync(TimeSpan.FromSeconds(30), Cancel);
            Assert.Equal([(Now, true)], bank.Calls);
        }
        finally
        {
            await scheduler.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_scheduler_stopped_before_the_app_has_started_ends_cleanly_without_a_round()
    {
        var lifetime = new TestLifetime();
        var (store, _, scheduler, bank) = await ConnectedNowAsync(lifetime);
        await using var _ = store;
        clock.Advance(SyncScheduler.FirstSyncGrace);

        await scheduler.StartAsync(Cancel);
        await lifetime.Asked.Task.WaitAsync(TimeSpan.FromSeconds(30), Cancel);
        await scheduler.StopAsync(Cancel);

        Assert.True(scheduler.ExecuteTask!.IsCompletedSuccessfully, $"the scheduler ended {scheduler.ExecuteTask.Status}");
        lifetime.Start();
        Assert.Empty(bank.Calls);
        var state = await store.Collection(OpenFinanceCollections.SyncStates).FindByKeyAsync([frida.UserId, TestBanks.GreenBank.Id], Cancel);
        Assert.Null(state!.LastAttemptAt);
    }

    [Fact]
    public async Task Over_three_days_of_failures_retries_and_customer_syncs_the_scheduler_never_syncs_twice_in_one_window()
    {
        var (store, sync, scheduler, bank) = await ConnectedNowAsync();
        await using var _ = store;
        // Every third call fails: the bank is down, or (every seventh) says the allowance is used up.
        bank.Failure = call => call % 7 == 0
            ? new BankApiException(BankFailureKind.RateLimited, "used up", TimeSpan.FromMinutes(30))
            : call % 3 == 0 ? new BankApiException(BankFailureKind.Unavailable, "down") : null;
        var start = Now;
        await sync.SyncAsync(frida, TestBanks.GreenBank.Id, unattended: false, Cancel);

        for (var tick = TimeSpan.Zero; tick < TimeSpan.FromDays(3); tick += TimeSpan.FromMinutes(5))
        {
            clock.Advance(TimeSpan.FromMinutes(5));
            await scheduler.RunOnceAsync(Cancel);
            if ((Now - start).Ticks % TimeSpan.FromHours(4).Ticks == 0)
            {
                // The customer presses "Sync now" every four hours.
                await sync.SyncAsync(frida, TestBanks.GreenBank.Id, unattended: false, Cancel);
            }
        }

        var unattended = bank.Calls.Where(c => c.Unattended).Select(c => c.At).ToList();
        Assert.True(bank.Calls.Count(c => !c.Unattended) >= 18, "the customer's syncs ran");
        Assert.All(unattended.GroupBy(at => at.Date.AddHours(at.Hour / 6 * 6)), window => Assert.Single(window));
        Assert.All(unattended, at => Assert.False(SyncAllowance.IsNearDayEnd(at), $"{at:O} is at the end of the day"));
        var fullDays = unattended.Where(at => at.Date > start.Date && at.Date < Now.Date).GroupBy(at => at.Date).ToList();
        Assert.Equal(2, fullDays.Count);
        // Failures may cost a window (that is the price of never exceeding the allowance), but most run.
        Assert.All(fullDays, day => Assert.InRange(day.Count(), 3, 4));
    }
}

public sealed class EmbeddedSyncSchedulerTests(EmbeddedStoreFixture fixture) : SyncSchedulerTests(fixture), IClassFixture<EmbeddedStoreFixture>;

public sealed class MongoSyncSchedulerTests(MongoStoreFixture fixture) : SyncSchedulerTests(fixture), IClassFixture<MongoStoreFixture>;
