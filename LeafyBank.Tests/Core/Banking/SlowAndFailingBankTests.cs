namespace LeafyBank.Tests.Core.Banking;

/// <summary>
/// Issue 10, "slow banks never stall a page", over real HTTP to the sandbox with its fault
/// switches: the directory and discovery keep serving their last good copies while the bank
/// side hangs or fails, starting a connection ends within its budget with one plain sentence
/// naming the bank, and a sync against a faulty bank records the failure in words and leaves the
/// stored data exactly as it was.
/// </summary>
public sealed class SlowAndFailingBankTests(FaultyBanksApp app) : IClassFixture<FaultyBanksApp>, IDisposable
{
    private const string ThamesBank = "thamesbank";

    /// <summary>What must never reach a customer's screen: addresses, exception names, the HTTP client's own words.</summary>
    private static readonly string[] TechnicalWords = ["http", "Exception", "HttpClient", "Timeout of", "://"];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public void Dispose() => app.Faults.ClearAll();

    private BankDirectoryEntry Thames => app.Service<IBankDirectory>().ListWithoutWaiting()!.Single(bank => bank.Id == ThamesBank);

    private static void AssertPlainWords(string message, string bankName)
    {
        Assert.Contains(bankName, message, StringComparison.Ordinal);
        foreach (var word in TechnicalWords)
        {
            Assert.DoesNotContain(word, message, StringComparison.OrdinalIgnoreCase);
        }
    }

    private async Task WarmAsync()
    {
        await app.Service<IBankDirectory>().RefreshAsync(Cancel);
        await app.Service<BankOAuthClient>().GetMetadataAsync(Thames, Cancel);
    }

    [Theory]
    [InlineData(SandboxFaultMode.Error500)]
    [InlineData(SandboxFaultMode.Malformed)]
    [InlineData(SandboxFaultMode.RateLimit)]
    public async Task A_directory_that_fails_keeps_its_last_good_copy_records_the_failure_and_logs_the_address_only(SandboxFaultMode mode)
    {
        var directory = (HttpBankDirectory)app.Service<IBankDirectory>();
        await WarmAsync();
        app.Faults.Set(SandboxFaults.DirectoryTarget, new SandboxFault(mode));

        var failure = await Assert.ThrowsAsync<BankApiException>(() => directory.RefreshAsync(Cancel));

        Assert.Equal(BankTroubleWords.DirectoryUnavailable, failure.Message);
        Assert.NotNull(directory.LastFailure);
        Assert.Equal(4, (await directory.ListAsync(Cancel)).Count);
        Assert.Equal("Thames Bank", await directory.NameOrIdAsync(ThamesBank, Cancel));
        Assert.Contains($"The bank directory at {new Uri(app.BaseAddress, "sandbox/banks")} could not be read", app.Logs.All, StringComparison.Ordinal);

        app.Faults.Clear(SandboxFaults.DirectoryTarget);
        await directory.RefreshAsync(Cancel);
        Assert.Null(directory.LastFailure);
    }

    [Fact]
    public async Task While_the_directory_hangs_its_last_good_copy_is_served_at_once_and_the_hang_is_recorded_as_a_failure()
    {
        var directory = (HttpBankDirectory)app.Service<IBankDirectory>();
        await WarmAsync();
        app.Faults.Set(SandboxFaults.DirectoryTarget, new SandboxFault(SandboxFaultMode.Hang));

        var refreshing = directory.RefreshAsync(Cancel);
        var listed = directory.ListAsync(Cancel);
        var name = directory.NameOrIdAsync(ThamesBank, Cancel);

        Assert.False(refreshing.IsCompleted, "the directory answered although it hangs");
        Assert.True(listed.IsCompletedSuccessfully, "the copy was served without waiting for the hanging directory");
        Assert.Equal(4, (await listed).Count);
        Assert.Equal("Thames Bank", await name);
        var failure = await Assert.ThrowsAsync<BankApiException>(() => refreshing);
        Assert.Equal(BankTroubleWords.DirectoryUnavailable, failure.Message);
        Assert.NotNull(directory.LastFailure);
        Assert.Equal(4, (await directory.ListAsync(Cancel)).Count);
    }

