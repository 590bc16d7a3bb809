using System.Threading.Channels;

namespace LeafyBank.Tests.Core.Banking;

/// <summary>
/// "Delete all my linked data": every consent is ended at its bank (best effort), the customer's
/// external data, tokens, sync state and authorization attempts are erased, the consent records
/// and the ledger stay, and another customer's data is untouched. Runs on both engines (the
/// erase is owner-scoped deletes and a conditional replace, which each engine implements).
/// </summary>
public abstract class LinkedDataEraserTests(IStoreFixture fixture) : IAsyncLifetime
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    // Issuers of their own: the OAuth client caches metadata per issuer for the whole process.
    private static readonly BankDirectoryEntry UpBank =
        new("upbank", "Up Bank", BankDialects.GreenBank, new Uri("http://erase.test/sandbox/upbank"), new Uri("http://erase.test/sandbox/upbank/api/accounts"));

    private static readonly BankDirectoryEntry DownBank =
        new("downbank", "Down Bank", BankDialects.BerlinGroup, new Uri("http://erase.test/sandbox/downbank"), new Uri("http://erase.test/sandbox/downbank/api/accounts"));

    private readonly WaitCountingClock clock = new(TestTime.Now);
    private readonly ScriptedBanks banks = new();
    private readonly PartyReference frida = new() { UserId = ObjectId.Parse("65a546ae4a8f64e8f88fb89e"), UserName = "fridaklo" };
    private readonly PartyReference grace = new() { UserId = ObjectId.Parse("66fe219d625d93a100528224"), UserName = "gracehop" };
    private IDocumentStore store = null!;
    private BankTokenService tokens = null!;
    private LinkedDataEraser eraser = null!;

    public async ValueTask InitializeAsync()
    {
        if (fixture.SkipReason is not null)
        {
            return; // each test reports the skip
        }
        store = await fixture.CreateStoreAsync();
        var oauth = new BankOAuthClient(new HttpClient(banks), new BankClientCredentials("leafybank", "s3cret"));
        tokens = new BankTokenService(store, new TokenProtector(new EphemeralDataProtectionProvider()), oauth, clock);
        eraser = new LinkedDataEraser(store, new Directory(), oauth, tokens, clock);
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (store is not null)
        {
            await store.DisposeAsync();
        }
    }

    private void SkipWithoutEngine()
    {
        if (fixture.SkipReason is { } reason)
        {
            Assert.Skip(reason);
        }
    }

    private async Task ConnectedWithDataAsync(PartyReference owner, BankDirectoryEntry bank)
    {
        var consentId = $"{bank.Id}-{owner.UserName}";
        await store.Collection(OpenFinanceCollections.Consents).UpsertAsync(new Consent
        {
            ConsentId = consentId,
            Bank = bank.Id,
            ConsentUser = owner,
            Status = ConsentStatuses.Valid,
            Permissions = ["accounts"],
            CreatedAt = clock.GetUtcNow().UtcDateTime.AddDays(-5),
            ValidUntil = clock.GetUtcNow().UtcDateTime.AddDays(85),
            FrequencyPerDay = 4,
        }, Cancel);
        await tokens.SaveAsync(owner, bank, consentId, new BankTokenResponse($"access-{consentId}", "Bearer", 300, $"refresh-{consentId}", "accounts"), Cancel);
        await store.Collection(OpenFinanceCollections.SyncStates).UpsertAsync(new SyncState { SyncUser = owner, Bank = bank.Id, ConsentId = consentId }, Cancel);
        await store.Collection(OpenFinanceCollections.AuthorizationRequests).UpsertAsync(new AuthorizationRequest
        {
            RequestUser = owner,
            Bank = bank.Id,
            StateHash = $"state-{consentId}",
            ConsentId = $"pending-{consentId}",
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            ExpiresAt = clock.GetUtcNow().UtcDateTime.AddMinutes(10),
        }, Cancel);
        for (var i = 0; i < 2; i++)
        {
            await store.Collection(OpenFinanceCollections.ExternalAccounts).UpsertAsync(new ExternalAccount
            {
                AccountId = $"{consentId}-acc-{i}",
                AccountBank = bank.Name,
                AccountUser = owner,
                AccountBalance = 100,
                AccountCurrency = "USD",
            }, Cancel);
        }
        await store.Collection(OpenFinanceCollections.ExternalProducts).UpsertAsync(new ExternalProduct
        {
            ProductId = $"{consentId}-loan",
            ProductBank = bank.Name,
            ProductCustomer = owner,
            ProductType = ProductTypes.Loan,
            ProductAmount = 1000,
            ProductCurrency = "USD",
        }, Cancel);
        await store.Collection(OpenFinanceCollections.ExternalTransactions).UpsertAsync(new ExternalTransaction
        {
            TransactionId = $"{consentId}-tx",
            TransactionBank = bank.Name,
            AccountId = $"{consentId}-acc-0",
            TransactionUser = owner,
            Amount = -5,
            Currency = "USD",
        }, Cancel);
    }

    private async Task<long> CountAsync<T>(DocumentKind<T> kind, PartyReference owner) where T : class =>
        (await store.Collection(kind).FindAsync(owner.UserId, cancellationToken: Cancel)).Count;

    [Fact]
    public async Task The_inventory_counts_what_would_go_for_this_customer_only()
    {
        SkipWithoutEngine();
        await ConnectedWithDataAsync(frida, UpBank);
        await ConnectedWithDataAsync(frida, DownBank);
        await ConnectedWithDataAsync(grace, UpBank);

        var inventory = await eraser.InventoryAsync(frida, Cancel);

        Assert.Equal(["Down Bank", "Up Bank"], inventory.ConnectedBanks);
        Assert.Equal((4, 2, 2, 2, 2, 2), (inventory.Accounts, inventory.Products, inventory.Transactions, inventory.Tokens, inventory.SyncStates, inventory.AuthorizationRequests));
        Assert.False(inventory.IsEmpty);
        Assert.True((await eraser.InventoryAsync(new PartyReference { UserId = ObjectId.GenerateNewId(), UserName = "nobody" }, Cancel)).IsEmpty);
    }

    [Fact]
    public async Task A_connection_attempt_counts_while_it_is_open_and_not_once_it_has_expired()
    {
        SkipWithoutEngine();
        await ConnectedWithDataAsync(frida, UpBank);

        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(1, (await eraser.InventoryAsync(frida, Cancel)).AuthorizationRequests);

        // Past its expiry the attempt holds nothing, though the store may keep it a while (the embedded engine until its next write).
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, (await eraser.InventoryAsync(frida, Cancel)).AuthorizationRequests);

        // An open attempt alone is something to erase, but nothing from a bank.
        Assert.True(new LinkedDataInventory([], 0, 0, 0, 0, 0, AuthorizationRequests: 1) is { IsEmpty: false, HoldsNothingFromBanks: true });
        Assert.True(new LinkedDataInventory([], 0, 0, 0, 0, SyncStates: 1, 0) is { HoldsNothingFromBanks: false });
    }

    [Fact]
    public async Task Erasing_ends_every_consent_deletes_the_linked_data_keeps_the_record_and_leaves_others_alone()
    {
        SkipWithoutEngine();
        await ConnectedWithDataAsync(frida, UpBank);
        await ConnectedWithDataAsync(frida, DownBank);
        await ConnectedWithDataAsync(grace, UpBank);

        var erased = await eraser.EraseAsync(frida, Cancel);

        Assert.Equal((4L, 2L, 2L, 2L, 2L, 2L), (erased.Accounts, erased.Products, erased.Transactions, erased.Tokens, erased.SyncStates, erased.AuthorizationRequests));
        foreach (var kind in new Func<Task<long>>[]
                 {
                     () => CountAsync(OpenFinanceCollections.ExternalAccounts, frida), () => CountAsync(OpenFinanceCollections.ExternalProducts, frida),
                     () => CountAsync(OpenFinanceCollections.ExternalTransactions, frida), () => CountAsync(OpenFinanceCollections.Tokens, frida),
                     () => CountAsync(OpenFinanceCollections.SyncStates, frida), () => CountAsync(OpenFinanceCollections.AuthorizationRequests, frida),
                 })
        {
            Assert.Equal(0, await kind());
        }

        // Up Bank was told (DELETE of the consent and RFC 7009 revocation of both tokens); Down Bank is down.
        Assert.Equal(["Up Bank"], erased.RevokedBanks);
        var failed = Assert.Single(erased.FailedRevocations);
        Assert.Equal(("downbank", "downbank-fridaklo"), (failed.BankId, failed.ConsentId));
        Assert.Contains("DELETE /sandbox/upbank/consents/upbank-fridaklo", banks.Calls);
        Assert.Contains("revoke refresh-upbank-fridaklo", banks.Calls);
        Assert.Contains("revoke access-upbank-fridaklo", banks.Calls);
        Assert.DoesNotContain(banks.Calls, call => call.Contains("grace", StringComparison.Ordinal));

        // The consent records stay, ended; the ledger says what happened, including the failure.
        var consents = await store.Collection(OpenFinanceCollections.Consents).FindAsync(frida.UserId, cancellationToken: Cancel);
        Assert.All(consents, c => Assert.Equal(ConsentStatuses.TerminatedByTpp, c.Status));
        var ledger = await store.Collection(OpenFinanceCollections.AuditEvents).FindAsync(frida.UserId, cancellationToken: Cancel);
        var deleted = Assert.Single(ledger, e => e.Kind == AuditKinds.DataDeleted);
        Assert.Equal(AuditOutcomes.Failed, deleted.Outcome);
        Assert.Contains("4 accounts, 2 loans or mortgages and 2 transactions, with the keys that let Leafy Bank read your banks", deleted.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("sign-in attempts", deleted.Detail, StringComparison.Ordinal);
        Assert.Contains("Could not reach Down Bank", deleted.Detail, StringComparison.Ordinal);
        Assert.Contains(ledger, e => e.Kind == AuditKinds.ConsentRevoked && e.Bank == "upbank" && e.Outcome == AuditOutcomes.Succeeded);
        Assert.Contains(ledger, e => e.Kind == AuditKinds.ConsentRevoked && e.Bank == "downbank" && e.Outcome == AuditOutcomes.Failed);

        // Grace keeps everything.
        Assert.Equal(2, await CountAsync(OpenFinanceCollections.ExternalAccounts, grace));
        Assert.Equal(1, await CountAsync(OpenFinanceCollections.Tokens, grace));
        Assert.Equal(ConsentStatuses.Valid, (await store.Collection(OpenFinanceCollections.Consents).FindAsync(grace.UserId, cancellationToken: Cancel))[0].Status);
        Assert.Empty(await store.Collection(OpenFinanceCollections.AuditEvents).FindAsync(grace.UserId, cancellationToken: Cancel));
    }

    [Fact]
    public async Task Erasing_the_data_kept_from_a_disconnected_bank_records_the_day_on_its_ended_consent_and_in_the_ledger()
    {
        SkipWithoutEngine();
        var consents = store.Collection(OpenFinanceCollections.Consents);
        await ConnectedWithDataAsync(frida, UpBank);
        // Disconnected yesterday, keeping the data.
        var disconnected = Assert.Single(await consents.FindAsync(frida.UserId, cancellationToken: Cancel));
        disconnected.Status = ConsentStatuses.TerminatedByTpp;
        disconnected.StatusChangedAt = clock.GetUtcNow().UtcDateTime.AddDays(-1);
        await consents.UpsertAsync(disconnected, Cancel);
        // Disconnected deleting the data: nothing kept from it, so nothing of it goes now.
        await consents.UpsertAsync(TestDocuments.Consent(frida, DownBank.Id, "downbank-fridaklo", clock.GetUtcNow().UtcDateTime.AddDays(-30),
            clock.GetUtcNow().UtcDateTime.AddDays(60), status: ConsentStatuses.TerminatedByTpp), Cancel);

        var erased = await eraser.EraseAsync(frida, Cancel);

        Assert.Equal(["Up Bank"], erased.KeptDataBanks);
        Assert.Empty(erased.RevokedBanks);
        var byBank = (await consents.FindAsync(frida.UserId, cancellationToken: Cancel)).ToDictionary(c => c.Bank);
        Assert.Equal(clock.GetUtcNow().UtcDateTime, byBank["upbank"].KeptDataDeletedAt);
        // Still the customer's disconnect that ended it, a day earlier.
        Assert.Null(byBank["upbank"].EndReason);
        Assert.Equal(clock.GetUtcNow().UtcDateTime.AddDays(-1), byBank["upbank"].StatusChangedAt);
        Assert.Null(byBank["downbank"].KeptDataDeletedAt);
        var deleted = Assert.Single(await store.Collection(OpenFinanceCollections.AuditEvents).FindAsync(frida.UserId, cancellationToken: Cancel),
            e => e.Kind == AuditKinds.DataDeleted);
        Assert.Contains("This included the data you had kept from Up Bank when you disconnected it.", deleted.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Down Bank", deleted.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ConsentStatuses.Expired, null, "This included the data you had kept from Down Bank after your consent there expired.")]
    [InlineData(ConsentStatuses.RevokedByPsu, null, "This included the data you had kept from Down Bank after the consent was ended at the bank.")]
    // A deletion interrupted after it ended the consent, before it erased the data, run again.
    [InlineData(ConsentStatuses.TerminatedByTpp, ConsentEndReasons.LinkedDataDeleted,
        "This included the data you had kept from Down Bank after an earlier deletion ended the consent there.")]
    public async Task The_ledger_says_how_each_consent_whose_data_was_kept_had_ended(string downBankEnded, string? endReason, string saysOfDownBank)
    {
        SkipWithoutEngine();
        var consents = store.Collection(OpenFinanceCollections.Consents);
        await ConnectedWithDataAsync(frida, UpBank);
        await ConnectedWithDataAsync(frida, DownBank);
        foreach (var (consent, status) in (await consents.FindAsync(frida.UserId, cancellationToken: Cancel))
                     .Select(c => (c, c.Bank == UpBank.Id ? ConsentStatuses.TerminatedByTpp : downBankEnded)))
        {
            consent.Status = status;
            consent.EndReason = consent.Bank == DownBank.Id ? endReason : null;
            consent.StatusChangedAt = clock.GetUtcNow().UtcDateTime.AddDays(-1);
            await consents.UpsertAsync(consent, Cancel);
        }

        var erased = await eraser.EraseAsync(frida, Cancel);

        Assert.Equal(["Down Bank", "Up Bank"], erased.KeptDataBanks);
        var deleted = Assert.Single(await store.Collection(OpenFinanceCollections.AuditEvents).FindAsync(frida.UserId, cancellationToken: Cancel),
            e => e.Kind == AuditKinds.DataDeleted);
        Assert.Contains(saysOfDownBank, deleted.Detail, StringComparison.Ordinal);
        Assert.Contains("This included the data you had kept from Up Bank when you disconnected it.", deleted.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("after the consent there ended", deleted.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Erasing_deletes_the_customers_net_worth_history_because_every_day_of_it_totals_the_erased_banks()
    {
        SkipWithoutEngine();
        await ConnectedWithDataAsync(frida, UpBank);
        await ConnectedWithDataAsync(grace, UpBank);
        var today = DailyPosition.DayOf(clock.GetUtcNow().UtcDateTime);
        foreach (var (owner, days) in new[] { (frida, 3), (grace, 2) })
        {
            for (var day = 0; day < days; day++)
            {
                await IPositionHistoryStore.For(store).RecordAsync(new DailyPosition
                {
                    SnapshotUser = owner,
                    Day = today.AddDays(-day),
                    RecordedAt = clock.GetUtcNow().UtcDateTime,
                    Currency = "USD",
                    TotalBalance = 200 + day,
                    TotalDebt = 1000,
                    NetWorth = -800 + day,
                }, Cancel);
            }
        }

        var erased = await eraser.EraseAsync(frida, Cancel);

        var window = (From: DateOnly.FromDateTime(today.AddDays(-30)), To: DateOnly.FromDateTime(today));
        Assert.Equal(3, erased.PositionHistoryDays);
        Assert.Empty(await IPositionHistoryStore.For(store).ReadAsync(frida.UserId, window.From, window.To, Cancel));
        Assert.Equal(2, (await IPositionHistoryStore.For(store).ReadAsync(grace.UserId, window.From, window.To, Cancel)).Count);
        var ledger = await store.Collection(OpenFinanceCollections.AuditEvents).FindAsync(frida.UserId, cancellationToken: Cancel);
        Assert.Contains("history of your net worth", Assert.Single(ledger, e => e.Kind == AuditKinds.DataDeleted).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sync_holding_its_lease_is_waited_for_so_it_cannot_write_data_back_after_the_erase()
    {
        SkipWithoutEngine();
        await ConnectedWithDataAsync(frida, UpBank);
        var states = store.Collection(OpenFinanceCollections.SyncStates);
        var running = (await states.FindAsync(frida.UserId, cancellationToken: Cancel))[0];
        running.LeaseOwner = "sync-elsewhere";
        running.LeaseUntil = clock.GetUtcNow().UtcDateTime.AddMinutes(5);
        await states.UpsertAsync(running, Cancel);

        var erase = eraser.EraseAsync(frida, Cancel);
        // The eraser ends the consent, finds the lease held and waits on its clock, which only the test moves.
        await ExpectWaitingAsync(erase);
        Assert.Equal(ConsentStatuses.TerminatedByTpp, (await store.Collection(OpenFinanceCollections.Consents).FindAsync(frida.UserId, cancellationToken: Cancel))[0].Status);
        // Time passes with the lease still held: it looks again and waits again.
        clock.Advance(TimeSpan.FromSeconds(1));
        await ExpectWaitingAsync(erase);

        // The sync finishes and releases its lease; the erase then completes.
        running = (await states.FindAsync(frida.UserId, cancellationToken: Cancel))[0];
        running.LeaseOwner = null;
        running.LeaseUntil = null;
        await states.UpsertAsync(running, Cancel);
        clock.Advance(TimeSpan.FromSeconds(1));

        // Generous: it only waits for the erase to finish, which on a loaded machine takes what it takes.
        var erased = await erase.WaitAsync(TimeSpan.FromSeconds(60), Cancel);
        Assert.Equal(2, erased.Accounts);
        Assert.Equal(0, await CountAsync(OpenFinanceCollections.SyncStates, frida));
    }

    /// <summary>
    /// Waits until <paramref name="erase"/> starts a wait on the clock (it is then waiting, and only the test moves that clock),
    /// and fails at once if it finishes first: a signal, not a guess at how long a loaded machine takes to get there.
    /// </summary>
    private async Task ExpectWaitingAsync(Task erase)
    {
        var waiting = clock.NextWaitAsync(Cancel);
        var first = await Task.WhenAny(waiting, erase).WaitAsync(TimeSpan.FromSeconds(60), Cancel);
        if (first == erase)
        {
            await erase; // its exception, if it failed
            Assert.Fail("The erase finished while a sync held its lease.");
        }
    }

    /// <summary>A frozen clock that counts the waits started on it (Task.Delay makes a timer), so a test can wait for one.</summary>
    private sealed class WaitCountingClock(DateTimeOffset start) : FakeTimeProvider(start)
    {
        private readonly Channel<TimeSpan> waitsStarted = Channel.CreateUnbounded<TimeSpan>();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            // Counted once the timer is on the clock: advancing from here on fires it.
            var timer = base.CreateTimer(callback, state, dueTime, period);
            waitsStarted.Writer.TryWrite(dueTime);
            return timer;
        }

        public Task NextWaitAsync(CancellationToken cancellationToken) => waitsStarted.Reader.ReadAsync(cancellationToken).AsTask();
    }

    private sealed class Directory : IBankDirectory
    {
        public Task<IReadOnlyList<BankDirectoryEntry>> ListAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<BankDirectoryEntry>>([UpBank, DownBank]);
    }

    /// <summary>Up Bank answers like the sandbox; Down Bank answers 503 to everything.</summary>
    private sealed class ScriptedBanks : HttpMessageHandler
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Calls { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            if (path.StartsWith("/sandbox/downbank", StringComparison.Ordinal))
            {
                Calls.Enqueue($"{request.Method} {path} (down)");
                return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
            }
            if (path.EndsWith("/.well-known/openid-configuration", StringComparison.Ordinal))
            {
                return new HttpResponseMessage(HttpStatusCode.OK)
                {
                    Content = JsonContent.Create(new
                    {
                        issuer = "http://erase.test/sandbox/upbank",
                        authorization_endpoint = "http://erase.test/sandbox/upbank/connect/authorize",
                        token_endpoint = "http://erase.test/sandbox/upbank/connect/token",
                        revocation_endpoint = "http://erase.test/sandbox/upbank/connect/revoke",
                        code_challenge_methods_supported = new[] { "S256" },
                    }),
                };
            }
            if (path.EndsWith("/connect/revoke", StringComparison.Ordinal))
            {
                var form = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(await request.Content!.ReadAsStringAsync(cancellationToken));
                Calls.Enqueue($"revoke {form["token"]}");
                return new HttpResponseMessage(HttpStatusCode.OK);
            }
            Calls.Enqueue($"{request.Method} {path}");
            return new HttpResponseMessage(request.Method == HttpMethod.Delete ? HttpStatusCode.NoContent : HttpStatusCode.NotFound);
        }
    }
}

public sealed class EmbeddedLinkedDataEraserTests(EmbeddedStoreFixture fixture)
    : LinkedDataEraserTests(fixture), IClassFixture<EmbeddedStoreFixture>;

public sealed class MongoLinkedDataEraserTests(MongoStoreFixture fixture)
    : LinkedDataEraserTests(fixture), IClassFixture<MongoStoreFixture>;
