namespace LeafyBank.Tests.Core.Banking.Sync;

/// <summary>
/// Sync against a scripted bank, on every storage engine: idempotent, pending→booked without
/// doubles, a failing bank never touches stored data, one sync per connection at a time.
/// </summary>
public abstract class SyncServiceTests(IStoreFixture fixture)
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;


    private readonly FakeTimeProvider clock = TestTime.Frozen();
    private readonly PartyReference frida = new() { UserId = ObjectId.Parse("65a546ae4a8f64e8f88fb89e"), UserName = "fridaklo" };

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private DateTime Today => Now.Date;

    /// <summary>
    /// The start of the next of the four six-hour windows of the UTC day (00, 06, 12, 18) that a
    /// consent allowing four calls a day gets; written out here rather than taken from the code under test.
    /// </summary>
    private static DateTime NextQuarterDay(DateTime at) => at.Date.AddHours((at.Hour / 6 + 1) * 6);



    private async Task<(IDocumentStore Store, SyncService Sync, SyncTestBed.ScriptedBank Bank)> ConnectedAsync(string instance = "test-instance")
    {
        var store = await fixture.CreateStoreAsync();
        var protector = new TokenProtector(new EphemeralDataProtectionProvider());
        var oauth = new BankOAuthClient(new HttpClient(new NoNetwork()), new BankClientCredentials("leafybank", "secret"));
        var tokens = new BankTokenService(store, protector, oauth, clock);
        var bank = new SyncTestBed.ScriptedBank();
        var sync = new SyncService(store, new FixedBankDirectory(TestBanks.GreenBank), tokens, [bank], new SyncInstance(instance), clock);

        var now = clock.GetUtcNow().UtcDateTime;
        await store.Collection(OpenFinanceCollections.Consents).UpsertAsync(TestDocuments.Consent(frida, TestBanks.GreenBank.Id, "consent-1", now, now.AddDays(90)), Cancel);
        // A long-lived token, so no refresh (and no network) is involved.
        await tokens.SaveAsync(frida, TestBanks.GreenBank, "consent-1", new BankTokenResponse("access-token-value", "Bearer", 400 * 86_400, "refresh-token-value", "accounts"), Cancel);
        return (store, sync, bank);
    }


    private BankSnapshot Snapshot(decimal balance, params ExternalTransaction[] transactions) => new(
        [new ExternalAccount
        {
            AccountId = "204515807", AccountType = AccountTypes.Savings, AccountBalance = balance, AccountCurrency = "USD",
            AccountDate = new AccountDates { OpeningDate = new DateTime(2024, 3, 17, 2, 1, 24, DateTimeKind.Utc) },
            GreenAccountNarrative = "Savings account focusing on sustainable banking at Green Bank",
        }],
        [new ExternalProduct
        {
            ProductId = "1784", ProductType = ProductTypes.Loan, ProductAmount = 10700m, ProductCurrency = "USD", ProductInterestRate = 3.75m,
            ProductDate = new ProductDates { OpeningDate = new DateTime(2024, 6, 3, 0, 0, 0, DateTimeKind.Utc) }, RepaymentPeriod = 12,
        }],
        transactions,
        clock.GetUtcNow().UtcDateTime);

    private static ExternalTransaction Transaction(string id, string status, decimal amount, DateTime date, string merchant = "Green Grocer", DateTime? valueDate = null) => new()
    {
        TransactionId = id,
        AccountId = "204515807",
        BookingStatus = status,
        Amount = amount,
        Currency = "USD",
        BookingDate = date,
        ValueDate = valueDate,
        Description = merchant,
        Merchant = merchant,
        Category = "Groceries",
    };

    [Fact]
    public async Task A_sync_stores_the_banks_data_for_the_customer_and_audits_it()
    {
        var (store, sync, bank) = await ConnectedAsync();
        await using var _ = store;
        bank.Answer = _ => Snapshot(7825m, Transaction("T1", BookingStatuses.Booked, -42.10m, Today.AddDays(-5)));

        var result = await sync.SyncAsync(frida, "greenbank", unattended: false, Cancel);

        Assert.Equal(SyncOutcome.Succeeded, result.Outcome);
        var account = Assert.Single(await store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(frida.UserId, cancellationToken: Cancel));
        Assert.Equal(("Green Bank", "fridaklo", 7825m), (account.AccountBank, account.AccountUser.UserName, account.AccountBalance));
        Assert.Single(await store.Collection(OpenFinanceCollections.ExternalProducts).FindAsync(frida.UserId, cancellationToken: Cancel));
        Assert.Single(await store.Collection(OpenFinanceCollections.ExternalTransactions).FindAsync(frida.UserId, cancellationToken: Cancel));
        var audit = Assert.Single(await store.Collection(OpenFinanceCollections.AuditEvents).FindAsync(frida.UserId, cancellationToken: Cancel));
        Assert.Equal((AuditKinds.DataPulled, AuditOutcomes.Succeeded, "consent-1"), (audit.Kind, audit.Outcome, audit.ConsentId));
        // The ledger shows this line to the customer: their words ("loan or mortgage"), not the model's ("product").
        Assert.Equal("Updated Green Bank: 1 account, 1 loan or mortgage and 1 transaction.", audit.Detail);
        var state = await store.Collection(OpenFinanceCollections.SyncStates).FindByKeyAsync([frida.UserId, "greenbank"], Cancel);
        Assert.NotNull(state);
        Assert.Equal(clock.GetUtcNow().UtcDateTime, state.LastSuccessAt);
        // Customer-present: the scheduler's next window (of four a day) starts at the next quarter day.
        Assert.Equal(NextQuarterDay(Now), state.NextAllowedAt);
        Assert.Null(state.LeaseOwner);
        var token = await store.Collection(OpenFinanceCollections.Tokens).FindByKeyAsync([frida.UserId, "greenbank"], Cancel);
        Assert.Equal(clock.GetUtcNow().UtcDateTime, token!.TokenDates.LastUseDate);
    }

    [Fact]
    public async Task The_sync_message_names_what_the_consent_does_not_share_instead_of_counting_it_as_none()
    {
        var (store, sync, bank) = await ConnectedAsync();
        await using var _ = store;
        // The customer left transactions and balances out on the review: "0 transactions" would read as "none" or as a fault.
        await store.Collection(OpenFinanceCollections.Consents).UpsertAsync(TestDocuments.Consent(frida, TestBanks.GreenBank.Id, "consent-1", Now, Now.AddDays(90),
            permissions: [ConsentPermissions.Accounts, ConsentPermissions.Products]), Cancel);
        bank.Answer = _ => Snapshot(7825m);

        var result = await sync.SyncAsync(frida, "greenbank", unattended: false, Cancel);

        Assert.Equal("Updated Green Bank: 1 account and 1 loan or mortgage; transactions and balances are not shared.", result.Message);
        var audit = Assert.Single(await store.Collection(OpenFinanceCollections.AuditEvents).FindAsync(frida.UserId, cancellationToken: Cancel));
        Assert.Equal(result.Message, audit.Detail);
    }

    [Fact]
    public async Task The_sync_message_says_loans_and_mortgages_are_not_shared_when_the_consent_leaves_them_out()
    {
        var (store, sync, bank) = await ConnectedAsync();
        await using var _ = store;
        await store.Collection(OpenFinanceCollections.Consents).UpsertAsync(TestDocuments.Consent(frida, TestBanks.GreenBank.Id, "consent-1", Now, Now.AddDays(90),
            permissions: [ConsentPermissions.Accounts, ConsentPermissions.Balances, ConsentPermissions.Transactions]), Cancel);
        bank.Answer = _ => Snapshot(7825m, Transaction("T1", BookingStatuses.Booked, -42.10m, Today.AddDays(-5)));

        var result = await sync.SyncAsync(frida, "greenbank", unattended: false, Cancel);

        Assert.Equal("Updated Green Bank: 1 account and 1 transaction; loans and mortgages are not shared.", result.Message);
    }

    [Fact]
    public async Task The_sync_message_says_no_loans_or_mortgages_were_shared_when_the_bank_sent_none_under_a_consent_that_shares_them()
    {
        var (store, sync, bank) = await ConnectedAsync();
        await using var _ = store;
        // The consent shares everything, but the customer unticked every loan at the bank: "0 loans or mortgages" reads as a fault.
        bank.Answer = _ => Snapshot(7825m, Transaction("T1", BookingStatuses.Booked, -42.10m, Today.AddDays(-5))) with { Products = [] };

        var result = await sync.SyncAsync(frida, "greenbank", unattended: false, Cancel);

        Assert.Equal("Updated Green Bank: 1 account and 1 transaction; no loans or mortgages were shared.", result.Message);
    }

    [Fact]
    public async Task Syncing_twice_changes_nothing_and_keeps_document_ids()
    {
        var (store, sync, bank) = await ConnectedAsync();
        await using var _ = store;
        bank.Answer = _ => Snapshot(7825m, Transaction("T1", BookingStatuses.Booked, -42.10m, Today.AddDays(-5)));

        await sync.SyncAsync(frida, "greenbank", unattended: false, Cancel);
        var firstIds = (await store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(frida.UserId, cancellationToken: Cancel)).Select(a => a.Id).ToList();
        var second = await sync.SyncAsync(frida, "greenbank", unattended: false, Cancel);

        // Only the recent days are read again, and the message says so: "1 transaction" alone would read as all there are,
        // and "from <day> on" as if the history before that day were lost.
        Assert.Equal("Updated Green Bank: 1 account, 1 loan or mortgage and 1 recent transaction.", second.Message);
        Assert.Equal(DateOnly.FromDateTime(Now).AddDays(-SyncService.IncrementalOverlapDays), bank.Requests.Last().TransactionsSince);

        Assert.Equal(firstIds, (await store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(frida.UserId, cancellationToken: Cancel)).Select(a => a.Id));
        Assert.Equal(1, await store.Collection(OpenFinanceCollections.ExternalProducts).CountAsync(Cancel));
        Assert.Equal(1, await store.Collection(OpenFinanceCollections.ExternalTransactions).CountAsync(Cancel));
    }

    [Fact]
    public async Task The_first_sync_under_a_new_consent_reads_the_whole_history_and_the_next_one_only_recent_days()
    {
        var (store, sync, bank) = await ConnectedAsync();
        await using var _ = store;
        bank.Answer = _ => Snapshot(7825m, Transaction("T1", BookingStatuses.Booked, -42.10m, Today.AddDays(-5)));
        await sync.SyncAsync(frida, "greenbank", unattended: false, Cancel);
        clock.Advance(TimeSpan.FromDays(3));
        // "Change what you share" (say, transactions added): a new consent replaces the old one, and its first sync is recorded.
        var now = clock.GetUtcNow().UtcDateTime;
        var consents = store.Collection(OpenFinanceCollections.Consents);
        var old = (await consents.FindByKeyAsync([frida.UserId, TestBanks.GreenBank.Id, "consent-1"], Cancel))!;
        old.Status = ConsentStatuses.RevokedByPsu;
        await consents.UpsertAsync(old, Cancel);
        await consents.UpsertAsync(TestDocuments.Consent(frida, TestBanks.GreenBank.Id, "consent-2", now, now.AddDays(90)), Cancel);
        var states = store.Collection(OpenFinanceCollections.SyncStates);
        var state = (await states.FindByKeyAsync([frida.UserId, TestBanks.GreenBank.Id], Cancel))!;
        state.ConsentId = "consent-2";
        state.FirstSync = new FirstSyncRecord { ConsentId = "consent-2", RequestedAt = now };
        await states.UpsertAsync(state, Cancel);

        var first = await sync.SyncAsync(frida, "greenbank", unattended: false, Cancel);
        var next = await sync.SyncAsync(frida, "greenbank", unattended: false, Cancel);

        Assert.True(first.Outcome == SyncOutcome.Succeeded, first.Message);
        Assert.Equal([null, DateOnly.FromDateTime(now).AddDays(-SyncService.IncrementalOverlapDays)], bank.Requests.TakeLast(2).Select(r => r.TransactionsSince));
        Assert.Equal("Updated Green Bank: 1 account, 1 loan or mortgage and 1 transaction.", first.Message);
    }

    [Fact]
    public async Task A_pending_transaction_that_books_under_a_new_id_is_replaced_not_doubled()
    {
        var (store, sync, bank) = await ConnectedAsync();
        await using var _ = store;
        var pendingDay = Today.AddDays(-1);
        bank.Answer = _ => Snapshot(7825m, Transaction("P-77", BookingStatuses.Pending, -18.40m, pendingDay, "Café Azul"));
        await sync.SyncAsync(frida, "greenbank", unattended: false, Cancel);

        clock.Advance(TimeSpan.FromDays(2));
        bank.Answer = _ => Snapshot(7806.60m,
            // Booked a day later, valued on the day the customer paid (as banks report it).
            Transaction("B-9001", BookingStatuses.Booked, -18.40m, pendingDay.AddDays(1), "Café Azul", valueDate: pendingDay),
            Transaction("P-78", BookingStatuses.Pending, -5m, pendingDay.AddDays(2), "Bus"));
        var second = await sync.SyncAsync(frida, "greenbank", unattended: false, Cancel);
        Assert.True(second.Outcome == SyncOutcome.Succeeded, second.Message);

        var stored = await store.Collection(OpenFinanceCollections.ExternalTransactions).FindAsync(frida.UserId, cancellationToken: Cancel);
        Assert.Equal(["B-9001", "P-78"], stored.Select(t => t.TransactionId).Order());
        Assert.Equal("P-77", stored.Single(t => t.TransactionId == "B-9001").PendingTransactionId);
        Assert.Equal(-23.40m, stored.Sum(t => t.Amount));
    }

    [Fact]
    public async Task A_pending_transaction_that_never_books_is_dropped_after_its_lifetime_but_not_before()
    {
        var (store, sync, bank) = await ConnectedAsync();
        await using var _ = store;
        var holdDay = Today.AddDays(-1);
        bank.Answer = _ => Snapshot(100m, Transaction("P-HOLD", BookingStatuses.Pending, -150m, holdDay, "Hotel"));
        await sync.SyncAsync(frida, "greenbank", unattended: false, Cancel);

        bank.Answer = _ => Snapshot(100m);
        clock.Advance(TimeSpan.FromDays(2));
        await sync.SyncAsync(frida, "greenbank", unattended: false, Cancel);
        Assert.Single(await store.Collection(OpenFinanceCollections.ExternalTransactions).FindAsync(frida.UserId, cancellationToken: Cancel));

        clock.Advance(TimeSpan.FromDays(SyncService.PendingLifetimeDays));
        await sync.SyncAsync(frida, "greenbank", unattended: false, Cancel);
        Assert.Empty(await store.Collection(OpenFinanceCollections.ExternalTransactions).FindAsync(frida.UserId, cancellationToken: Cancel));
    }

    [Theory]
    [InlineData(BankFailureKind.Unavailable)]
    [InlineData(BankFailureKind.MalformedResponse)]
    [InlineData(BankFailureKind.RateLimited)]
    public async Task A_failing_bank_leaves_the_last_good_data_and_records_the_failure(BankFailureKind failure)
    {
        var (store, sync, bank) = await ConnectedAsync();
        await using var _ = store;
        bank.Answer = _ => Snapshot(7825m, Transaction("T1", BookingStatuses.Booked, -42.10m, Today.AddDays(-5)));
        await sync.SyncAsync(frida, "greenbank", unattended: false, Cancel);
        var before = await ExportAllAsync(store);

        clock.Advance(TimeSpan.FromHours(7));
        var retryAfter = failure == BankFailureKind.RateLimited ? TimeSpan.FromHours(9) : (TimeSpan?)null;
        bank.Answer = _ => throw new BankApiException(failure, "Green Bank had a problem (500) while a request. Try again later.", retryAfter);
        var result = await sync.SyncAsync(frida, "greenbank", unattended: true, Cancel);

        Assert.Equal(SyncOutcome.Failed, result.Outcome);
        Assert.Equal(before, await ExportAllAsync(store));
        var state = await store.Collection(OpenFinanceCollections.SyncStates).FindByKeyAsync([frida.UserId, "greenbank"], Cancel);
        Assert.NotNull(state);
        Assert.Equal("Green Bank had a problem (500) while a request. Try again later.", state.LastError);
        Assert.Equal(clock.GetUtcNow().UtcDateTime.AddHours(-7), state.LastSuccessAt);
        // Unattended: not before the next window, nor before the bank's Retry-After (longer than a window).
        Assert.Equal(retryAfter is { } wait ? Now + wait : NextQuarterDay(Now), state.NextAllowedAt);
        Assert.Null(state.LeaseOwner);
        var failed = (await store.Collection(OpenFinanceCollections.AuditEvents).FindAsync(frida.UserId, cancellationToken: Cancel))
            .Single(e => e.Outcome == AuditOutcomes.Failed);
        Assert.Equal(AuditKinds.DataPulled, failed.Kind);
    }

    [Fact]
    public async Task An_account_sent_without_its_balance_keeps_the_last_known_balance()
    {
        var (store, sync, bank) = await ConnectedAsync();
        await using var _ = store;
        bank.Answer = _ => Snapshot(7825m);
        await sync.SyncAsync(frida, "greenbank", unattended: false, Cancel);

        bank.Answer = _ =>
        {
            var withoutBalance = Snapshot(0m);
            withoutBalance.Accounts[0].BankExtras = new BsonDocument("BalanceShared", false);
            return withoutBalance;
        };
        await sync.SyncAsync(frida, "greenbank", unattended: false, Cancel);

        var account = Assert.Single(await store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(frida.UserId, cancellationToken: Cancel));
        Assert.Equal(7825m, account.AccountBalance);
        Assert.False(account.BankExtras!["BalanceShared"].AsBoolean);
    }

    [Fact]
    public async Task A_snapshot_with_repeated_ids_is_refused_whole()
    {
        var (store, sync, bank) = await ConnectedAsync();
        await using var _ = store;
        var day = Today.AddDays(-5);
        bank.Answer = _ => Snapshot(1m, Transaction("T1", BookingStatuses.Booked, -1m, day), Transaction("T1", BookingStatuses.Booked, -2m, day));

        var result = await sync.SyncAsync(frida, "greenbank", unattended: false, Cancel);

        Assert.Equal(SyncOutcome.Failed, result.Outcome);
        Assert.Contains("nothing was changed", result.Message, StringComparison.Ordinal);
        Assert.Equal(0, await store.Collection(OpenFinanceCollections.ExternalAccounts).CountAsync(Cancel));
    }

    [Fact]
    public async Task Two_syncs_of_one_connection_at_once_run_the_bank_call_once()
    {
        var (store, sync, bank) = await ConnectedAsync();
        await using var _ = store;
        bank.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bank.Answer = _ => Snapshot(7825m);

        var first = sync.SyncAsync(frida, "greenbank", unattended: false, Cancel);
        while (Volatile.Read(ref bank.Calls) == 0)
        {
            await Task.Delay(5, Cancel);
        }
        var second = await sync.SyncAsync(frida, "greenbank", unattended: false, Cancel);
        bank.Gate.SetResult();

        Assert.Equal(SyncOutcome.AlreadyRunning, second.Outcome);
        Assert.Equal(SyncOutcome.Succeeded, (await first).Outcome);
        Assert.Equal(1, bank.Calls);
    }

    [Fact]
    public async Task Unattended_syncs_wait_for_the_next_allowed_call_while_the_customer_can_always_sync()
    {
        var (store, sync, bank) = await ConnectedAsync();
        await using var _ = store;
        bank.Answer = _ => Snapshot(7825m);
        await sync.SyncAsync(frida, "greenbank", unattended: true, Cancel);

        // Still inside the window the first sync used, however close to its end the suite's instant is.
        clock.Advance((NextQuarterDay(Now) - Now) / 2);
        var tooSoon = await sync.SyncAsync(frida, "greenbank", unattended: true, Cancel);
        var byHand = await sync.SyncAsync(frida, "greenbank", unattended: false, Cancel);

        Assert.Equal(SyncOutcome.NotYetAllowed, tooSoon.Outcome);
        Assert.Equal(SyncOutcome.Succeeded, byHand.Outcome);
        Assert.Equal(2, bank.Calls);
    }

    [Fact]
    public async Task Without_a_valid_consent_nothing_is_fetched()
    {
        var (store, sync, bank) = await ConnectedAsync();
        await using var _ = store;
        var consent = Assert.Single(await store.Collection(OpenFinanceCollections.Consents).FindAsync(frida.UserId, cancellationToken: Cancel));
        consent.Status = ConsentStatuses.RevokedByPsu;
        await store.Collection(OpenFinanceCollections.Consents).UpsertAsync(consent, Cancel);

        var result = await sync.SyncAsync(frida, "greenbank", unattended: false, Cancel);

        Assert.Equal(SyncOutcome.NotConnected, result.Outcome);
        Assert.Equal(0, bank.Calls);
    }

    /// <summary>What <c>ConnectionService.DisconnectAsync</c> leaves when the customer keeps the data: the consent ended by Leafy Bank, no sync state.</summary>
    private async Task DisconnectKeepingTheDataAsync(IDocumentStore store)
    {
        var consent = Assert.Single(await store.Collection(OpenFinanceCollections.Consents).FindAsync(frida.UserId, cancellationToken: Cancel));
        consent.Status = ConsentStatuses.TerminatedByTpp;
        consent.StatusChangedAt = Now;
        await store.Collection(OpenFinanceCollections.Consents).UpsertAsync(consent, Cancel);
        await store.Collection(OpenFinanceCollections.SyncStates).DeleteAsync(frida.UserId, s => s.Bank == "greenbank", Cancel);
    }

    /// <summary>"3 Dec 2026, 09:12 UTC", written out here rather than taken from the code under test.</summary>
    private static string InUtc(DateTime at) => at.ToString("d MMM yyyy, HH:mm", System.Globalization.CultureInfo.InvariantCulture) + " UTC";

    [Fact]
    public async Task A_sync_asked_of_a_bank_disconnected_since_says_when_that_its_data_is_kept_as_last_read_and_to_reconnect()
    {
        var (store, sync, bank) = await ConnectedAsync();
        await using var _ = store;
        bank.Answer = _ => Snapshot(7825m);
        Assert.Equal(SyncOutcome.Succeeded, (await sync.SyncAsync(frida, "greenbank", unattended: false, Cancel)).Outcome);
        // Disconnected in another tab, keeping the data, while this one still showed Green Bank with "Sync now".
        clock.Advance(TimeSpan.FromMinutes(7));
        var disconnectedAt = Now;
        await DisconnectKeepingTheDataAsync(store);
        clock.Advance(TimeSpan.FromMinutes(3));

        var result = await sync.SyncAsync(frida, "greenbank", unattended: false, Cancel);

        Assert.Equal(SyncOutcome.NotConnected, result.Outcome);
        // Not "Green Bank is not connected", beside the Green Bank accounts the page still shows.
        Assert.Equal($"Green Bank was disconnected on {InUtc(disconnectedAt)}. Its accounts and loans are kept as last read and no longer updated. " +
                     "Reconnect Green Bank to update them.", result.Message);
        Assert.Equal(1, bank.Calls);
        Assert.Single(await store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(frida.UserId, cancellationToken: Cancel));
    }

    [Fact]
    public async Task Without_the_bank_directory_a_disconnected_bank_is_still_named_as_its_documents_name_it_and_said_disconnected()
    {
        var (store, sync, bank) = await ConnectedAsync();
        await using var _ = store;
        var read = Snapshot(7825m);
        // As the connectors record it: which consent each account was read under.
        read.Accounts[0].Source = new DataSource { Origin = DataOrigins.BankApi, RetrievedAt = Now, ConsentId = "consent-1" };
        bank.Answer = _ => read;
        Assert.Equal(SyncOutcome.Succeeded, (await sync.SyncAsync(frida, "greenbank", unattended: false, Cancel)).Outcome);
        var disconnectedAt = Now;
        await DisconnectKeepingTheDataAsync(store);
        // The directory no longer lists the bank, and the disconnect took the sync state (which kept the bank's name) with it.
        var withoutDirectory = new SyncService(store, new FixedBankDirectory(), Tokens(store), [bank], new SyncInstance("test-instance"), clock);

        var result = await withoutDirectory.SyncAsync(frida, "greenbank", unattended: false, Cancel);

        Assert.Equal(SyncOutcome.NotConnected, result.Outcome);
        Assert.Equal($"Green Bank was disconnected on {InUtc(disconnectedAt)}. Its accounts and loans are kept as last read and no longer updated. " +
                     "Reconnect Green Bank to update them.", result.Message);
    }

    [Fact]
    public async Task A_sync_asked_of_a_bank_never_connected_says_so()
    {
        var (store, _, bank) = await ConnectedAsync();
        await using var __ = store;
        var sync = new SyncService(store, new FixedBankDirectory(TestBanks.GreenBank, TestBanks.ThamesBank), Tokens(store), [bank], new SyncInstance("test-instance"), clock);

        var result = await sync.SyncAsync(frida, "thamesbank", unattended: false, Cancel);

        Assert.Equal(SyncOutcome.NotConnected, result.Outcome);
        Assert.Equal("Thames Bank is not connected. Connect it to see its accounts.", result.Message);
    }

    private BankTokenService Tokens(IDocumentStore store) => new(store, new TokenProtector(new EphemeralDataProtectionProvider()),
        new BankOAuthClient(new HttpClient(new NoNetwork()), new BankClientCredentials("leafybank", "secret")), clock);

    [Fact]
    public async Task The_scheduler_expires_ended_consents_deletes_their_tokens_and_records_it()
    {
        var (store, sync, bank) = await ConnectedAsync();
        await using var _ = store;
        bank.Answer = _ => Snapshot(7825m);
        var scheduler = new SyncScheduler(store, sync, clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<SyncScheduler>.Instance,
            new SyncSchedulerOptions(Enabled: true, TimeSpan.FromMinutes(1)));

        clock.Advance(TimeSpan.FromDays(91));
        await scheduler.RunOnceAsync(Cancel);

        var consent = Assert.Single(await store.Collection(OpenFinanceCollections.Consents).FindAsync(frida.UserId, cancellationToken: Cancel));
        Assert.Equal(ConsentStatuses.Expired, consent.Status);
        Assert.Empty(await store.Collection(OpenFinanceCollections.Tokens).FindAsync(frida.UserId, cancellationToken: Cancel));
        Assert.Contains(await store.Collection(OpenFinanceCollections.AuditEvents).FindAsync(frida.UserId, cancellationToken: Cancel),
            e => e.Kind == AuditKinds.ConsentExpired);
        Assert.Equal(0, bank.Calls);
    }

    [Fact]
    public async Task The_scheduler_syncs_connections_that_are_due()
    {
        var (store, sync, bank) = await ConnectedAsync();
        await using var _ = store;
        bank.Answer = _ => Snapshot(7825m);
        await store.Collection(OpenFinanceCollections.SyncStates).UpsertAsync(
            new SyncState { SyncUser = frida, Bank = "greenbank", ConsentId = "consent-1", NextAllowedAt = clock.GetUtcNow().UtcDateTime }, Cancel);
        // Past the first customer-present sync's grace, which the scheduler leaves alone.
        clock.Advance(SyncScheduler.FirstSyncGrace);
        // The scheduler rests in the last minutes of the UTC day; a suite instant there moves on to midnight, when it is due all the same.
        if (Today.AddDays(1) - Now <= SyncAllowance.DayEndMargin)
        {
            clock.SetUtcNow(new DateTimeOffset(Today.AddDays(1)));
        }
        var scheduler = new SyncScheduler(store, sync, clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<SyncScheduler>.Instance,
            new SyncSchedulerOptions(Enabled: true, TimeSpan.FromMinutes(1)));

        Assert.Equal(1, await scheduler.RunOnceAsync(Cancel));
        Assert.Equal(0, await scheduler.RunOnceAsync(Cancel));
        Assert.Equal(1, bank.Calls);
    }

    private static async Task<List<string>> ExportAllAsync(IDocumentStore store)
    {
        var documents = new List<string>();
        foreach (var collection in new[] { "external_accounts", "external_products", "external_transactions" })
        {
            IAsyncEnumerable<BsonDocument> rows = collection switch
            {
                "external_accounts" => store.Collection(OpenFinanceCollections.ExternalAccounts).ExportAsync(Cancel),
                "external_products" => store.Collection(OpenFinanceCollections.ExternalProducts).ExportAsync(Cancel),
                _ => store.Collection(OpenFinanceCollections.ExternalTransactions).ExportAsync(Cancel),
            };
            await foreach (var row in rows)
            {
                documents.Add(row.ToJson());
            }
        }
        return documents;
    }
}

public sealed class EmbeddedSyncServiceTests(EmbeddedStoreFixture fixture) : SyncServiceTests(fixture), IClassFixture<EmbeddedStoreFixture>;

public sealed class MongoSyncServiceTests(MongoStoreFixture fixture) : SyncServiceTests(fixture), IClassFixture<MongoStoreFixture>;
