namespace LeafyBank.Tests.Web.Components.Pages.Connections;

/// <summary>
/// <c>/connections/result</c> after a grant shows the first sync as stored — running, done with its
/// counts, failed, or never run — and reading it never reaches the bank: the bank here records
/// every call, and a test fails if one happens while the page renders.
/// </summary>
public sealed class ConnectionResultFirstSyncTests : PersonasTestContext
{
    private const string ConsentId = "consent-greenbank-fridaklo";

    private readonly RecordingBank bank = new();
    private readonly SyncService sync;
    private readonly BankTokenService tokens;

    public ConnectionResultFirstSyncTests()
    {
        var oauth = new BankOAuthClient(new HttpClient(new CountingNetwork(bank)), new BankClientCredentials("leafybank", "secret"));
        tokens = new BankTokenService(Store, new TokenProtector(new EphemeralDataProtectionProvider()), oauth, Clock);
        var changes = new PositionChangeNotifier(NullLogger<PositionChangeNotifier>.Instance);
        sync = new SyncService(Store, Banks, tokens, [bank], new SyncInstance("bunit"), Clock, changes);
        // Replace the context's: this sync service reaches a bank that counts, and tells the page when it is done.
        Services.AddSingleton(changes);
        Services.AddSingleton(sync);
    }

    /// <summary>Frida connected at Green Bank with a token that reads it, and the connection's first sync as <paramref name="record"/> says.</summary>
    private async Task ConnectedWithFirstSyncAsync(FirstSyncRecord? record, Action<SyncState>? alsoState = null)
    {
        await ConnectedAsync(GreenBank, daysLeft: 90);
        // A long-lived token: a sync would go straight to the bank, with no refresh in between.
        await tokens.SaveAsync(Frida, GreenBank, ConsentId, new BankTokenResponse("access-token", "Bearer", 400 * 86_400, "refresh-token", "accounts"), Cancel);
        var states = Store.Collection(OpenFinanceCollections.SyncStates);
        var state = (await states.FindByKeyAsync([Frida.UserId, GreenBank.Id], Cancel))!;
        state.FirstSync = record;
        alsoState?.Invoke(state);
        await states.UpsertAsync(state, Cancel);
    }

