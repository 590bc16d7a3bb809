using LeafyBank.Web.Components.Pages.Connections;
using DashboardPage = LeafyBank.Web.Components.Pages.Dashboard.Dashboard;

namespace LeafyBank.Tests.Web.Components.Pages.Dashboard;

/// <summary>
/// The dashboard's figures worked out from transactions (spending, money in, loan payments, the estimated net worth, the
/// recent list) name a linked bank whose consent leaves transactions out, say what that means for the figure and link to
/// sharing them: without it, "Loan and mortgage payments" added up every loan but Green Bank's, and nothing said so.
/// </summary>
public sealed class DashboardTransactionSharingTests : PersonasTestContext
{
    private static string Text(AngleSharp.Dom.IElement element) => Regex.Replace(element.TextContent, @"\s+", " ").Trim();

    /// <summary>Green Bank linked with <paramref name="permissions"/>, updated five minutes ago; a month of figures and two estimated days.</summary>
    private async Task<IRenderedComponent<DashboardPage>> RenderAsync(params string[] permissions)
    {
        await Store.Collection(OpenFinanceCollections.Consents).UpsertAsync(TestDocuments.Consent(Frida, "greenbank", "green-1", Now.AddDays(-3),
            Now.AddDays(87), ConsentStatuses.Valid, permissions, Now.AddDays(-3)), Cancel);
        await GreenBankSyncAsync(lastSuccessAt: Now.AddMinutes(-5), lastAttemptAt: Now.AddMinutes(-5), lastError: null);
        CashFlow.ByOwner[FridaId] = new CashFlowComparison("USD", Today,
            new CashFlowMonth(Month(0), [new("Groceries", 120m, 3)], [new("Salary", 3000m, 1)], 350m, 1, 0m, 0),
            new CashFlowMonth(Month(1), [new("Groceries", 310.4m, 6)], [], 350m, 1, 0m, 0));
        History.ByOwner[FridaId] = [new NetWorthPoint(Today.AddDays(-2), 1700m, Estimated: true), new NetWorthPoint(Today.AddDays(-1), 1720m, Estimated: false)];
        PositionService.Set(FridaId, Positions.WithGreenBank(Now, TimeSpan.FromMinutes(5)));
        var cut = Render<DashboardPage>();
        cut.WaitForElement("[data-testid=cash-flow]");
        return cut;
    }

    private string Month(int monthsBack) => MonthStart(monthsBack).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static AngleSharp.Dom.IElement NoteIn(IRenderedComponent<DashboardPage> cut, string panel) =>
        Assert.Single(cut.FindAll($"[data-testid={panel}] [data-testid=transactions-not-counted]"));

    [Fact]
    public async Task A_bank_that_shares_no_transactions_is_named_beside_each_figure_worked_out_from_them_with_the_step_that_shares_them()
    {
        var cut = await RenderAsync(ConsentPermissions.Accounts, ConsentPermissions.Balances);

        // Green Bank's loan has an estimated payment: a repayment booked at Green Bank is not in "Loan and mortgage payments".
        Assert.Equal("Green Bank does not share transactions, so its payments are not in these figures, nor its loan's estimated 1,510.62 USD a month, " +
                     "unless paid from another bank. To count them, change what you share with Green Bank.", Text(NoteIn(cut, "cash-flow")));
        Assert.Equal("Green Bank does not share transactions, so its payments are not in the dashed part. To count them, change what you share with Green Bank.",
            Text(NoteIn(cut, "net-worth-history")));
        Assert.Equal("Green Bank does not share transactions, so its payments are not in this list. To see them, change what you share with Green Bank.",
            Text(NoteIn(cut, "recent-transactions")));
        foreach (var panel in new[] { "cash-flow", "net-worth-history", "recent-transactions" })
        {
            Assert.Equal(ConnectionView.RenewHref("greenbank", ConsentPermissions.Transactions),
                NoteIn(cut, panel).QuerySelector("[data-testid=share-transactions]")!.GetAttribute("href"));
        }
        // Loans, green share and the accounts by bank come from balances and the bank's loan figures, not transactions.
        Assert.Equal(3, cut.FindAll("[data-testid=transactions-not-counted]").Count);
    }

    [Fact]
    public async Task A_bank_that_stopped_sharing_transactions_is_said_to_be_in_the_figures_up_to_the_last_one_it_shared()
    {
        await AddAsync(Transaction("G1", "Green Bank", "204515807", -42.10m, Now.AddDays(-20), description: "Green Grocer"));

        var cut = await RenderAsync(ConsentPermissions.Accounts, ConsentPermissions.Balances);

        var lastShared = DashboardFormat.Day(Now.AddDays(-20));
        Assert.Equal($"Green Bank no longer shares transactions: only its payments up to {lastShared} (the last it shared) are in these figures. " +
                     "To count later ones, change what you share with Green Bank.", Text(NoteIn(cut, "cash-flow")));
        Assert.Equal($"Green Bank no longer shares transactions: only its payments up to {lastShared} (the last it shared) are in this list. " +
                     "To see later ones, change what you share with Green Bank.", Text(NoteIn(cut, "recent-transactions")));
        Assert.StartsWith($"Green Bank no longer shares transactions: only its payments up to {lastShared} (the last it shared) are in the dashed part.",
            Text(NoteIn(cut, "net-worth-history")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_last_day_shared_is_the_newest_booked_payment_not_a_pending_one_that_never_counted()
    {
        // The figures count booked payments only: a pending one read later is in none of them, so it must not move the day.
        await AddAsync(Transaction("G1", "Green Bank", "204515807", -42.10m, Now.AddDays(-20), description: "Green Grocer"));
        await AddAsync(Transaction("G2", "Green Bank", "204515807", -9.99m, Now.AddDays(-12), status: BookingStatuses.Pending, description: "Corner Cafe"));

        var cut = await RenderAsync(ConsentPermissions.Accounts, ConsentPermissions.Balances);

        Assert.StartsWith($"Green Bank no longer shares transactions: only its payments up to {DashboardFormat.Day(Now.AddDays(-20))} (the last it shared)",
            Text(NoteIn(cut, "cash-flow")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_every_bank_shares_transactions_no_figure_carries_a_note()
    {
        var cut = await RenderAsync(ConsentPermissions.Accounts, ConsentPermissions.Balances, ConsentPermissions.Transactions);

        Assert.Empty(cut.FindAll("[data-testid=transactions-not-counted]"));
        Assert.DoesNotContain("share transactions", cut.Markup, StringComparison.Ordinal);
        // No read of a bank's newest transaction either: only the recent list's.
        Assert.Null(Assert.Single(TransactionQuery.Finds).Filter.Bank);
    }

    [Fact]
    public async Task With_no_booked_payments_yet_the_note_still_says_which_bank_is_left_out()
    {
        await RenderAsync(ConsentPermissions.Accounts);
        CashFlow.ByOwner.Remove(FridaId);

        var cut = Render<DashboardPage>();
        cut.WaitForElement("[data-testid=no-cash-flow]");

        Assert.StartsWith("Green Bank does not share transactions, so its payments are not in these figures", Text(NoteIn(cut, "cash-flow")), StringComparison.Ordinal);
    }
}
