namespace LeafyBank.Tests.Core.Notifications;

/// <summary>The notifier is per customer and robust; SyncService raises it once a sync has written its result.</summary>
public sealed class PositionChangeNotifierTests(EmbeddedStoreFixture stores) : IClassFixture<EmbeddedStoreFixture>
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private static readonly ObjectId Frida = ObjectId.Parse("65a546ae4a8f64e8f88fb89e");
    private static readonly ObjectId Grace = ObjectId.Parse("66fe219d625d93a100528224");

    private readonly PositionChangeNotifier notifier = new(NullLogger<PositionChangeNotifier>.Instance);

    [Fact]
    public void Only_the_subscribers_of_the_customer_who_changed_are_told()
    {
        var fridaHeard = 0;
        var graceHeard = 0;
        using var first = notifier.Subscribe(Frida, () => fridaHeard++);
        using var second = notifier.Subscribe(Frida, () => fridaHeard++);
        using var grace = notifier.Subscribe(Grace, () => graceHeard++);

        notifier.Publish(Frida);

        Assert.Equal((2, 0), (fridaHeard, graceHeard));
    }

    [Fact]
    public void A_disposed_subscription_hears_nothing_more_and_disposing_twice_is_harmless()
    {
        var heard = 0;
        var subscription = notifier.Subscribe(Frida, () => heard++);

        subscription.Dispose();
        subscription.Dispose();
        notifier.Publish(Frida);

        Assert.Equal(0, heard);
        Assert.Equal(0, notifier.SubscriberCount(Frida));
    }

    [Fact]
    public void A_failing_subscriber_does_not_stop_the_others_or_the_publisher()
    {
        var heard = 0;
        using var broken = notifier.Subscribe(Frida, () => throw new InvalidOperationException("broken view"));
        using var working = notifier.Subscribe(Frida, () => heard++);

        notifier.Publish(Frida);

        Assert.Equal(1, heard);
    }

    [Fact]
    public void A_subscription_needs_a_customer()
    {
        var error = Assert.Throws<ArgumentException>(() => notifier.Subscribe(ObjectId.Empty, () => { }));
        Assert.Contains("customer's id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribing_disposing_and_publishing_from_many_threads_at_once_stays_consistent()
    {
        var heard = 0;
        using var steady = notifier.Subscribe(Frida, () => Interlocked.Increment(ref heard));

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 500; i++)
            {
                using var churn = notifier.Subscribe(Frida, () => { });
                notifier.Publish(Frida);
            }
        }, Cancel)));

        Assert.Equal(8 * 500, heard);
        Assert.Equal(1, notifier.SubscriberCount(Frida));
    }

    [Fact]
    public async Task SyncService_tells_the_customers_views_after_a_sync_succeeds_and_after_one_fails()
    {
        await using var store = await stores.CreateStoreAsync();
        var clock = TestTime.Frozen();
        var owner = new PartyReference { UserId = Frida, UserName = "fridaklo" };
        var protector = new TokenProtector(new EphemeralDataProtectionProvider());
        var oauth = new BankOAuthClient(new HttpClient(new NoNetwork()), new BankClientCredentials("leafybank", "secret"));
        var tokens = new BankTokenService(store, protector, oauth, clock);
        var bank = new ScriptedBank();
        var sync = new SyncService(store, new FixedBankDirectory(TestBanks.GreenBank), tokens, [bank], new SyncInstance("test"), clock, notifier);
        var now = clock.GetUtcNow().UtcDateTime;
        await store.Collection(OpenFinanceCollections.Consents).UpsertAsync(TestDocuments.Consent(owner, TestBanks.GreenBank.Id, "consent-1", now, now.AddDays(90)), Cancel);
        await tokens.SaveAsync(owner, TestBanks.GreenBank, "consent-1", new BankTokenResponse("access", "Bearer", 400 * 86_400, "refresh", "accounts"), Cancel);

        // What the dashboard would read when told: the state must already say the sync happened.
        var told = new List<DateTime?>();
        var graceTold = 0;
        using var fridaView = notifier.Subscribe(Frida, () =>
            told.Add(store.Collection(OpenFinanceCollections.SyncStates).FindByKeyAsync([Frida, TestBanks.GreenBank.Id], Cancel).GetAwaiter().GetResult()?.LastAttemptAt));
        using var graceView = notifier.Subscribe(Grace, () => graceTold++);

        bank.Answer = () => new BankSnapshot([], [], [], now);
        Assert.Equal(SyncOutcome.Succeeded, (await sync.SyncAsync(owner, TestBanks.GreenBank.Id, unattended: false, Cancel)).Outcome);
        Assert.Equal([now], told);

        bank.Answer = () => throw new BankApiException(BankFailureKind.Unavailable, "Green Bank is down.");
        Assert.Equal(SyncOutcome.Failed, (await sync.SyncAsync(owner, TestBanks.GreenBank.Id, unattended: false, Cancel)).Outcome);
        Assert.Equal(2, told.Count);

        // A sync that never reached the bank changes nothing to show.
        await sync.SyncAsync(new PartyReference { UserId = Grace, UserName = "gracehop" }, TestBanks.GreenBank.Id, unattended: false, Cancel);
        Assert.Equal(0, graceTold);
    }

    private sealed class ScriptedBank : IBankConnector
    {
        public string Dialect => BankDialects.GreenBank;

        public Func<BankSnapshot> Answer { get; set; } = () => throw new InvalidOperationException("no answer scripted");

        public Task<BankSnapshot> FetchAsync(BankFetchRequest request, CancellationToken cancellationToken = default) => Task.FromResult(Answer());
    }
}
