namespace LeafyBank.Tests.Web.Components.Pages.Dashboard;

/// <summary>
/// bUnit for the dashboard and the transaction pages over <see cref="PersonasTestContext"/>:
/// hand-built positions (<see cref="PersonasTestContext.PositionService"/>), fakes for the other panels and an interactive renderer.
/// </summary>
public abstract class DashboardTestContext : PersonasTestContext
{
    protected static readonly ObjectId FridaId = Frida.UserId;
    protected static readonly ObjectId GraceId = Grace.UserId;

    protected DashboardTestContext()
    {
        CashFlow = new FakeCashFlowQuery(Clock);
        History = new FakeNetWorthHistory(Clock);
        Services.AddSingleton<ICashFlowQuery>(CashFlow);
        Services.AddSingleton<LeafyBank.Core.Position.INetWorthHistoryReader>(History);
        Services.AddSingleton(Notifier);
        // The dashboard reads the customer's connection states (Core's one lifecycle) beside the position.
        Services.AddSingleton(_ => new ConnectionOverview(Store, BankDirectory, Clock));
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    protected DateOnly Today => DateOnly.FromDateTime(Now);

    /// <summary>The first day of the month <paramref name="monthsBack"/> months before this one.</summary>
    protected DateOnly MonthStart(int monthsBack = 0) => new DateOnly(Today.Year, Today.Month, 1).AddMonths(-monthsBack);

    /// <summary>
    /// The directory the connection states name banks with: Green Bank only (the linked bank of the
    /// hand-built positions), unless a test sets another before its first render.
    /// </summary>
    protected IBankDirectory BankDirectory { get; set; } = new FixedBankDirectory(TestBanks.GreenBank);

    protected FakeCashFlowQuery CashFlow { get; }

    protected FakeNetWorthHistory History { get; }

    protected PositionChangeNotifier Notifier { get; } = new(NullLogger<PositionChangeNotifier>.Instance);

    protected static ExternalTransaction Transaction(string id, string bank, string account, decimal amount, DateTime date,
        string status = BookingStatuses.Booked, string description = "Green Grocer", string? category = "Groceries") =>
        TestDocuments.Transaction(FridaId, id, date, amount, bank, account, status, "USD", description, merchant: description, category: category);
}
