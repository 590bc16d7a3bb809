using Microsoft.Extensions.Logging.Abstractions;

namespace LeafyBank.Tests.Core.Banking.Sync;

/// <summary>
/// On every engine: a connection that cannot be synced for a reason other than its bank's API (the
/// bank left the directory, its saved access cannot be read here, the store refuses what the bank
/// sent) gets a recorded failure in plain words with a back-off, like any failing bank, and the
/// scheduler's round goes on to the connections after it.
/// </summary>
public abstract class SyncFailureIsolationTests(IStoreFixture fixture)
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    /// <summary>A bank Frida connected that the directory no longer lists.</summary>
    private static readonly BankDirectoryEntry ClosedBank =
        new("closedbank", "Closed Bank", BankDialects.GreenBank, new Uri("http://bank.test/sandbox/closedbank"), new Uri("http://bank.test/sandbox/closedbank/api/accounts"));

    private readonly FakeTimeProvider clock = TestTime.Frozen();
    private readonly PartyReference frida = new() { UserId = ObjectId.Parse("65a546ae4a8f64e8f88fb89e"), UserName = "fridaklo" };
    private readonly PartyReference diego = new() { UserId = ObjectId.Parse("65a546ae4a8f64e8f88fb8a0"), UserName = "diegorivera" };

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <param name="Tokens">The token service the sync reads with (its key ring), so what it saves can be read back.</param>
    private sealed record Setup(IDocumentStore Store, SyncService Sync, SyncScheduler Scheduler, SyncTestBed.ScriptedBank Bank, BankTokenService Tokens)
        : IAsyncDisposable
    {
        public IDocumentCollection<SyncState> States => Store.Collection(OpenFinanceCollections.SyncStates);

        public ValueTask DisposeAsync() => Store.DisposeAsync();
    }

    /// <summary>A directory that cannot be read at the moment.</summary>
    private sealed class UnreadableDirectory : IBankDirectory
    {
        public Task<IReadOnlyList<BankDirectoryEntry>> ListAsync(CancellationToken cancellationToken = default) =>
            throw new BankApiException(BankFailureKind.Unavailable, BankTroubleWords.DirectoryUnavailable);
    }

    private static BankTokenService TokenService(IDocumentStore store, TimeProvider clock) =>
        new(store, new TokenProtector(new EphemeralDataProtectionProvider()),
            new BankOAuthClient(new HttpClient(new NoNetwork()), new BankClientCredentials("leafybank", "secret")), clock);

    private async Task<Setup> SetUpAsync(IBankDirectory directory)
    {
        // A morning: no round rests at the end of the UTC day.
        var morning = Now.Date.AddHours(9);
        clock.Advance((morning >= Now ? morning : morning.AddDays(1)) - Now);
        var store = await fixture.CreateStoreAsync();
        var bank = new SyncTestBed.ScriptedBank
        {
            Answer = request => new BankSnapshot(
                [new ExternalAccount { AccountId = "204515807", AccountType = AccountTypes.Checking, AccountBalance = 10m, AccountCurrency = "USD" }], [], [], Now),
        };
        var tokens = TokenService(store, clock);
        var sync = new SyncService(store, directory, tokens, [bank], new SyncInstance("test-instance"), clock);
        var scheduler = new SyncScheduler(store, sync, clock, NullLogger<SyncScheduler>.Instance, new SyncSchedulerOptions(Enabled: true, TimeSpan.FromMinutes(5)));
        return new Setup(store, sync, scheduler, bank, tokens);
    }

    /// <summary>
    /// A connection granted yesterday and due now, with a long-lived token saved by <paramref name="tokens"/>
    /// (no refresh, no network); another deployment's token service leaves a token this one cannot read.
    /// </summary>
    private async Task ConnectAsync(Setup setup, PartyReference owner, BankDirectoryEntry bank, BankTokenService tokens)
    {
        var consentId = $"consent-{owner.UserName}-{bank.Id}";
        await setup.Store.Collection(OpenFinanceCollections.Consents).UpsertAsync(
            TestDocuments.Consent(owner, bank.Id, consentId, Now.AddDays(-1), Now.AddDays(89)), Cancel);
        await tokens.SaveAsync(owner, bank, consentId, new BankTokenResponse("access-token-value", "Bearer", 400 * 86_400, "refresh-token-value", "accounts"), Cancel);
        await setup.States.UpsertAsync(new SyncState { SyncUser = owner, Bank = bank.Id, BankName = bank.Name, ConsentId = consentId, NextAllowedAt = Now }, Cancel);
    }

    private static async Task<SyncState> StateAsync(Setup setup, PartyReference owner, string bankId) =>
        (await setup.States.FindByKeyAsync([owner.UserId, bankId], Cancel))!;

    /// <summary>A failure as any failing bank leaves it: in words, with its kind, counted, and backed off.</summary>
    private void AssertRecordedFailure(SyncState state, string words)
    {
        Assert.NotNull(state.LastError);
        Assert.Contains(words, state.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", state.LastError, StringComparison.Ordinal);
        Assert.NotNull(state.LastFailureKind);
        Assert.Equal(1, state.ConsecutiveFailures);
        Assert.Equal(Now, state.LastAttemptAt);
        Assert.True(state.NextAllowedAt > Now, $"backed off, not due again at once ({state.NextAllowedAt:O})");
        Assert.Equal((null, null), (state.LeaseOwner, state.LeaseUntil));
    }

    [Fact]
    public async Task A_connection_whose_bank_left_the_directory_records_a_failure_and_the_round_still_syncs_the_next_one()
    {
        await using var setup = await SetUpAsync(new FixedBankDirectory(TestBanks.GreenBank));
        await ConnectAsync(setup, frida, ClosedBank, setup.Tokens);
        await ConnectAsync(setup, diego, TestBanks.GreenBank, setup.Tokens);

        var ran = await setup.Scheduler.RunOnceAsync(Cancel);

        Assert.Equal(2, ran);
        Assert.Equal(1, setup.Bank.Calls);
        Assert.Single(await setup.Store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(diego.UserId, cancellationToken: Cancel));
        Assert.Equal(Now, (await StateAsync(setup, diego, TestBanks.GreenBank.Id)).LastSuccessAt);
        AssertRecordedFailure(await StateAsync(setup, frida, ClosedBank.Id), "Closed Bank");
    }

    [Fact]
    public async Task A_connection_whose_saved_access_cannot_be_read_records_a_failure_and_the_round_still_syncs_the_next_one()
    {
        await using var setup = await SetUpAsync(new FixedBankDirectory(TestBanks.GreenBank));
        // Frida's token was saved under another key ring (a migration that did not bring the keys).
        await ConnectAsync(setup, frida, TestBanks.GreenBank, TokenService(setup.Store, clock));
        await ConnectAsync(setup, diego, TestBanks.GreenBank, setup.Tokens);

        var ran = await setup.Scheduler.RunOnceAsync(Cancel);

        Assert.Equal(2, ran);
        Assert.Equal(1, setup.Bank.Calls);
        Assert.Single(await setup.Store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(diego.UserId, cancellationToken: Cancel));
        var state = await StateAsync(setup, frida, TestBanks.GreenBank.Id);
        AssertRecordedFailure(state, "Connect Green Bank again");
        Assert.Empty(await setup.Store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(frida.UserId, cancellationToken: Cancel));
    }

    [Fact]
    public async Task A_directory_that_cannot_be_read_is_a_recorded_failure_not_an_exception()
    {
        await using var setup = await SetUpAsync(new UnreadableDirectory());
        await ConnectAsync(setup, frida, TestBanks.GreenBank, setup.Tokens);

        var result = await setup.Sync.SyncAsync(frida, TestBanks.GreenBank.Id, unattended: true, Cancel);

        Assert.Equal(SyncOutcome.Failed, result.Outcome);
        Assert.Equal(0, setup.Bank.Calls);
        var state = await StateAsync(setup, frida, TestBanks.GreenBank.Id);
        AssertRecordedFailure(state, "Green Bank");
        Assert.Equal(state.LastError, result.Message);
        Assert.Equal(state.NextAllowedAt, result.NextAllowedAt);
    }

    [Fact]
    public async Task Data_the_store_refuses_is_a_recorded_failure_and_what_was_stored_before_is_kept()
    {
        await using var bed = await SyncTestBed.ConnectedAsync(fixture);
        var sync = bed.Instance("instance-a");
        bed.Bank.Answer = _ => bed.Snapshot(transactions: 2);
        Assert.Equal(SyncOutcome.Succeeded, (await sync.SyncAsync(bed.Frida, TestBanks.GreenBank.Id, unattended: false, Cancel)).Outcome);
        var transactionsBefore = (await bed.Store.Collection(OpenFinanceCollections.ExternalTransactions).FindAsync(bed.Frida.UserId, cancellationToken: Cancel))
            .Select(t => (t.TransactionId, t.Amount)).Order().ToList();

        // The next answer breaks the store's rules (a booking status the model does not have).
        bed.Clock.Advance(TimeSpan.FromHours(1));
        bed.Bank.Answer = _ =>
        {
            var snapshot = bed.Snapshot(transactions: 3);
            snapshot.Transactions[2].BookingStatus = "reversed";
            return snapshot;
        };
        var result = await sync.SyncAsync(bed.Frida, TestBanks.GreenBank.Id, unattended: false, Cancel);

        Assert.Equal(SyncOutcome.Failed, result.Outcome);
        Assert.Contains("Green Bank", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Message, StringComparison.Ordinal);
        var state = await bed.StateAsync();
        Assert.Equal((result.Message, 1), (state.LastError, state.ConsecutiveFailures));
        Assert.True(state.NextAllowedAt > bed.Now, "backed off");
        Assert.Null(state.LeaseOwner);
        var transactionsAfter = (await bed.Store.Collection(OpenFinanceCollections.ExternalTransactions).FindAsync(bed.Frida.UserId, cancellationToken: Cancel))
            .Select(t => (t.TransactionId, t.Amount)).Order().ToList();
        Assert.Equal(transactionsBefore, transactionsAfter);
    }

    [Fact]
    public async Task A_round_cancelled_while_a_bank_answers_ends_with_the_cancellation()
    {
        await using var setup = await SetUpAsync(new FixedBankDirectory(TestBanks.GreenBank));
        await ConnectAsync(setup, frida, TestBanks.GreenBank, setup.Tokens);
        setup.Bank.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(Cancel);

        var round = setup.Scheduler.RunOnceAsync(stopping.Token);
        for (var i = 0; i < 500 && Volatile.Read(ref setup.Bank.Calls) == 0; i++)
        {
            await Task.Delay(10, Cancel);
        }
        await stopping.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => round.WaitAsync(TimeSpan.FromSeconds(10), Cancel));
    }
}

public sealed class EmbeddedSyncFailureIsolationTests(EmbeddedStoreFixture fixture) : SyncFailureIsolationTests(fixture), IClassFixture<EmbeddedStoreFixture>;

public sealed class MongoSyncFailureIsolationTests(MongoStoreFixture fixture) : SyncFailureIsolationTests(fixture), IClassFixture<MongoStoreFixture>;