    [Fact]
    public async Task Discovery_that_fails_keeps_the_banks_last_good_metadata_and_records_the_failure()
    {
        await WarmAsync();
        var oauth = app.Service<BankOAuthClient>();
        var known = await oauth.GetMetadataAsync(Thames, Cancel);
        app.Faults.Set(ThamesBank, new SandboxFault(SandboxFaultMode.Error500, SandboxFaultSurfaces.Authorization));

        await Assert.ThrowsAsync<BankApiException>(() => oauth.RefreshMetadataAsync(Thames, Cancel));

        Assert.Same(known, await oauth.GetMetadataAsync(Thames, Cancel));
        Assert.NotNull(app.Service<BankDiscoveryCache>().LastFailure(Thames));
    }

    [Fact]
    public async Task Starting_a_connection_at_a_bank_that_hangs_ends_within_the_budget_with_a_sentence_naming_the_bank_and_stores_nothing()
    {
        await WarmAsync();
        var grace = await app.CustomerAsync("gracehop");
        app.Faults.Set(ThamesBank, new SandboxFault(SandboxFaultMode.Hang, SandboxFaultSurfaces.Authorization));

        var waited = Stopwatch.StartNew();
        var failure = await Assert.ThrowsAsync<BankApiException>(() => app.Service<ConnectionService>().StartAsync(grace,
            new ConnectionRequest(ThamesBank, ["accounts"], 30, new Uri(app.BaseAddress, "connections/callback")), Cancel));
        waited.Stop();

        Assert.Equal("Thames Bank is not answering right now. Try again in a few minutes; your other banks are not affected.", failure.Message);
        Assert.Equal(BankFailureKind.Unavailable, failure.Kind);
        // Generous bound (the budget is 4 s): without it the HTTP client's own 30 s limit would apply.
        Assert.True(waited.Elapsed < ConnectionService.InteractiveBankBudget + TimeSpan.FromSeconds(4), $"took {waited.Elapsed}");
        Assert.Empty(await app.Service<IDocumentStore>().Collection(OpenFinanceCollections.AuthorizationRequests).FindAsync(grace.UserId, cancellationToken: Cancel));
    }

