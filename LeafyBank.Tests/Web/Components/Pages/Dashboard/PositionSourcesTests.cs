using DashboardPage = LeafyBank.Web.Components.Pages.Dashboard.Dashboard;

namespace LeafyBank.Tests.Web.Components.Pages.Dashboard;

/// <summary>
/// The dashboard reads what the position is made of (<see cref="PositionSources"/>) once and hands it
/// to every panel that names the banks: no panel reads a bank's state again, or differently.
/// </summary>
public sealed class PositionSourcesTests : PersonasTestContext
{
    /// <summary>Green Bank disconnected, its data kept: what the position alone could not tell.</summary>
    private BankConnection Disconnected => new("greenbank", "Green Bank", ConnectionStatus.ReadOnly, "Disconnected, read-only",
        "You disconnected Green Bank.", Now.AddDays(-1), Now.AddHours(-3), true, false);

    [Fact]
    public async Task Every_panel_that_names_the_banks_is_handed_the_one_reading_of_the_sources()
    {
        await GreenBankConsentAsync(ConsentStatuses.TerminatedByTpp, Now.AddDays(-30), Now.AddDays(60), Now.AddDays(-1));
        await AddAsync(Transaction("T1", "Green Bank", "204515807", -42.10m, Now.AddDays(-3), BookingStatuses.Pending));
        PositionService.Set(FridaId, Positions.WithGreenBank(Now, TimeSpan.FromHours(3)));

        var cut = Render<DashboardPage>();
        cut.WaitForElement("[data-testid=recent-row]");

        var totals = cut.FindComponent<PositionTotals>().Instance.Sources;
        Assert.Same(totals, cut.FindComponent<AccountsByInstitution>().Instance.Sources);
        Assert.Same(totals, cut.FindComponent<RecentTransactions>().Instance.Sources);
        Assert.Equal(ConnectionStatus.ReadOnly, Assert.Single(totals.Banks).Connection?.Status);
    }

    [Fact]
    public async Task A_refresh_hands_every_panel_the_new_reading()
    {
        await GreenBankConsentAsync(ConsentStatuses.Valid, Now.AddDays(-30), Now.AddDays(60), Now.AddDays(-30));
        PositionService.Set(FridaId, Positions.WithGreenBank(Now, TimeSpan.FromHours(3)));
        var cut = Render<DashboardPage>();
        cut.WaitForElement("[data-testid=institution-row][data-bank='Green Bank']");
        var before = cut.FindComponent<PositionTotals>().Instance.Sources;

        await GreenBankConsentAsync(ConsentStatuses.TerminatedByTpp, Now.AddDays(-30), Now.AddDays(60), Now);
        Notifier.Publish(FridaId);

        cut.WaitForAssertion(() => Assert.NotSame(before, cut.FindComponent<PositionTotals>().Instance.Sources));
        var after = cut.FindComponent<PositionTotals>().Instance.Sources;
        Assert.Same(after, cut.FindComponent<AccountsByInstitution>().Instance.Sources);
        Assert.False(Assert.Single(after.Banks).IsLinked);
        Assert.Contains("Green Bank's kept data (disconnected", cut.Find("[data-testid=totals-as-of]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void The_totals_caption_says_what_the_sources_handed_in_say_of_a_bank()
    {
        var position = Positions.WithGreenBank(Now, TimeSpan.FromHours(3));

        var cut = Render<PositionTotals>(p => p.Add(t => t.Position, position).Add(t => t.Now, Now)
            .Add(t => t.Sources, PositionSources.Of(position, [Disconnected])));

        var caption = cut.Find("[data-testid=totals-as-of]").TextContent;
        Assert.Contains($"Green Bank's kept data (disconnected, no longer updated; figures as of {FreshnessView.LastRead(Now.AddHours(-3), Now, null)})", caption, StringComparison.Ordinal);
        Assert.DoesNotContain("linked bank", caption, StringComparison.Ordinal);
    }

    [Fact]
    public void Accounts_by_bank_says_what_the_sources_handed_in_say_of_a_bank()
    {
        var position = Positions.WithGreenBank(Now, TimeSpan.FromHours(3));

        var cut = Render<AccountsByInstitution>(p => p.Add(a => a.Position, position).Add(a => a.Now, Now)
            .Add(a => a.Sources, PositionSources.Of(position, [Disconnected])));

        var freshness = cut.Find("[data-testid=institution-row][data-bank='Green Bank'] [data-testid=institution-freshness]");
        Assert.Equal(nameof(ConnectionStatus.ReadOnly), freshness.GetAttribute("data-connection"));
        Assert.Contains("No bank linked now (Green Bank's data is kept read-only)", cut.Find("[data-testid=none-linked]").TextContent, StringComparison.Ordinal);
    }
}
