using LeafyBank.Web.Components.Layout;
using LeafyBank.Web.Components.Pages.Accounts;
using TransactionsPage = LeafyBank.Web.Components.Pages.Transactions.Transactions;

namespace LeafyBank.Tests.Web.Components;

/// <summary>
/// <see cref="MudTestContext"/> as a customer's pages start from it: the personas seeded (so
/// <see cref="CurrentCustomer"/> resolves as in the app), fridaklo signed in, a frozen clock, an interactive
/// renderer and the state a prerender hands to it; the real position, accounts, transaction, ledger,
/// connection and sync services over the store, with banks that cannot be reached; and hand-set money
/// in and out and net worth over time (<see cref="CashFlow"/>, <see cref="History"/>).
/// </summary>
public abstract class PersonasTestContext : MudTestContext
{
    protected static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    protected static readonly PartyReference Frida = Party("fridaklo");

    /// <summary>Another customer, whose connections and data Frida must never reach.</summary>
    protected static readonly PartyReference Grace = Party("gracehop");

    /// <summary>A customer with nothing: no Leafy Bank account and no bank linked.</summary>
    protected static readonly PartyReference Ada = Party("adalove");

    protected static readonly ObjectId FridaId = Frida.UserId;
    protected static readonly ObjectId GraceId = Grace.UserId;

    protected static readonly BankDirectoryEntry GreenBank = TestBanks.GreenBank;

    protected static readonly BankDirectoryEntry ThamesBank = TestBanks.ThamesBank;

    protected PersonasTestContext()
    {
        Services.AddSingleton<TimeProvider>(Clock);
        PositionService = new CountingPositionService(new GlobalPositionService(Store, IPositionQuery.For(Store), ExchangeRates.Default, Clock));
        Services.AddSingleton<IGlobalPositionService>(PositionService);
        Services.AddSingleton<LeafyBank.Core.Accounts.IAccountsQuery>(new LeafyBank.Core.Accounts.AccountsQuery(Store));
        TransactionQuery = new RecordingTransactionQuery(new TransactionQuery(ITransactionStoreQuery.For(Store), ICashFlowStoreQuery.For(Store), ExchangeRates.Default));
        Services.AddSingleton<ITransactionQuery>(TransactionQuery);
        CashFlow = new FakeCashFlowQuery(Clock);
        History = new FakeNetWorthHistory(Clock);
        Services.AddSingleton<ICashFlowQuery>(CashFlow);
        Services.AddSingleton<INetWorthHistoryReader>(History);
        Services.AddSingleton<LeafyBank.Core.Ledger.ILedgerQuery>(new LeafyBank.Core.Ledger.LedgerQuery(Store));
        var protector = new TokenProtector(new EphemeralDataProtectionProvider());
        var oauth = new BankOAuthClient(new HttpClient(new NoNetwork()), new BankClientCredentials("leafybank", "secret"));
        var tokens = new BankTokenService(Store, protector, oauth, Clock);
        Services.AddSingleton(_ => Banks);
        Services.AddSingleton(_ => new ConnectionService(Store, Banks, oauth, tokens, protector, Clock));
        Services.AddSingleton(_ => new SyncService(Store, Banks, tokens, [], new SyncInstance("bunit"), Clock));
        Services.AddSingleton(Notifier);
        // Never started here: a test that wants first syncs to run starts it (or registers its own).
        Services.AddSingleton(services => new FirstSyncRunner(Store, services.GetRequiredService<SyncService>(), Clock, NullLogger<FirstSyncRunner>.Instance));
        Services.AddSingleton(_ => new ConnectionOverview(Store, Banks, Clock));
        Services.AddSingleton(_ => new LinkedDataEraser(Store, Banks, oauth, tokens, Clock));
        Services.AddScoped<ConnectionChanges>();
        PersistentState = AddBunitPersistentComponentState();
        SignInCustomer(Frida.UserName);
    }

    protected FakeTimeProvider Clock { get; } = TestTime.Frozen();

    protected DateTime Now => Clock.GetUtcNow().UtcDateTime;

    protected DateOnly Today => DateOnly.FromDateTime(Now);

    /// <summary>The first day of the month <paramref name="monthsBack"/> months before this one.</summary>
    protected DateOnly MonthStart(int monthsBack = 0) => new DateOnly(Today.Year, Today.Month, 1).AddMonths(-monthsBack);

    /// <summary>A day as the pages write it, so expected text follows the suite's instant.</summary>
    protected static string Day(DateTime at) => at.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>A day and minute as the pages write it.</summary>
    protected static string Moment(DateTime at) => at.ToString("d MMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>Green Bank and Thames Bank, as the pages' directory lists them, unless a test sets another before its first render.</summary>
    protected IBankDirectory Banks { get; set; } = new FixedBankDirectory(GreenBank, ThamesBank);

    /// <summary>
    /// The renderer the pages are told of (the dashboard and transactions pages ask): the interactive circuit's. Set after the
    /// test class's constructor, as setting it fixes the services; a class that registers services inside its tests chooses none.
    /// </summary>
    protected virtual RendererInfo? StartingRenderer => new("Server", isInteractive: true);

    /// <summary>The state a prerender hands to the interactive render.</summary>
    protected BunitPersistentComponentState PersistentState { get; }

    /// <summary>The pages' global position: the real one from the store unless a test sets a hand-built one; every read counted.</summary>
    protected CountingPositionService PositionService { get; }

    /// <summary>The pages' transactions: the real query over <see cref="MudTestContext.Store"/>, recording what they asked.</summary>
    protected RecordingTransactionQuery TransactionQuery { get; }

    protected FakeCashFlowQuery CashFlow { get; }

    protected FakeNetWorthHistory History { get; }

    protected PositionChangeNotifier Notifier { get; } = new(NullLogger<PositionChangeNotifier>.Instance);

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await Personas.EnsureSeededAsync(Store, Clock, Cancel);
        if (StartingRenderer is { } renderer)
        {
            SetRendererInfo(renderer);
        }
    }

