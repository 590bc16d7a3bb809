namespace LeafyBank.Tests.Core.Banking.Sync;

/// <summary>
/// One store, one frozen clock and one scripted Green Bank, with Frida connected as the callback
/// leaves her (valid consent, long-lived token, sync state due now); any number of app instances
/// (<see cref="Instance"/>) share them, as instances share a database.
/// </summary>
internal sealed class SyncTestBed : IAsyncDisposable
{
    public const string ConsentId = "consent-1";

    private SyncTestBed(IDocumentStore store)
    {
        Store = store;
        var oauth = new BankOAuthClient(new HttpClient(new NoNetwork()), new BankClientCredentials("leafybank", "secret"));
        Tokens = new BankTokenService(store, Protector, oauth, Clock);
    }

    public IDocumentStore Store { get; }

    /// <summary>What seals the saved tokens, for a test that connects or renews beside a sync (the same keys, as in one app).</summary>
    public TokenProtector Protector { get; } = new(new EphemeralDataProtectionProvider());

    /// <summary>The tokens the bed's instances use (for a test that needs them beside a sync, e.g. the eraser).</summary>
    public BankTokenService Tokens { get; }

    public FakeTimeProvider Clock { get; } = TestTime.Frozen();

    public ScriptedBank Bank { get; } = new();

    public PartyReference Frida { get; } = new() { UserId = ObjectId.Parse("65a546ae4a8f64e8f88fb89e"), UserName = "fridaklo" };

    public DateTime Now => Clock.GetUtcNow().UtcDateTime;

    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    /// <param name="wrap">Wraps the fixture's store (e.g. in a recording store) before anything is written.</param>
    public static async Task<SyncTestBed> ConnectedAsync(IStoreFixture fixture, Func<IDocumentStore, IDocumentStore>? wrap = null)
    {
        var store = await fixture.CreateStoreAsync();
        var bed = new SyncTestBed(wrap is null ? store : wrap(store));
        var now = bed.Now;
        await bed.Store.Collection(OpenFinanceCollections.Consents).UpsertAsync(TestDocuments.Consent(bed.Frida, TestBanks.GreenBank.Id, ConsentId, now, now.AddDays(90)), Cancel);
        // A long-lived token, so no refresh (and no network) is involved.
        await bed.Tokens.SaveAsync(bed.Frida, TestBanks.GreenBank, ConsentId, new BankTokenResponse("access-token-value", "Bearer", 400 * 86_400, "refresh-token-value", "accounts"), Cancel);
        await bed.States.UpsertAsync(new SyncState { SyncUser = bed.Frida, Bank = TestBanks.GreenBank.Id, ConsentId = ConsentId, NextAllowedAt = now }, Cancel);
        return bed;
    }

    public IDocumentCollection<SyncState> States => Store.Collection(OpenFinanceCollections.SyncStates);

    /// <summary>Leafy Bank's sync as one app instance runs it.</summary>
    public SyncService Instance(string name, PositionChangeNotifier? changes = null) =>
        new(Store, new FixedBankDirectory(TestBanks.GreenBank), Tokens, [Bank], new SyncInstance(name), Clock, changes);

    public async Task<SyncState> StateAsync() => (await States.FindByKeyAsync([Frida.UserId, TestBanks.GreenBank.Id], Cancel))!;

    /// <summary>Writes the connection's lease directly, as an instance that took it (and may since have died) left it: as every writer writes.</summary>
    public async Task LeaseHeldByAsync(string owner, DateTime until)
    {
        var write = await States.UpdateAsync(Frida.UserId, TestBanks.GreenBank.Id, state =>
        {
            state.LeaseOwner = owner;
            state.LeaseUntil = until;
            return true;
        }, Cancel);
        Assert.True(write.Written, $"the lease could not be written: {write.Outcome}");
    }

    public async Task<int> CountAsync<T>(DocumentKind<T> kind) where T : class =>
        (await Store.Collection(kind).FindAsync(Frida.UserId, cancellationToken: Cancel)).Count;

    public BankSnapshot Snapshot(int transactions = 3) => new(
        [new ExternalAccount { AccountId = "204515807", AccountType = AccountTypes.Savings, AccountBalance = 7825m, AccountCurrency = "USD" }],
        [new ExternalProduct { ProductId = "1784", ProductType = ProductTypes.Loan, ProductAmount = 10700m, ProductCurrency = "USD", ProductStatus = ProductStatuses.Active }],
        [.. Enumerable.Range(1, transactions).Select(i => new ExternalTransaction
        {
            TransactionId = $"T{i}", AccountId = "204515807", BookingStatus = BookingStatuses.Booked, Amount = -i, Currency = "USD",
            BookingDate = Now.Date.AddDays(-i), Description = "Green Grocer",
        })],
        Now);

    /// <summary>Waits (briefly, in real time) until <paramref name="condition"/> holds for the stored sync state.</summary>
    public async Task UntilStateAsync(Func<SyncState, bool> condition, string what)
    {
        for (var i = 0; i < 500; i++)
        {
            if (condition(await StateAsync()))
            {
                return;
            }
            await Task.Delay(10, Cancel);
        }
        Assert.Fail($"The sync state never reached: {what}. Stored: {(await StateAsync()).ToBsonDocument().ToJson()}");
    }

    /// <summary>Waits until the bank has been called <paramref name="calls"/> times.</summary>
    public async Task UntilBankCalledAsync(int calls)
    {
        for (var i = 0; i < 500 && Volatile.Read(ref Bank.Calls) < calls; i++)
        {
            await Task.Delay(10, Cancel);
        }
        Assert.Equal(calls, Volatile.Read(ref Bank.Calls));
    }

    public ValueTask DisposeAsync() => Store.DisposeAsync();

    /// <summary>A bank whose answer a test scripts, and which can be held mid-call until the test opens <see cref="Gate"/>.</summary>
    public sealed class ScriptedBank : IBankConnector
    {
        public int Calls;

        public string Dialect => BankDialects.GreenBank;

        public Func<BankFetchRequest, BankSnapshot> Answer { get; set; } = _ => throw new InvalidOperationException("no answer scripted");

        public TaskCompletionSource? Gate { get; set; }

        /// <summary>What the sync asked for, call by call.</summary>
        public ConcurrentQueue<BankFetchRequest> Requests { get; } = new();

        public async Task<BankSnapshot> FetchAsync(BankFetchRequest request, CancellationToken cancellationToken = default)
        {
            Requests.Enqueue(request);
            Interlocked.Increment(ref Calls);
            if (Gate is not null)
            {
                await Gate.Task.WaitAsync(cancellationToken);
            }
            return Answer(request);
        }
    }
}
