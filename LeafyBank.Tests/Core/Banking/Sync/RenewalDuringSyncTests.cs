namespace LeafyBank.Tests.Core.Banking.Sync;

/// <summary>
/// On every engine: the customer renews a connection (the real connect flow, <see cref="ConnectionService"/>) while
/// a sync of it waits on the bank, and the bank cannot end the replaced consent yet, so the sync finishes under it.
/// The renewal pointed the connection at the new consent, with its own plan and a clean slate, without the sync's
/// lease; the sync's last write must leave that as it is and add only what is its own.
/// </summary>
public abstract class RenewalDuringSyncTests(IStoreFixture fixture)
{
    private static readonly Uri Callback = new("http://leafy.test/connections/callback");

    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    /// <summary>Renews Frida's Green Bank connection for 180 days, through the callback; the bank cannot end the old consent just now.</summary>
    private static async Task<ConnectionResult> RenewAsync(SyncTestBed bed)
    {
        var oauth = new BankOAuthClient(new HttpClient(new RenewingBank()), new BankClientCredentials("leafybank", "secret"));
        var tokens = new BankTokenService(bed.Store, bed.Protector, oauth, bed.Clock);
        var connections = new ConnectionService(bed.Store, new FixedBankDirectory(TestBanks.GreenBank), oauth, tokens, bed.Protector, bed.Clock);
        var permissions = new[] { ConsentPermissions.Accounts, ConsentPermissions.Balances, ConsentPermissions.Transactions, ConsentPermissions.Products };
        var start = await connections.StartAsync(bed.Frida, new ConnectionRequest(TestBanks.GreenBank.Id, permissions, 180, Callback), Cancel);
        var query = QueryHelpers.ParseQuery(start.AuthorizeUrl.Query);
        return await connections.CompleteAsync(bed.Frida, query["state"], "code-123", null, null, Cancel);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_renewal_while_a_sync_waits_on_the_bank_keeps_the_new_consent_and_its_plan_after_the_sync(bool bankAnswers)
    {
        await using var bed = await SyncTestBed.ConnectedAsync(fixture);
        // An earlier update failed, so the renewal's clean slate shows.
        var before = await bed.StateAsync();
        (before.LastError, before.LastFailureKind, before.ConsecutiveFailures) = ("Green Bank did not answer.", nameof(BankFailureKind.Unavailable), 2);
        await bed.States.UpsertAsync(before, Cancel);
        bed.Bank.Answer = _ => bankAnswers
            ? bed.Snapshot()
            : throw new BankApiException(BankFailureKind.Unavailable, "Green Bank did not answer in time. Leafy Bank will try again later.");
        bed.Bank.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var syncStartedAt = bed.Now;
        var running = bed.Instance("instance-a").SyncAsync(bed.Frida, TestBanks.GreenBank.Id, unattended: false, Cancel);
        await bed.UntilBankCalledAsync(1);

        // A moment later (less than a lease heartbeat), so the renewal is after the sync's start on the frozen clock.
        bed.Clock.Advance(TimeSpan.FromSeconds(1));
        var renewal = await RenewAsync(bed);
        Assert.True(renewal.Outcome == ConnectionOutcome.Renewed, renewal.Message);
        var renewed = await bed.StateAsync();
        Assert.Equal((RenewingBank.NewConsentId, bed.Now + SyncScheduler.FirstSyncGrace, null, null, 0),
            (renewed.ConsentId, renewed.NextAllowedAt, renewed.LastError, renewed.LastFailureKind, renewed.ConsecutiveFailures));
        bed.Bank.Gate.SetResult();
        var result = await running.WaitAsync(TimeSpan.FromSeconds(10), Cancel);

        Assert.Equal(bankAnswers ? SyncOutcome.Succeeded : SyncOutcome.Failed, result.Outcome);
        var state = await bed.StateAsync();
        // The renewal's: the connection's consent, its first update soon (the customer's, then the scheduler's), no error.
        Assert.Equal((RenewingBank.NewConsentId, renewed.NextAllowedAt, null, renewed.LastFailureKind, 0),
            (state.ConsentId, state.NextAllowedAt, state.LastError, state.LastFailureKind, state.ConsecutiveFailures));
        // The sync's own: its attempt, its success (data read now is fresh), the lease released, one more finished sync.
        Assert.Equal((syncStartedAt, bankAnswers ? syncStartedAt : (DateTime?)null, (string?)null, (DateTime?)null, renewed.SyncVersion + 1, "instance-a"),
            (state.LastAttemptAt, state.LastSuccessAt, state.LeaseOwner, state.LeaseUntil, state.SyncVersion, state.SyncedBy));
    }

    private static readonly string SyncStates = OpenFinanceCollections.SyncStates.CollectionName;

    /// <summary>A bed whose store lets a test put another writer between a writer's read of the sync state and its write.</summary>
    private async Task<(SyncTestBed Bed, FaultyStore Store)> BedWithSeamAsync()
    {
        FaultyStore faulty = null!;
        var bed = await SyncTestBed.ConnectedAsync(fixture, store => faulty = new FaultyStore(store));
        bed.Bank.Answer = _ => bed.Snapshot();
        return (bed, faulty);
    }

    /// <summary>Starts a sync that waits on the bank until the test opens the gate; returns once the bank has been asked.</summary>
    private static async Task<Task<SyncResult>> SyncWaitingOnTheBankAsync(SyncTestBed bed)
    {
        bed.Bank.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = bed.Instance("instance-a").SyncAsync(bed.Frida, TestBanks.GreenBank.Id, unattended: false, Cancel);
        await bed.UntilBankCalledAsync(1);
        return running;
    }

    /// <summary>The renewal, run as the interjected writer: its result, or what it threw, for the test to await.</summary>
    private static Func<Task> Renewing(SyncTestBed bed, TaskCompletionSource<ConnectionResult> renewal) => async () =>
    {
        try
        {
            renewal.SetResult(await RenewAsync(bed));
        }
        catch (Exception exception)
        {
            renewal.SetException(exception);
            throw;
        }
    };

    [Fact]
    public async Task A_sync_that_finishes_between_the_renewals_read_and_write_keeps_its_results_and_the_renewal_its_consent()
    {
        var (bed, store) = await BedWithSeamAsync();
        await using var _ = bed;
        var syncStartedAt = bed.Now;
        var running = await SyncWaitingOnTheBankAsync(bed);
        bed.Clock.Advance(TimeSpan.FromSeconds(1));

        // The renewal has read the sync state; the sync finishes and releases its lease before the renewal writes.
        store.BeforeFirstWriteTo(SyncStates, async () =>
        {
            bed.Bank.Gate!.SetResult();
            await running.WaitAsync(TimeSpan.FromSeconds(10), Cancel);
        });
        var renewal = await RenewAsync(bed);

        Assert.True(renewal.Outcome == ConnectionOutcome.Renewed, renewal.Message);
        var result = await running;
        Assert.True(result.Outcome == SyncOutcome.Succeeded, result.Message);
        var state = await bed.StateAsync();
        // The renewal's: the new consent, its first sync soon, a clean slate.
        Assert.Equal((RenewingBank.NewConsentId, bed.Now + SyncScheduler.FirstSyncGrace, null, null, 0),
            (state.ConsentId, state.NextAllowedAt, state.LastError, state.LastFailureKind, state.ConsecutiveFailures));
        // The sync's: its attempt and success, the lease released (not "being updated" until it runs out), one more finished sync.
        Assert.Equal((syncStartedAt, syncStartedAt, (string?)null, (DateTime?)null, 1L, "instance-a"),
            (state.LastAttemptAt, state.LastSuccessAt, state.LeaseOwner, state.LeaseUntil, state.SyncVersion, state.SyncedBy));
    }

    [Fact]
    public async Task A_heartbeat_between_the_renewals_read_and_write_keeps_the_lease_it_renewed()
    {
        var (bed, store) = await BedWithSeamAsync();
        await using var _ = bed;
        var running = await SyncWaitingOnTheBankAsync(bed);
        bed.Clock.Advance(TimeSpan.FromSeconds(1));

        // The renewal has read the sync state; the sync's heartbeat moves its lease on before the renewal writes.
        var renewedUntil = DateTime.MinValue;
        store.BeforeFirstWriteTo(SyncStates, async () =>
        {
            bed.Clock.Advance(SyncService.LeaseRenewal);
            renewedUntil = bed.Now + SyncService.LeaseDuration;
            var until = renewedUntil;
            await bed.UntilStateAsync(s => s.LeaseUntil == until, $"the heartbeat renewed the lease until {until:O}");
        });
        var grantedAt = bed.Now;
        var renewal = await RenewAsync(bed);

        Assert.True(renewal.Outcome == ConnectionOutcome.Renewed, renewal.Message);
        var state = await bed.StateAsync();
        Assert.Equal((RenewingBank.NewConsentId, grantedAt + SyncScheduler.FirstSyncGrace, "instance-a", renewedUntil),
            (state.ConsentId, state.NextAllowedAt, state.LeaseOwner, state.LeaseUntil));
        bed.Bank.Gate!.SetResult();
        var result = await running.WaitAsync(TimeSpan.FromSeconds(10), Cancel);
        Assert.True(result.Outcome == SyncOutcome.Succeeded, result.Message);
        var after = await bed.StateAsync();
        Assert.Equal((RenewingBank.NewConsentId, (string?)null), (after.ConsentId, after.LeaseOwner));
    }

    [Fact]
    public async Task A_renewal_between_a_heartbeats_read_and_write_stands_and_the_lease_is_still_renewed()
    {
        var (bed, store) = await BedWithSeamAsync();
        await using var _ = bed;
        var running = await SyncWaitingOnTheBankAsync(bed);
        bed.Clock.Advance(TimeSpan.FromSeconds(1));

        // The heartbeat has read the sync state; the renewal points the connection at the new consent before the heartbeat writes.
        var renewal = new TaskCompletionSource<ConnectionResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        store.BeforeFirstWriteTo(SyncStates, Renewing(bed, renewal));
        bed.Clock.Advance(SyncService.LeaseRenewal);
        var renewed = await renewal.Task.WaitAsync(TimeSpan.FromSeconds(10), Cancel);
        var renewedUntil = bed.Now + SyncService.LeaseDuration;
        await bed.UntilStateAsync(s => s.LeaseUntil == renewedUntil, $"the heartbeat renewed the lease until {renewedUntil:O}");

        Assert.True(renewed.Outcome == ConnectionOutcome.Renewed, renewed.Message);
        var state = await bed.StateAsync();
        Assert.Equal((RenewingBank.NewConsentId, bed.Now + SyncScheduler.FirstSyncGrace, "instance-a"), (state.ConsentId, state.NextAllowedAt, state.LeaseOwner));
        // The sync goes on under the lease it still holds, and its last write leaves the renewal's consent and plan.
        bed.Bank.Gate!.SetResult();
        var result = await running.WaitAsync(TimeSpan.FromSeconds(10), Cancel);
        Assert.True(result.Outcome == SyncOutcome.Succeeded, result.Message);
        var after = await bed.StateAsync();
        Assert.Equal((RenewingBank.NewConsentId, state.NextAllowedAt, (string?)null, 1L), (after.ConsentId, after.NextAllowedAt, after.LeaseOwner, after.SyncVersion));
    }

    /// <summary>
    /// A sync with the renewal put a second later at <paramref name="seam"/> of the store (a read or a write of the sync);
    /// both must succeed. Returns when the sync began and the sync state after both.
    /// </summary>
    private async Task<(SyncTestBed Bed, DateTime SyncStartedAt, SyncState State)> SyncWithRenewalAtAsync(Action<FaultyStore, Func<Task>> seam)
    {
        var (bed, store) = await BedWithSeamAsync();
        try
        {
            var syncStartedAt = bed.Now;
            var renewal = new TaskCompletionSource<ConnectionResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            var renew = Renewing(bed, renewal);
            seam(store, () =>
            {
                bed.Clock.Advance(TimeSpan.FromSeconds(1));
                return renew();
            });
            var result = await bed.Instance("instance-a").SyncAsync(bed.Frida, TestBanks.GreenBank.Id, unattended: false, Cancel);

            var renewed = await renewal.Task;
            Assert.True(renewed.Outcome == ConnectionOutcome.Renewed, renewed.Message);
            Assert.True(result.Outcome == SyncOutcome.Succeeded, result.Message);
            return (bed, syncStartedAt, await bed.StateAsync());
        }
        catch
        {
            await bed.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A renewal lands just before the sync reads <paramref name="collection"/> (the sync state, or the consents): whichever of
    /// the two it has read by then, the sync finishes and the connection still points at the new consent, with its plan.
    /// </summary>
    [Theory]
    [InlineData("sync_state")]
    [InlineData("consents")]
    public async Task A_renewal_between_a_syncs_reads_of_its_consent_and_its_sync_state_is_not_undone(string collection)
    {
        var (bed, _, state) = await SyncWithRenewalAtAsync((store, renew) => store.BeforeFirstReadOf(collection, renew));
        await using var _ = bed;

        Assert.Equal((RenewingBank.NewConsentId, (string?)null, 0, (string?)null, 1L),
            (state.ConsentId, state.LastError, state.ConsecutiveFailures, state.LeaseOwner, state.SyncVersion));
    }

    [Fact]
    public async Task A_renewal_between_a_syncs_read_and_its_taking_the_lease_stands()
    {
        // The sync has read the sync state; the renewal lands before the sync takes the lease.
        var (bed, syncStartedAt, state) = await SyncWithRenewalAtAsync((store, renew) => store.BeforeFirstWriteTo(SyncStates, renew));
        await using var _ = bed;

        Assert.Equal((RenewingBank.NewConsentId, bed.Now + SyncScheduler.FirstSyncGrace, null, 0),
            (state.ConsentId, state.NextAllowedAt, state.LastError, state.ConsecutiveFailures));
        Assert.Equal((syncStartedAt, syncStartedAt, (string?)null, 1L), (state.LastAttemptAt, state.LastSuccessAt, state.LeaseOwner, state.SyncVersion));
    }

    [Fact]
    public async Task A_grant_that_creates_the_sync_state_while_a_sync_creates_it_too_keeps_the_grants()
    {
        var (bed, store) = await BedWithSeamAsync();
        await using var _ = bed;
        // A connection with no sync state yet (stored before there was one, or imported): the sync creates it.
        await bed.States.DeleteAsync(bed.Frida.UserId, cancellationToken: Cancel);

        var renewal = new TaskCompletionSource<ConnectionResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var renew = Renewing(bed, renewal);
        store.BeforeFirstWriteTo(SyncStates, () =>
        {
            bed.Clock.Advance(TimeSpan.FromSeconds(1));
            return renew();
        });
        var running = await SyncWaitingOnTheBankAsync(bed);

        var granted = await renewal.Task;
        Assert.True(granted.Outcome is ConnectionOutcome.Renewed or ConnectionOutcome.Connected, granted.Message);
        // While the sync waits on the bank: the grant's document, with the sync's lease on it, not the sync's blank one.
        var state = await bed.StateAsync();
        Assert.Equal((RenewingBank.NewConsentId, bed.Now + SyncScheduler.FirstSyncGrace, "instance-a"), (state.ConsentId, state.NextAllowedAt, state.LeaseOwner));
        bed.Bank.Gate!.SetResult();
        var result = await running.WaitAsync(TimeSpan.FromSeconds(10), Cancel);
        Assert.True(result.Outcome == SyncOutcome.Succeeded, result.Message);
        Assert.Equal(1, await bed.CountAsync(OpenFinanceCollections.SyncStates));
    }

    [Fact]
    public async Task A_renewal_between_a_directory_failures_read_and_write_keeps_its_consent()
    {
        var (bed, store) = await BedWithSeamAsync();
        await using var _ = bed;
        // This instance's bank directory no longer lists Green Bank: the failure is recorded without asking the bank.
        var lost = new SyncService(bed.Store, new FixedBankDirectory(), bed.Tokens, [bed.Bank], new SyncInstance("instance-a"), bed.Clock);

        var renewal = new TaskCompletionSource<ConnectionResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        store.BeforeFirstWriteTo(SyncStates, Renewing(bed, renewal));
        var result = await lost.SyncAsync(bed.Frida, TestBanks.GreenBank.Id, unattended: false, Cancel);

        Assert.True((await renewal.Task).Outcome == ConnectionOutcome.Renewed);
        Assert.Equal(SyncOutcome.Failed, result.Outcome);
        var state = await bed.StateAsync();
        Assert.Equal((RenewingBank.NewConsentId, result.Message, 1L, "instance-a"), (state.ConsentId, state.LastError, state.SyncVersion, state.SyncedBy));
    }

    [Fact]
    public async Task Without_a_renewal_the_sync_still_records_its_own_failure_and_plan()
    {
        await using var bed = await SyncTestBed.ConnectedAsync(fixture);
        bed.Bank.Answer = _ => throw new BankApiException(BankFailureKind.Unavailable, "Green Bank did not answer in time. Leafy Bank will try again later.");

        var result = await bed.Instance("instance-a").SyncAsync(bed.Frida, TestBanks.GreenBank.Id, unattended: false, Cancel);

        var state = await bed.StateAsync();
        Assert.Equal((SyncTestBed.ConsentId, result.NextAllowedAt, result.Message, nameof(BankFailureKind.Unavailable), 1),
            (state.ConsentId, state.NextAllowedAt, state.LastError, state.LastFailureKind, state.ConsecutiveFailures));
        Assert.NotNull(state.NextAllowedAt);
        Assert.Equal((null, 1L), (state.LeaseOwner, state.SyncVersion));
    }

    /// <summary>
    /// Green Bank's authorization server for one renewal: it creates the new consent and issues its tokens, but cannot
    /// end the replaced consent just now (best effort: the old one then ends on its own last day).
    /// </summary>
    private sealed class RenewingBank : HttpMessageHandler
    {
        public const string NewConsentId = "consent-2";

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            if (path.EndsWith("/.well-known/openid-configuration", StringComparison.Ordinal) ||
                path == "/.well-known/oauth-authorization-server/sandbox/greenbank")
            {
                return Json(new
                {
                    issuer = "http://bank.test/sandbox/greenbank",
                    authorization_endpoint = "http://bank.test/sandbox/greenbank/connect/authorize",
                    token_endpoint = "http://bank.test/sandbox/greenbank/connect/token",
                    revocation_endpoint = "http://bank.test/sandbox/greenbank/connect/revoke",
                    code_challenge_methods_supported = new[] { "S256" },
                });
            }
            if (path.EndsWith("/consents", StringComparison.Ordinal) && request.Method == HttpMethod.Post)
            {
                var body = await request.Content!.ReadFromJsonAsync<JsonElement>(cancellationToken);
                return Json(new { consentId = NewConsentId, consentStatus = "received", validUntil = body.GetProperty("validUntil").GetString(), frequencyPerDay = 4 },
                    HttpStatusCode.Created);
            }
            if (path.Contains("/consents/", StringComparison.Ordinal) && request.Method == HttpMethod.Delete)
            {
                return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
            }
            if (path.EndsWith("/connect/token", StringComparison.Ordinal))
            {
                return Json(new { access_token = "renewed-access-token", token_type = "Bearer", expires_in = 300, refresh_token = "renewed-refresh-token", scope = "accounts" });
            }
            if (path.EndsWith("/connect/revoke", StringComparison.Ordinal))
            {
                return new HttpResponseMessage(HttpStatusCode.OK);
            }
            return new HttpResponseMessage(HttpStatusCode.NotFound);
        }

        private static HttpResponseMessage Json(object body, HttpStatusCode status = HttpStatusCode.OK) =>
            new(status) { Content = JsonContent.Create(body) };
    }
}

public sealed class EmbeddedRenewalDuringSyncTests(EmbeddedStoreFixture fixture) : RenewalDuringSyncTests(fixture), IClassFixture<EmbeddedStoreFixture>;

public sealed class MongoRenewalDuringSyncTests(MongoStoreFixture fixture) : RenewalDuringSyncTests(fixture), IClassFixture<MongoStoreFixture>;
