namespace LeafyBank.Tests.Core.Banking.Sync;

/// <summary>
/// On every engine: the scheduler expires each ended consent on its own. One the store will not expire (its token
/// not deleted, its status not written, its ledger entry not written) neither stops the others' expiry nor the round,
/// is logged without a token, and is finished by a later round; its token never outlives it.
/// </summary>
public abstract class ConsentExpiryIsolationTests(IStoreFixture fixture)
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private readonly FakeTimeProvider clock = TestTime.Frozen();
    private readonly PartyReference frida = new() { UserId = ObjectId.Parse("65a546ae4a8f64e8f88fb89e"), UserName = "fridaklo" };
    private readonly PartyReference grace = new() { UserId = ObjectId.Parse("66fe219d625d93a100528224"), UserName = "gracehop" };
    private readonly PartyReference ada = new() { UserId = ObjectId.Parse("671ff0081ec726b417352702"), UserName = "adalove" };

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private static string TokenOf(PartyReference customer) => $"access-token-of-{customer.UserName}";

    [Theory]
    [InlineData("tokens")]
    [InlineData("consents")]
    [InlineData("audit_events")]
    public async Task A_consent_the_store_will_not_expire_holds_up_no_other_and_is_finished_by_a_later_round(string refusedCollection)
    {
        using var logs = new CapturedLogs();
        using var loggers = LoggerFactory.Create(builder => builder.AddProvider(logs));
        var (faulty, scheduler) = await ThreeConsentsEndingTomorrowAsync(loggers.CreateLogger<SyncScheduler>());
        await using var _ = faulty;

        clock.Advance(TimeSpan.FromDays(2));
        faulty.FailWritesTo(refusedCollection, grace.UserId);
        await scheduler.RunOnceAsync(Cancel);

        // Frida's and Ada's consents expire in that round, whatever Grace's did.
        foreach (var customer in new[] { frida, ada })
        {
            await AssertExpiredAsync(faulty, customer);
            Assert.Single(await LedgerAsync(faulty, customer));
        }
        var warning = Assert.Single(logs.Lines, line => line.Level == LogLevel.Warning);
        // Which bank, for whoever reads the log; never whose access it was.
        Assert.Contains(TestBanks.GreenBank.Id, warning.Line, StringComparison.Ordinal);
        Assert.DoesNotContain("access-token-of", logs.All, StringComparison.Ordinal);
        if (refusedCollection == "audit_events")
        {
            // Expired and its token gone; only the entry saying so is missing (the ledger has no key to write it once by).
            await AssertExpiredAsync(faulty, grace);
            return;
        }
        // Nothing of Grace's expiry stuck half-way: still valid, so the next round finds it and does all of it.
        Assert.Equal(ConsentStatuses.Valid, (await ConsentAsync(faulty, grace)).Status);

        faulty.Heal();
        clock.Advance(TimeSpan.FromMinutes(5));
        await scheduler.RunOnceAsync(Cancel);

        await AssertExpiredAsync(faulty, grace);
        Assert.Single(await LedgerAsync(faulty, grace));
    }

    [Fact]
    public async Task Consents_the_store_will_not_expire_never_fill_a_batch_and_every_other_expires_in_the_same_round()
    {
        // Batches of one: whichever consent comes first, Grace's (refused) must not hold up the two after it.
        var (faulty, scheduler) = await ThreeConsentsEndingTomorrowAsync(NullLogger<SyncScheduler>.Instance, batchSize: 1);
        await using var _ = faulty;

        clock.Advance(TimeSpan.FromDays(2));
        faulty.FailWritesTo("consents", grace.UserId);
        await scheduler.RunOnceAsync(Cancel);

        await AssertExpiredAsync(faulty, frida);
        await AssertExpiredAsync(faulty, ada);
        Assert.Equal(ConsentStatuses.Valid, (await ConsentAsync(faulty, grace)).Status);
    }

    /// <summary>Frida's, Grace's and Ada's consents at Green Bank, each with its token, ending tomorrow; the scheduler that expires them.</summary>
    private async Task<(FaultyStore Store, SyncScheduler Scheduler)> ThreeConsentsEndingTomorrowAsync(ILogger<SyncScheduler> logger, int batchSize = 50)
    {
        var faulty = new FaultyStore(await fixture.CreateStoreAsync());
        var tokens = new BankTokenService(faulty, new TokenProtector(new EphemeralDataProtectionProvider()),
            new BankOAuthClient(new HttpClient(new NoNetwork()), new BankClientCredentials("leafybank", "secret")), clock);
        foreach (var customer in new[] { frida, grace, ada })
        {
            await faulty.Collection(OpenFinanceCollections.Consents).UpsertAsync(
                TestDocuments.Consent(customer, TestBanks.GreenBank.Id, $"consent-{customer.UserName}", Now.AddDays(-89), Now.AddDays(1)), Cancel);
            await tokens.SaveAsync(customer, TestBanks.GreenBank, $"consent-{customer.UserName}",
                new BankTokenResponse(TokenOf(customer), "Bearer", 400 * 86_400, "refresh-token-value", "accounts"), Cancel);
        }
        var sync = new SyncService(faulty, new FixedBankDirectory(TestBanks.GreenBank), tokens, [], new SyncInstance("test-instance"), clock);
        return (faulty, new SyncScheduler(faulty, sync, clock, logger, new SyncSchedulerOptions(Enabled: true, TimeSpan.FromMinutes(5), batchSize)));
    }

    private static async Task<Consent> ConsentAsync(IDocumentStore store, PartyReference customer) =>
        Assert.Single(await store.Collection(OpenFinanceCollections.Consents).FindAsync(customer.UserId, cancellationToken: Cancel));

    private static async Task<IReadOnlyList<AuditEvent>> LedgerAsync(IDocumentStore store, PartyReference customer) =>
        await store.Collection(OpenFinanceCollections.AuditEvents).FindAsync(customer.UserId, e => e.Kind == AuditKinds.ConsentExpired, Cancel);

    private static async Task AssertExpiredAsync(IDocumentStore store, PartyReference customer)
    {
        Assert.Equal(ConsentStatuses.Expired, (await ConsentAsync(store, customer)).Status);
        Assert.Empty(await store.Collection(OpenFinanceCollections.Tokens).FindAsync(customer.UserId, cancellationToken: Cancel));
    }
}

public sealed class EmbeddedConsentExpiryIsolationTests(EmbeddedStoreFixture fixture) : ConsentExpiryIsolationTests(fixture), IClassFixture<EmbeddedStoreFixture>;

public sealed class MongoConsentExpiryIsolationTests(MongoStoreFixture fixture) : ConsentExpiryIsolationTests(fixture), IClassFixture<MongoStoreFixture>;
