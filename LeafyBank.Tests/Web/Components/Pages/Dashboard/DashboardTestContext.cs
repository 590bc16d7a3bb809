namespace LeafyBank.Tests.Web.Components.Pages.Dashboard;

/// <summary>
/// bUnit for the dashboard and the transaction pages: MudBlazor, a real embedded store holding
/// the personas (so <see cref="CurrentCustomer"/> resolves as in the app), hand-built positions
/// from <see cref="FakePositionService"/>, transactions from <see cref="FakeTransactionQuery"/>,
/// a fixed clock, an interactive renderer and fridaklo signed in.
/// </summary>
public abstract class DashboardTestContext : MudTestContext, IAsyncLifetime
{
    protected static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    protected static readonly ObjectId FridaId = ObjectId.Parse("65a546ae4a8f64e8f88fb89e");
    protected static readonly ObjectId GraceId = ObjectId.Parse("66fe219d625d93a100528224");

    private readonly TempDataDirectory directory = new();

    protected DashboardTestContext()
    {
        Store = new SqliteDocumentStore(directory.Path);
        Services.AddSingleton<IDocumentStore>(Store);
        Services.AddSingleton<TimeProvider>(Clock);
        Services.AddSingleton<IGlobalPositionService>(_ => PositionSource ?? PositionService);
        Services.AddSingleton<LeafyBank.Core.Accounts.IAccountsQuery>(new LeafyBank.Core.Accounts.AccountsQuery(Store));
        Services.AddSingleton<ITransactionQuery>(TransactionQuery);
        CashFlow = new FakeCashFlowQuery(Clock);
        Services.AddSingleton<ICashFlowQuery>(CashFlow);
        Services.AddSingleton<LeafyBank.Core.Position.INetWorthHistoryReader>(History);
        Services.AddSingleton(Notifier);
        Services.AddSingleton(new LeafyBank.Core.Customers.CustomerPreferences(Store, LeafyBank.Core.Position.ExchangeRates.Default));
        Services.AddSingleton(services => new CustomerCache(services.GetRequiredService<IDocumentStore>(), services.GetService<TimeProvider>() ?? TestTime.Frozen()));
        Services.AddScoped<CurrentCustomer>();
        // The dashboard reads the customer's connection states (Core's one lifecycle) beside the position.
        Services.AddSingleton(_ => new LeafyBank.Core.Banking.ConnectionOverview(Store, BankDirectory, Clock));
        PersistentState = AddBunitPersistentComponentState();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        Authorization.SetCustomer("fridaklo");
    }

    protected FakeTimeProvider Clock { get; } = TestTime.Frozen();

    protected DateTime Now => Clock.GetUtcNow().UtcDateTime;

    protected DateOnly Today => DateOnly.FromDateTime(Now);

    /// <summary>The first day of the month <paramref name="monthsBack"/> months before this one.</summary>
    protected DateOnly MonthStart(int monthsBack = 0) => new DateOnly(Today.Year, Today.Month, 1).AddMonths(-monthsBack);

    protected SqliteDocumentStore Store { get; }

    protected FakePositionService PositionService { get; } = new();

    /// <summary>Where the pages' positions come from: <see cref="PositionService"/> unless a test sets another before its first render.</summary>
    protected IGlobalPositionService? PositionSource { get; set; }

    /// <summary>The directory the connection states name banks with: Green Bank only, unless a test sets another before its first render.</summary>
    protected LeafyBank.Core.Banking.IBankDirectory BankDirectory { get; set; } = new GreenBankOnly();

    protected FakeTransactionQuery TransactionQuery { get; } = new();

    protected FakeCashFlowQuery CashFlow { get; }

    protected FakeNetWorthHistory History { get; } = new();

    protected PositionChangeNotifier Notifier { get; } = new(NullLogger<PositionChangeNotifier>.Instance);

    protected BunitPersistentComponentState PersistentState { get; }

    public async ValueTask InitializeAsync()
    {
        await Store.InitializeAsync(Cancel);
        await Personas.EnsureSeededAsync(Store, Clock, Cancel);
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Store.DisposeAsync();
        directory.Dispose();
        GC.SuppressFinalize(this);
    }

    protected static ExternalTransaction Transaction(string id, string bank, string account, decimal amount, DateTime date,
        string status = BookingStatuses.Booked, string description = "Green Grocer", string? category = "Groceries") => new()
        {
            TransactionId = id,
            TransactionBank = bank,
            AccountId = account,
            TransactionUser = new PartyReference { UserId = FridaId, UserName = "fridaklo" },
            BookingStatus = status,
            Amount = amount,
            Currency = "USD",
            BookingDate = date,
            Description = description,
            Merchant = description,
            Category = category,
        };

    /// <summary>A directory with Green Bank, the linked bank of the hand-built positions.</summary>
    private sealed class GreenBankOnly : LeafyBank.Core.Banking.IBankDirectory
    {
        public Task<IReadOnlyList<LeafyBank.Core.Banking.BankDirectoryEntry>> ListAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<LeafyBank.Core.Banking.BankDirectoryEntry>>(
                [new("greenbank", "Green Bank", LeafyBank.Core.Banking.BankDialects.GreenBank, new Uri("http://bank.test/g"), new Uri("http://bank.test/g/api"))]);
    }
}