    private IRenderedComponent<ConnectionResultPage> RenderResult(string outcome = "connected")
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/connections/result?bank=greenbank&outcome={outcome}");
        return Render<ConnectionResultPage>();
    }

    private async Task<string> StoredSyncStateAsync() =>
        (await Store.Collection(OpenFinanceCollections.SyncStates).FindByKeyAsync([Frida.UserId, GreenBank.Id], Cancel))!.ToBsonDocument().ToJson();

    private async Task<int> DataPulledAsync() =>
        (await Store.Collection(OpenFinanceCollections.AuditEvents).FindAsync(Frida.UserId, e => e.Kind == AuditKinds.DataPulled, Cancel)).Count;

    private async Task AssertNothingReadTheBankAsync()
    {
        Assert.True(bank.Calls == 0, $"the bank was called {bank.Calls} time(s) while the page rendered");
        Assert.Equal(0, await DataPulledAsync());
    }

    private BankSnapshot Snapshot(int transactions) => new(
        [new ExternalAccount { AccountId = "acc-1", AccountType = AccountTypes.Checking, AccountBalance = 100m, AccountCurrency = "USD" },
         new ExternalAccount { AccountId = "acc-2", AccountType = AccountTypes.Savings, AccountBalance = 900m, AccountCurrency = "USD" }],
        [new ExternalProduct { ProductId = "loan-1", ProductType = ProductTypes.Loan, ProductAmount = 5000m, ProductCurrency = "USD", ProductStatus = ProductStatuses.Active }],
        [.. Enumerable.Range(1, transactions).Select(i => new ExternalTransaction
        {
            TransactionId = $"tx-{i}", AccountId = "acc-1", Amount = -i, Currency = "USD", BookingDate = Now.AddDays(-i),
            BookingStatus = BookingStatuses.Booked, Description = "Coffee",
        })],
        Now);

    [Fact]
    public async Task While_the_first_sync_runs_the_page_says_it_is_fetching_and_shows_the_counts_once_it_finishes()
    {
        await ConnectedWithFirstSyncAsync(new FirstSyncRecord { ConsentId = ConsentId, RequestedAt = Now });

        var cut = RenderResult();

        cut.WaitForAssertion(() => Assert.Contains("Fetching your data from Green Bank…", cut.Find("[data-testid=first-sync]").TextContent, StringComparison.Ordinal),
            TimeSpan.FromSeconds(10));
        Assert.Empty(cut.FindAll("[data-testid=sync-summary]"));
        await AssertNothingReadTheBankAsync();

        // The runner's sync (here run by the test) finishes: the open page follows without a reload.
        bank.Answer = _ => Snapshot(transactions: 17);
        Assert.Equal(SyncOutcome.Succeeded, (await sync.SyncAsync(Frida, GreenBank.Id, unattended: false, Cancel)).Outcome);

        cut.WaitForAssertion(() => Assert.Equal("2 accounts, 1 loan or mortgage and 17 transactions from Green Bank.", cut.Find("[data-testid=sync-counts]").TextContent.Trim()),
            TimeSpan.FromSeconds(10));
        Assert.Equal(FetchedOn(Now), cut.Find("[data-testid=sync-finished]").TextContent.Trim());
        Assert.Equal(1, bank.Calls);
    }

    [Fact]
    public async Task A_finished_first_sync_shows_its_stored_counts_on_every_visit_and_reading_it_changes_nothing()
    {
        await ConnectedWithFirstSyncAsync(FinishedFirstSync(transactions: 184, "Updated Green Bank: 2 accounts, 1 products, 184 transactions."));
        var before = await StoredSyncStateAsync();

        // A reload, Back, or a link from anywhere: three visits.
        for (var visit = 0; visit < 3; visit++)
        {
            var cut = RenderResult();
            cut.WaitForAssertion(() => Assert.Equal("2 accounts, 1 loan or mortgage and 184 transactions from Green Bank.", cut.Find("[data-testid=sync-counts]").TextContent.Trim()),
                TimeSpan.FromSeconds(10));
            Assert.Equal(FetchedOn(Now.AddMinutes(-1)), cut.Find("[data-testid=sync-finished]").TextContent.Trim());
            Assert.Equal("dashboard", cut.Find("[data-testid=to-dashboard]").GetAttribute("href"));
            // The next bank is one step away for a customer linking several.
            Assert.Equal("Connect another bank", cut.Find("[data-testid=connect-another]").TextContent.Trim());
            Assert.Equal("connections/new", cut.Find("[data-testid=connect-another]").GetAttribute("href"));
            await DisposeComponentsAsync();
        }

        await AssertNothingReadTheBankAsync();
        Assert.Equal(before, await StoredSyncStateAsync());
    }

    /// <summary>A first sync that succeeded a minute ago, having stored 2 accounts, a loan and <paramref name="transactions"/>.</summary>
    private FirstSyncRecord FinishedFirstSync(int transactions, string message) => new()
    {
        ConsentId = ConsentId,
        RequestedAt = Now.AddMinutes(-2),
        StartedAt = Now.AddMinutes(-2),
        FinishedAt = Now.AddMinutes(-1),
        Outcome = AuditOutcomes.Succeeded,
        Message = message,
        Accounts = 2,
        Products = 1,
        Transactions = transactions,
    };

    /// <summary>A finished first sync under a consent that shares only <paramref name="permissions"/>.</summary>
    private async Task FinishedFirstSyncSharingAsync(params string[] permissions) =>
        await FinishedFirstSyncSharingAsync(FinishedFirstSync(transactions: 0, "stored message"), permissions);

    /// <summary><paramref name="record"/>, finished under a consent that shares only <paramref name="permissions"/>.</summary>
    private async Task<Consent> FinishedFirstSyncSharingAsync(FirstSyncRecord record, params string[] permissions)
    {
        await ConnectedWithFirstSyncAsync(record);
        // The same consent, with what the customer ticked on the review.
        var consent = TestDocuments.Consent(Frida, GreenBank.Id, ConsentId, Now.AddDays(-10), Now.AddDays(90), permissions: permissions);
        await Store.Collection(OpenFinanceCollections.Consents).UpsertAsync(consent, Cancel);
        return consent;
    }

    private static readonly string[] Everything =
        [ConsentPermissions.Accounts, ConsentPermissions.Balances, ConsentPermissions.Transactions, ConsentPermissions.Products];

    [Fact]
    public async Task Loans_the_bank_sent_none_of_are_said_in_words_and_not_counted_as_0()
    {
        // The consent shares loans and mortgages, but the customer unticked every loan at the bank (or holds none there).
        var record = FinishedFirstSync(transactions: 198, "stored message");
        (record.Accounts, record.Products) = (1, 0);
        await FinishedFirstSyncSharingAsync(record, Everything);

        var cut = RenderResult();

        cut.WaitForAssertion(() => Assert.Equal("1 account and 198 transactions from Green Bank; no loans or mortgages were shared.",
            cut.Find("[data-testid=sync-counts]").TextContent.Trim()), TimeSpan.FromSeconds(10));
        Assert.DoesNotContain("0 loans", cut.Find("[data-testid=sync-summary]").TextContent, StringComparison.Ordinal);
        // Nothing the consent leaves out: no step to change what is shared.
        Assert.Empty(cut.FindAll("[data-testid=change-shared]"));
    }

    [Fact]
    public async Task A_first_connection_names_the_accounts_the_customer_shared_as_the_first_read_recorded_them()
    {
        var consent = await FinishedFirstSyncSharingAsync(FinishedFirstSync(transactions: 198, "stored message"), Everything);
        consent.SharedAccounts = ["Giro •••• 1234", "Home Loan •••• 4484"];
        await Store.Collection(OpenFinanceCollections.Consents).UpsertAsync(consent, Cancel);

        var cut = RenderResult();

        // The bank names only what it shares, so those left unticked cannot be named: the page says the bank kept them back.
        cut.WaitForAssertion(() => Assert.Equal(
            "You shared Giro •••• 1234 and Home Loan •••• 4484. Green Bank tells Leafy Bank nothing about any account you left unticked there.",
            cut.Find("[data-testid=shared-accounts]").TextContent.Trim()), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Transactions_left_out_of_the_consent_are_named_as_not_shared_with_a_step_to_share_them_not_counted_as_0()
    {
        await FinishedFirstSyncSharingAsync(ConsentPermissions.Accounts, ConsentPermissions.Balances, ConsentPermissions.Products);

        var cut = RenderResult();

        cut.WaitForAssertion(() => Assert.Equal("2 accounts and 1 loan or mortgage from Green Bank; transactions are not shared.",
            cut.Find("[data-testid=sync-counts]").TextContent.Trim()), TimeSpan.FromSeconds(10));
        Assert.DoesNotContain("0 transactions", cut.Find("[data-testid=sync-summary]").TextContent, StringComparison.Ordinal);
        Assert.Equal(ConnectionView.RenewHref(GreenBank.Id, share: ConsentPermissions.Transactions), cut.Find("[data-testid=change-shared-link]").GetAttribute("href"));
        await AssertNothingReadTheBankAsync();
    }

    [Fact]
    public async Task Balances_and_loans_left_out_of_the_consent_are_said_to_be_not_shared()
    {
        await FinishedFirstSyncSharingAsync(ConsentPermissions.Accounts, ConsentPermissions.Transactions);

        var cut = RenderResult();

        cut.WaitForAssertion(() => Assert.Equal("2 accounts from Green Bank; no transactions were shared, and balances, loans and mortgages are not shared.",
            cut.Find("[data-testid=sync-counts]").TextContent.Trim()), TimeSpan.FromSeconds(10));
        Assert.Equal(ConnectionView.RenewHref(GreenBank.Id, share: ConsentPermissions.Balances), cut.Find("[data-testid=change-shared-link]").GetAttribute("href"));
    }

    [Fact]
    public async Task A_consent_sharing_everything_offers_no_step_to_change_what_is_shared()
    {
        await FinishedFirstSyncSharingAsync(ConsentPermissions.Accounts, ConsentPermissions.Balances, ConsentPermissions.Transactions, ConsentPermissions.Products);

        var cut = RenderResult();

        cut.WaitForAssertion(() => Assert.Equal("2 accounts and 1 loan or mortgage from Green Bank; no transactions were shared.",
            cut.Find("[data-testid=sync-counts]").TextContent.Trim()), TimeSpan.FromSeconds(10));
        Assert.Empty(cut.FindAll("[data-testid=change-shared]"));
    }

    [Fact]
    public async Task A_failed_first_sync_shows_the_stored_reason_and_where_to_try_again()
    {
        await ConnectedWithFirstSyncAsync(new FirstSyncRecord
        {
            ConsentId = ConsentId,
            RequestedAt = Now.AddMinutes(-1),
            StartedAt = Now.AddMinutes(-1),
            FinishedAt = Now.AddSeconds(-50),
            Outcome = AuditOutcomes.Failed,
            Message = "Green Bank is not answering right now. Leafy Bank will try again later.",
        });

        var cut = RenderResult();

        cut.WaitForAssertion(() => Assert.Contains("the first update did not finish: Green Bank is not answering right now.",
            cut.Find("[data-testid=sync-problem]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Empty(cut.FindAll("[data-testid=sync-summary]"));
        await AssertNothingReadTheBankAsync();
    }

    [Fact]
    public async Task A_first_sync_that_refused_someone_elses_accounts_says_so_and_offers_disconnect_and_connect_again_not_sync_now()
    {
        const string refusal = "The accounts Green Bank shared are not in your name (Frida Kahlo), so Leafy Bank did not store them.";
        await ConnectedWithFirstSyncAsync(new FirstSyncRecord
        {
            ConsentId = ConsentId,
            RequestedAt = Now.AddMinutes(-1),
            StartedAt = Now.AddMinutes(-1),
            FinishedAt = Now.AddSeconds(-50),
            Outcome = AuditOutcomes.Failed,
            Message = refusal,
        }, state =>
        {
            state.LastError = refusal;
            state.LastFailureKind = nameof(BankFailureKind.NotTheCustomersAccounts);
            state.NextAllowedAt = null;
        });

        var cut = RenderResult();

        cut.WaitForAssertion(() => Assert.Equal("Green Bank sent accounts that are not yours", cut.Find("[data-testid=result-title]").TextContent.Trim()),
            TimeSpan.FromSeconds(10));
        Assert.Equal(refusal, cut.Find("[data-testid=sync-problem]").TextContent.Trim());
        Assert.Equal("Disconnect Green Bank", cut.Find("[data-testid=disconnect]").TextContent.Trim());
        Assert.Equal("Connect again", cut.Find("[data-testid=reconnect]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=sync-now]"));
        Assert.Empty(cut.FindAll("[data-testid=result-connected]"));
        Assert.DoesNotContain("Sync now", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("is connected", cut.Markup, StringComparison.Ordinal);
        await AssertNothingReadTheBankAsync();
    }

    [Fact]
    public async Task A_first_sync_that_never_ran_says_so_and_sync_now_runs_it_once()
    {
        // Requested ten minutes ago by a process that then stopped: nothing runs it.
        await ConnectedWithFirstSyncAsync(new FirstSyncRecord { ConsentId = ConsentId, RequestedAt = Now.AddMinutes(-10) });
        var runner = Services.GetRequiredService<FirstSyncRunner>();
        await runner.StartAsync(Cancel);
        try
        {
            var cut = RenderResult();

            cut.WaitForAssertion(() => Assert.Contains("Leafy Bank has not fetched your Green Bank data yet", cut.Find("[data-testid=sync-not-run]").TextContent,
                StringComparison.Ordinal), TimeSpan.FromSeconds(10));
            Assert.Empty(cut.FindAll("[data-testid=first-sync]"));
            await AssertNothingReadTheBankAsync();

            bank.Answer = _ => Snapshot(transactions: 12);
            cut.Find("[data-testid=sync-now]").Click();

            cut.WaitForAssertion(() => Assert.Equal("2 accounts, 1 loan or mortgage and 12 transactions from Green Bank.", cut.Find("[data-testid=sync-counts]").TextContent.Trim()),
                TimeSpan.FromSeconds(10));
            Assert.Equal(1, bank.Calls);
            Assert.Equal(1, await DataPulledAsync());
        }
        finally
        {
            await runner.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_requested_first_sync_that_never_starts_shows_as_running_only_for_the_grace_period()
    {
        await ConnectedWithFirstSyncAsync(new FirstSyncRecord { ConsentId = ConsentId, RequestedAt = Now });

        var cut = RenderResult();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=first-sync]")), TimeSpan.FromSeconds(10));

        // The page re-reads the stored state while it shows a sync running; nothing picks this one up.
        for (var waited = TimeSpan.Zero; waited < FirstSyncStatus.StartGrace; waited += ConnectionResultPage.RecheckEvery)
        {
            Clock.Advance(ConnectionResultPage.RecheckEvery);
        }

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=sync-not-run]")), TimeSpan.FromSeconds(10));
        Assert.NotNull(cut.Find("[data-testid=sync-now]"));
        await AssertNothingReadTheBankAsync();
    }

    [Fact]
    public async Task A_first_sync_whose_instance_died_mid_sync_shows_as_running_until_its_lease_runs_out()
    {
        await ConnectedWithFirstSyncAsync(new FirstSyncRecord { ConsentId = ConsentId, RequestedAt = Now.AddSeconds(-6), StartedAt = Now.AddSeconds(-5) }, state =>
        {
            state.LeaseOwner = "instance-that-died";
            state.LeaseUntil = Now + SyncService.LeaseDuration - TimeSpan.FromSeconds(5);
        });

        var cut = RenderResult();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=first-sync]")), TimeSpan.FromSeconds(10));

        // Nobody renews the lease: once it has run out, the page says the sync did not run and offers it.
        for (var waited = TimeSpan.Zero; waited < SyncService.LeaseDuration; waited += ConnectionResultPage.RecheckEvery)
        {
            Clock.Advance(ConnectionResultPage.RecheckEvery);
        }

        cut.WaitForAssertion(() => Assert.Contains("stopped before the first update could finish", cut.Find("[data-testid=sync-not-run]").TextContent,
            StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        await AssertNothingReadTheBankAsync();
    }

    [Fact]
    public async Task A_first_sync_recorded_under_an_earlier_consent_is_not_shown_for_a_renewal()
    {
        await ConnectedWithFirstSyncAsync(new FirstSyncRecord
        {
            ConsentId = "consent-before-the-renewal",
            RequestedAt = Now.AddDays(-30),
            StartedAt = Now.AddDays(-30),
            FinishedAt = Now.AddDays(-30),
            Outcome = AuditOutcomes.Succeeded,
            Accounts = 9,
            Products = 9,
            Transactions = 999,
        });

        var cut = RenderResult("renewed");

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=sync-not-run]")), TimeSpan.FromSeconds(10));
        // The page's words, not its markup: the markup holds random ids (a GUID may contain "999").
        var words = string.Concat(cut.Nodes.Select(node => node.TextContent));
        Assert.DoesNotContain("999", words, StringComparison.Ordinal);
        Assert.DoesNotContain("9 accounts", words, StringComparison.Ordinal);
        await AssertNothingReadTheBankAsync();
    }

    /// <summary>A bank that counts every call and answers only what a test scripted.</summary>
    private static string FetchedOn(DateTime at) => $"Last updated {Day(at)}, {at.ToString("HH:mm", CultureInfo.InvariantCulture)} UTC.";

    private sealed class RecordingBank : IBankConnector
    {
        private int calls;

        public string Dialect => BankDialects.GreenBank;

        public int Calls => Volatile.Read(ref calls);

        public Func<BankFetchRequest, BankSnapshot>? Answer { get; set; }

        public Task<BankSnapshot> FetchAsync(BankFetchRequest request, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref calls);
            return Answer is { } answer
                ? Task.FromResult(answer(request))
                : throw new InvalidOperationException("The bank was called although no test asked for a sync.");
        }

        public void CountNetworkCall() => Interlocked.Increment(ref calls);
    }

    /// <summary>Token refreshes and revocations would go over HTTP: they count as bank calls too.</summary>
    private sealed class CountingNetwork(RecordingBank bank) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            bank.CountNetworkCall();
            throw new HttpRequestException("the banks cannot be reached in these tests");
        }
    }
}