    [Theory]
    [InlineData(SandboxFaultMode.Error500, BankFailureKind.Unavailable, "Thames Bank is having trouble right now.")]
    [InlineData(SandboxFaultMode.Malformed, BankFailureKind.MalformedResponse, "Thames Bank sent an answer Leafy Bank could not read")]
    [InlineData(SandboxFaultMode.RateLimit, BankFailureKind.RateLimited, "Thames Bank is busy and asked Leafy Bank to wait. Try again in a minute;")]
    public async Task A_bank_failing_at_consent_creation_is_one_plain_sentence_naming_it_and_nothing_is_stored(
        SandboxFaultMode mode, BankFailureKind kind, string sentence)
    {
        await WarmAsync();
        var claude = await app.CustomerAsync("claumon");
        app.Faults.Set(ThamesBank, new SandboxFault(mode, SandboxFaultSurfaces.Authorization));

        var failure = await Assert.ThrowsAsync<BankApiException>(() => app.Service<ConnectionService>().StartAsync(claude,
            new ConnectionRequest(ThamesBank, ["accounts"], 30, new Uri(app.BaseAddress, "connections/callback")), Cancel));

        Assert.Equal(kind, failure.Kind);
        Assert.StartsWith(sentence, failure.Message, StringComparison.Ordinal);
        Assert.EndsWith("your other banks are not affected.", failure.Message, StringComparison.Ordinal);
        AssertPlainWords(failure.Message, "Thames Bank");
        Assert.DoesNotContain("500", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("429", failure.Message, StringComparison.Ordinal);
        Assert.Empty(await app.Service<IDocumentStore>().Collection(OpenFinanceCollections.AuthorizationRequests).FindAsync(claude.UserId, cancellationToken: Cancel));
        Assert.Empty(await app.Service<IDocumentStore>().Collection(OpenFinanceCollections.Consents).FindAsync(claude.UserId, cancellationToken: Cancel));
    }

    [Fact]
    public async Task Other_banks_still_start_while_one_bank_hangs()
    {
        await WarmAsync();
        var frida = await app.CustomerAsync("fridaklo");
        app.Faults.Set(ThamesBank, new SandboxFault(SandboxFaultMode.Hang));

        var start = await app.Service<ConnectionService>().StartAsync(frida,
            new ConnectionRequest("donaubank", ["accounts"], 30, new Uri(app.BaseAddress, "connections/callback")), Cancel);

        Assert.Contains("/sandbox/donaubank/", start.AuthorizeUrl.AbsolutePath, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SandboxFaultMode.Hang)]
    [InlineData(SandboxFaultMode.Error500)]
    [InlineData(SandboxFaultMode.Malformed)]
    [InlineData(SandboxFaultMode.RateLimit)]
    public async Task A_sync_against_a_faulty_bank_records_the_failure_in_words_and_leaves_the_stored_data_unchanged(SandboxFaultMode mode)
    {
        var ada = await app.CustomerAsync("adalove");
        await app.ConnectOnceAsync(ada, ThamesBank, "ada");
        var sync = app.Service<SyncService>();
        var good = await sync.SyncAsync(ada, ThamesBank, unattended: false, Cancel);
        Assert.True(good.Outcome == SyncOutcome.Succeeded, good.Message);
        var before = await StoredAsync(ada);
        Assert.NotEmpty(before.Accounts);

        app.Faults.Set(ThamesBank, new SandboxFault(mode, SandboxFaultSurfaces.Data));
        var failed = await sync.SyncAsync(ada, ThamesBank, unattended: false, Cancel);

        Assert.Equal(SyncOutcome.Failed, failed.Outcome);
        var state = await app.Service<IDocumentStore>().Collection(OpenFinanceCollections.SyncStates).FindByKeyAsync([ada.UserId, ThamesBank], Cancel);
        Assert.NotNull(state?.LastError);
        Assert.Equal(failed.Message, state.LastError);
        Assert.Contains("Thames Bank", state.LastError, StringComparison.Ordinal);
        foreach (var word in new[] { "Exception", "HttpClient", "Timeout of", "://" })
        {
            Assert.DoesNotContain(word, state.LastError, StringComparison.Ordinal);
        }
        var after = await StoredAsync(ada);
        Assert.Equal(before.Accounts, after.Accounts);
        Assert.Equal(before.Products, after.Products);
        Assert.Equal(before.Transactions, after.Transactions);
    }

    [Fact]
    public async Task A_slow_bank_within_the_limits_is_only_slow()
    {
        var ada = await app.CustomerAsync("adalove");
        await app.ConnectOnceAsync(ada, ThamesBank, "ada");
        app.Faults.Set(ThamesBank, new SandboxFault(SandboxFaultMode.Latency, SandboxFaultSurfaces.Data, LatencyMs: 200));

        var synced = await app.Service<SyncService>().SyncAsync(ada, ThamesBank, unattended: false, Cancel);

        Assert.True(synced.Outcome == SyncOutcome.Succeeded, synced.Message);
        Assert.Contains("Sandbox fault Latency at thamesbank", app.Logs.All, StringComparison.Ordinal);
    }

    /// <summary>The ids of the customer's stored Thames Bank documents, in order: equal lists mean nothing was added, removed or re-keyed.</summary>
    private async Task<(List<string> Accounts, List<string> Products, List<string> Transactions)> StoredAsync(PartyReference owner)
    {
        var store = app.Service<IDocumentStore>();
        var accounts = await store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(owner.UserId, a => a.AccountBank == "Thames Bank", Cancel);
        var products = await store.Collection(OpenFinanceCollections.ExternalProducts).FindAsync(owner.UserId, p => p.ProductBank == "Thames Bank", Cancel);
        var transactions = await store.Collection(OpenFinanceCollections.ExternalTransactions).FindAsync(owner.UserId, t => t.TransactionBank == "Thames Bank", Cancel);
        return (
            [.. accounts.Select(a => $"{a.Id}:{a.AccountId}:{a.AccountBalance}").Order(StringComparer.Ordinal)],
            [.. products.Select(p => $"{p.Id}:{p.ProductId}:{p.ProductAmount}").Order(StringComparer.Ordinal)],
            [.. transactions.Select(t => $"{t.Id}:{t.TransactionId}:{t.BookingStatus}").Order(StringComparer.Ordinal)]);
    }
}