    /// <summary>This app instance's relay on the test's store, notifier and clock (<see cref="LiveRelay"/>); dispose it to stop it.</summary>
    protected Task<LiveRelay> StartRelayAsync() => LiveRelay.StartAsync(Store, Notifier, Clock);

    /// <inheritdoc cref="LiveRelay.UntilAsync"/>
    protected static Task UntilAsync(Func<bool> done, string what) => LiveRelay.UntilAsync(done, what);

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

    /// <summary><paramref name="owner"/>'s connection at <paramref name="bank"/>: a consent with <paramref name="daysLeft"/> days to run and its last update.</summary>
    protected async Task ConnectedAsync(BankDirectoryEntry bank, int daysLeft, string? lastError = null, DateTime? lastSuccess = null, PartyReference? owner = null)
    {
        owner ??= Frida;
        await Store.Collection(OpenFinanceCollections.Consents).UpsertAsync(TestDocuments.Consent(owner, bank.Id, $"consent-{bank.Id}-{owner.UserName}", Now.AddDays(-10), Now.AddDays(daysLeft)), Cancel);
        await Store.Collection(OpenFinanceCollections.SyncStates).UpsertAsync(new SyncState
        {
            SyncUser = owner,
            Bank = bank.Id,
            ConsentId = $"consent-{bank.Id}-{owner.UserName}",
            LastSuccessAt = lastSuccess,
            LastError = lastError,
            ConsecutiveFailures = lastError is null ? 0 : 1,
            NextAllowedAt = Now.AddHours(6),
            LastAttemptAt = Now.AddHours(-1),
        }, Cancel);
    }

    /// <summary>Stores an account, a loan and a transaction from <paramref name="bank"/> for <paramref name="owner"/>.</summary>
    protected async Task LinkedDataAsync(BankDirectoryEntry bank, PartyReference owner)
    {
        await AddAsync(TestDocuments.Account(owner.UserId, bank.Name, $"{bank.Id}-acc-1", 1234.5m));
        await AddAsync(TestDocuments.Product(owner.UserId, bank.Name, $"{bank.Id}-loan-1", ProductTypes.Loan, 5000m));
        await AddAsync(TestDocuments.Transaction(owner.UserId, $"{bank.Id}-tx-1", Now.AddDays(-1), -12.5m, bank.Name, $"{bank.Id}-acc-1", currency: "USD", description: "Coffee"));
    }

    /// <summary>An account's page as every link opens it: by the reference of the stored document (its id, set as it was added).</summary>
    protected IRenderedComponent<AccountPage> OpenAccountPage(ObjectId reference) =>
        Render<AccountPage>(p => p.Add(c => c.Reference, reference.ToString()));

    /// <summary>A linked account as a bank's API handed it over five minutes ago.</summary>
    protected ExternalAccount Account(PartyReference owner, string bank, string id, string type, decimal balance, string currency,
        string? name = null, string? identification = null, string? narrative = null) => new()
        {
            AccountId = id,
            AccountBank = bank,
            AccountType = type,
            AccountBalance = balance,
            AccountCurrency = currency,
            AccountDate = new AccountDates { OpeningDate = new DateTime(2021, 3, 1, 0, 0, 0, DateTimeKind.Utc) },
            AccountUser = owner,
            AccountName = name,
            AccountIdentification = identification,
            GreenAccountNarrative = narrative,
            Source = new DataSource { Origin = DataOrigins.BankApi, RetrievedAt = Now.AddMinutes(-5) },
        };

    /// <summary>A linked loan or mortgage as a bank's API handed it over five minutes ago.</summary>
    protected ExternalProduct Loan(PartyReference owner, string bank, string id, string type, decimal outstanding, string currency,
        decimal rate, int termMonths, DateOnly opened, string? name = null, string? narrative = null) => new()
        {
            ProductId = id,
            ProductBank = bank,
            ProductType = type,
            ProductAmount = outstanding,
            ProductCurrency = currency,
            ProductInterestRate = rate,
            RepaymentPeriod = termMonths,
            ProductDate = new ProductDates { OpeningDate = opened.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) },
            ProductCustomer = owner,
            ProductName = name,
            GreenProductNarrative = narrative,
            Source = new DataSource { Origin = DataOrigins.BankApi, RetrievedAt = Now.AddMinutes(-5) },
        };

    /// <summary>Frida's payment in USD, its description also its merchant.</summary>
    protected static ExternalTransaction Transaction(string id, string bank, string account, decimal amount, DateTime date,
        string status = BookingStatuses.Booked, string description = "Green Grocer", string? category = "Groceries") =>
        TestDocuments.Transaction(FridaId, id, date, amount, bank, account, status, "USD", description, merchant: description, category: category);

    /// <summary>The transactions page's row whose description is <paramref name="description"/>; fails unless exactly one row has it.</summary>
    protected static AngleSharp.Dom.IElement TransactionRow(IRenderedComponent<TransactionsPage> cut, string description) =>
        cut.FindAll("[data-testid=transactions-list] tbody tr")
            .Single(row => row.QuerySelector("[data-testid=transaction-description]")!.TextContent.Trim() == description);

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
