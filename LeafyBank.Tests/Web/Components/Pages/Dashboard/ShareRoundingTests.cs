using DashboardPage = LeafyBank.Web.Components.Pages.Dashboard.Dashboard;

namespace LeafyBank.Tests.Web.Components.Pages.Dashboard;

/// <summary>Shares of a whole are shown so that they add up to it: 100.0 %, never 100.1 % or 99.9 %.</summary>
public sealed class ShareRoundingTests : PersonasTestContext
{
    private static decimal Sum(IEnumerable<string?> shown) => shown.Sum(s => decimal.Parse(s!.TrimEnd(' ', '%'), CultureInfo.InvariantCulture));

    [Fact]
    public void Shares_rounded_one_by_one_to_more_than_the_whole_are_rounded_by_largest_remainder_to_exactly_the_whole()
    {
        decimal[] shares = [0.0075m, 0.2115m, 0.0110m, 0.7700m];
        // One by one: 0.8 + 21.2 + 1.1 + 77.0 = 100.1 %.
        Assert.Equal(100.1m, Sum(shares.Select(DashboardFormat.Share)));

        var shown = DashboardFormat.Shares([.. shares.Select(s => (decimal?)s)]);

        // Two remainders of a half: the first listed keeps its tenth.
        Assert.Equal(["0.8 %", "21.1 %", "1.1 %", "77.0 %"], shown);
        Assert.Equal(100.0m, Sum(shown));
    }

    [Fact]
    public void Shares_rounded_one_by_one_to_less_than_the_whole_get_the_missing_tenth_where_the_remainder_is_largest()
    {
        // One by one: 33.3 + 33.3 + 33.3 = 99.9 %.
        Assert.Equal(["33.3 %", "33.3 %", "33.4 %"], DashboardFormat.Shares([0.3333m, 0.3333m, 0.3334m]));
        Assert.Equal(["33.4 %", "33.3 %", "33.3 %"], DashboardFormat.Shares([0.3333m, 0.3333m, 0.3333m]));
    }

    [Fact]
    public void A_share_that_is_not_known_stays_unknown_and_the_others_still_add_up()
    {
        Assert.Equal(["50.0 %", null, "50.0 %"], DashboardFormat.Shares([0.5m, null, 0.5m]));
        Assert.Equal(["100.0 %"], DashboardFormat.Shares([1m]));
    }

    [Fact]
    public void The_loans_panels_shares_of_debt_add_up_to_100_percent()
    {
        LoanPosition Loan(string id, decimal share) => new(id, "Donau Bank", "Loan", "USD", 1000m, 1000m, 3m, 12, new DateOnly(2025, 1, 1),
            90m, new DateOnly(2027, 1, 1), share, null, null, []);
        PositionService.Set(FridaId, Positions.WithGreenBank(Now, TimeSpan.FromHours(1)) with
        {
            Loans = [Loan("a", 0.0075m), Loan("b", 0.2115m), Loan("c", 0.0110m), Loan("d", 0.7700m)],
        });

        var cut = Render<DashboardPage>();

        cut.WaitForElement("[data-testid=loans-table]");
        Assert.Equal(["0.8 %", "21.1 %", "1.1 %", "77.0 %"], cut.FindAll("[data-testid=loan-share]").Select(s => s.TextContent.Trim()));
    }
}
