using DashboardPage = LeafyBank.Web.Components.Pages.Dashboard.Dashboard;

namespace LeafyBank.Tests.Web.Components.Pages.Dashboard;

/// <summary>
/// The dashboard when a bank Leafy Bank still updates no longer shares an account or loan (the customer unticked it there):
/// its line in "Accounts by bank" names what its figures include as last read, and the totals' caption says how many,
/// in the words the account's own page uses; nothing is said when everything is shared, or when the bank is no longer
/// updated at all (its line says that of every figure already).
/// </summary>
public sealed class DashboardNoLongerSharedTests : PersonasTestContext
{
    private static string Text(AngleSharp.Dom.IElement element) => Regex.Replace(element.TextContent, @"\s+", " ").Trim();

    private DateTime Unticked => Now.AddDays(-2);

    private NoLongerSharedHolding Savings => new("Green Bank", PositionSide.Balance, AccountTypes.Savings, "Green Bank Savings", "•••• 5807", Unticked, Unticked);

    private async Task<IRenderedComponent<DashboardPage>> RenderAsync(IReadOnlyList<NoLongerSharedHolding> unshared, string consentStatus = ConsentStatuses.Valid)
    {
        await GreenBankConsentAsync(consentStatus, Now.AddDays(-3), Now.AddDays(87), Now.AddDays(-1));
        await GreenBankSyncAsync(lastSuccessAt: Now.AddMinutes(-5), lastAttemptAt: Now.AddMinutes(-5), lastError: null);
        PositionService.Set(FridaId, Positions.WithGreenBank(Now, TimeSpan.FromMinutes(5)) with { NoLongerShared = unshared });
        var cut = Render<DashboardPage>();
        cut.WaitForElement("[data-testid=institution-row][data-bank='Green Bank']");
        return cut;
    }

    [Fact]
    public async Task A_banks_line_names_the_account_it_no_longer_shares_with_since_when_and_how_old_its_figures_are()
    {
        var cut = await RenderAsync([Savings]);

        var row = cut.Find("[data-testid=institution-row][data-bank='Green Bank']");
        Assert.Equal($"Includes Green Bank Savings •••• 5807, no longer shared since {DayFormat.Of(Unticked)} · its figures as of {DayFormat.Of(Unticked)}",
            Text(Assert.Single(row.QuerySelectorAll("[data-testid=institution-no-longer-shared]"))));
        // The bank itself is still read: its own freshness is unchanged.
        Assert.Equal("updated 5 minutes ago", Text(row.QuerySelector("[data-testid=institution-freshness]")!));
    }

    [Fact]
    public async Task The_totals_caption_counts_what_the_updated_banks_no_longer_share()
    {
        var loan = new NoLongerSharedHolding("Green Bank", PositionSide.Debt, ProductTypes.Loan, "Loan", "•••• 1784", Unticked, Unticked);

        var cut = await RenderAsync([Savings, loan]);

        Assert.Contains("1 linked bank last updated 5 minutes ago (1 account and 1 loan or mortgage no longer shared, as last read).",
            Text(cut.Find("[data-testid=totals-as-of]")), StringComparison.Ordinal);
        Assert.Equal(2, cut.FindAll("[data-testid=institution-row][data-bank='Green Bank'] [data-testid=institution-no-longer-shared]").Count);
    }

    [Fact]
    public async Task Nothing_is_said_while_every_account_is_shared()
    {
        var cut = await RenderAsync([]);

        Assert.Empty(cut.FindAll("[data-testid=institution-no-longer-shared]"));
        Assert.DoesNotContain("no longer shared", cut.Find("[data-testid=totals-as-of]").TextContent, StringComparison.Ordinal);
        Assert.EndsWith("1 linked bank last updated 5 minutes ago.", Text(cut.Find("[data-testid=totals-as-of]")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disconnected_bank_is_not_said_twice_to_be_no_longer_updated()
    {
        var cut = await RenderAsync([Savings], ConsentStatuses.TerminatedByTpp);

        var row = cut.Find("[data-testid=institution-row][data-bank='Green Bank']");
        Assert.StartsWith("Disconnected, read-only · no longer updated", Text(row.QuerySelector("[data-testid=institution-freshness]")!), StringComparison.Ordinal);
        Assert.Empty(row.QuerySelectorAll("[data-testid=institution-no-longer-shared]"));
        Assert.DoesNotContain("no longer shared", cut.Find("[data-testid=totals-as-of]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task From_the_store_a_visit_names_the_unticked_account_without_reading_anything_more()
    {
        await GreenBankConsentAsync(ConsentStatuses.Valid, Now.AddDays(-3), Now.AddDays(87), Now.AddDays(-3));
        await GreenBankSyncAsync(lastSuccessAt: Now.AddMinutes(-5), lastAttemptAt: Now.AddMinutes(-5), lastError: null);
        var saver = TestDocuments.Account(FridaId, "Green Bank", "204515807", 7825m);
        saver.AccountName = "Green Bank Savings";
        saver.Source = new DataSource { Origin = DataOrigins.BankApi, RetrievedAt = Unticked, ConsentId = "green-1" };
        saver.NoLongerSharedSince = Unticked;
        await AddAsync(saver);
        var reads = PositionService.Calls;

        var cut = Render<DashboardPage>();

        cut.WaitForElement("[data-testid=institution-no-longer-shared]");
        Assert.Equal($"Includes Green Bank Savings •••• 5807, no longer shared since {DayFormat.Of(Unticked)} · its figures as of {DayFormat.Of(Unticked)}",
            Text(cut.Find("[data-testid=institution-no-longer-shared]")));
        // The mark comes with the position's one read (DashboardStoreReadsTests holds the whole visit's budget).
        Assert.Equal(reads + 1, PositionService.Calls);
    }
}
