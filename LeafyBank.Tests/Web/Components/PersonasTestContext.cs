namespace LeafyBank.Tests.Web.Components;

/// <summary>
/// <see cref="MudTestContext"/> as a customer's pages start from it: the personas seeded (so
/// <see cref="CurrentCustomer"/> resolves as in the app), fridaklo signed in, a frozen clock, the
/// state a prerender hands to the interactive render, and the real position, accounts and transaction queries over the store.
/// </summary>
public abstract class PersonasTestContext : MudTestContext
{
    protected static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    protected static readonly PartyReference Frida = Party("fridaklo");

    /// <summary>Another customer, whose connections and data Frida must never reach.</summary>
    protected static readonly PartyReference Grace = Party("gracehop");

    protected PersonasTestContext()
    {
        Services.AddSingleton<TimeProvider>(Clock);
        PositionService = new CountingPositionService(new GlobalPositionService(Store, IPositionQuery.For(Store), ExchangeRates.Default, Clock));
        Services.AddSingleton<IGlobalPositionService>(PositionService);
        Services.AddSingleton<LeafyBank.Core.Accounts.IAccountsQuery>(new LeafyBank.Core.Accounts.AccountsQuery(Store));
        TransactionQuery = new RecordingTransactionQuery(new TransactionQuery(ITransactionStoreQuery.For(Store), ICashFlowStoreQuery.For(Store), ExchangeRates.Default));
        Services.AddSingleton<ITransactionQuery>(TransactionQuery);
        PersistentState = AddBunitPersistentComponentState();
        SignInCustomer(Frida.UserName);
    }

    protected FakeTimeProvider Clock { get; } = TestTime.Frozen();

    protected DateTime Now => Clock.GetUtcNow().UtcDateTime;

    /// <summary>The state a prerender hands to the interactive render.</summary>
    protected BunitPersistentComponentState PersistentState { get; }

    /// <summary>The pages' global position: the real one from the store unless a test sets a hand-built one; every read counted.</summary>
    protected CountingPositionService PositionService { get; }

    /// <summary>The pages' transactions: the real query over <see cref="MudTestContext.Store"/>, recording what they asked.</summary>
    protected RecordingTransactionQuery TransactionQuery { get; }

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await Personas.EnsureSeededAsync(Store, Clock, Cancel);
    }

    protected Task AddAsync(ExternalAccount account) => Store.Collection(OpenFinanceCollections.ExternalAccounts).UpsertAsync(account, Cancel);

    protected Task AddAsync(ExternalProduct product) => Store.Collection(OpenFinanceCollections.ExternalProducts).UpsertAsync(product, Cancel);

    protected Task AddAsync(ExternalTransaction transaction) => Store.Collection(OpenFinanceCollections.ExternalTransactions).UpsertAsync(transaction, Cancel);

    /// <summary>Frida's consent green-1 at Green Bank, to read her accounts four times a day.</summary>
    protected Task GreenBankConsentAsync(string status, DateTime createdAt, DateTime validUntil, DateTime statusChangedAt) =>
        Store.Collection(OpenFinanceCollections.Consents).UpsertAsync(
            TestDocuments.Consent(Frida, "greenbank", "green-1", createdAt, validUntil, status, [ConsentPermissions.Accounts], statusChangedAt), Cancel);

    /// <summary>Frida's last update from Green Bank under green-1; an error says the bank was unavailable.</summary>
    protected Task GreenBankSyncAsync(DateTime lastSuccessAt, DateTime lastAttemptAt, string? lastError) =>
        Store.Collection(OpenFinanceCollections.SyncStates).UpsertAsync(new SyncState
        {
            SyncUser = Frida,
            Bank = "greenbank",
            BankName = "Green Bank",
            ConsentId = "green-1",
            LastSuccessAt = lastSuccessAt,
            LastAttemptAt = lastAttemptAt,
            LastError = lastError,
            LastFailureKind = lastError is null ? null : nameof(BankFailureKind.Unavailable),
        }, Cancel);

    private static PartyReference Party(string userName) =>
        new() { UserName = userName, UserId = ObjectId.Parse(Personas.All.Single(persona => persona.UserName == userName).UserId) };

    /// <summary>Records every filter a page asked the query with, and answers from the query it wraps.</summary>
    protected sealed class RecordingTransactionQuery(ITransactionQuery inner) : ITransactionQuery
    {
        private readonly ConcurrentQueue<(ObjectId Owner, TransactionFilter Filter)> finds = new();

        public IReadOnlyList<(ObjectId Owner, TransactionFilter Filter)> Finds => [.. finds];

        public Task<TransactionPage> FindAsync(ObjectId ownerId, TransactionFilter filter, CancellationToken cancellationToken = default)
        {
            finds.Enqueue((ownerId, filter));
            return inner.FindAsync(ownerId, filter, cancellationToken);
        }

        public IAsyncEnumerable<ExternalTransaction> StreamAsync(ObjectId ownerId, TransactionFilter filter, CancellationToken cancellationToken = default) =>
            inner.StreamAsync(ownerId, filter, cancellationToken);

        public Task<TransactionChoices> GetChoicesAsync(ObjectId ownerId, CancellationToken cancellationToken = default) =>
            inner.GetChoicesAsync(ownerId, cancellationToken);

        public Task<IReadOnlyList<CategorySpending>> SpendingByCategoryAsync(ObjectId ownerId, string baseCurrency, DateOnly from, DateOnly to,
            CancellationToken cancellationToken = default) =>
            inner.SpendingByCategoryAsync(ownerId, baseCurrency, from, to, cancellationToken);
    }

    /// <summary>
    /// Hands out the hand-built position a test set for a customer, otherwise the real one; counts
    /// every read (the expensive part of the pages), and can hold a read open.
    /// </summary>
    protected sealed class CountingPositionService(IGlobalPositionService real) : IGlobalPositionService
    {
        private readonly ConcurrentDictionary<ObjectId, GlobalPosition> positions = new();
        private int calls;

        public int Calls => Volatile.Read(ref calls);

        /// <summary>The customer of the latest read, as the page handed it over (its base currency included).</summary>
        public LeafyUser? LastUser { get; private set; }

        /// <summary>When set, reads wait for it (to see the loading state).</summary>
        public TaskCompletionSource? Gate { get; set; }

        public void Set(ObjectId userId, GlobalPosition position) => positions[userId] = position;

        public async Task<GlobalPosition> GetAsync(LeafyUser user, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref calls);
            LastUser = user;
            if (Gate is { } gate)
            {
                await gate.Task.WaitAsync(cancellationToken);
            }
            return positions.TryGetValue(user.Id, out var position) ? position : await real.GetAsync(user, cancellationToken);
        }
    }
}
