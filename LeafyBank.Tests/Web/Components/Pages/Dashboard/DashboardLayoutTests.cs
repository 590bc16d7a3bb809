using DashboardPage = LeafyBank.Web.Components.Pages.Dashboard.Dashboard;

namespace LeafyBank.Tests.Web.Components.Pages.Dashboard;

/// <summary>
/// The dashboard's panels stand in two columns, each a stack, so panels of different heights (a long loans list) leave
/// no gap beside them as rows of a grid did; in the DOM the main column comes first, as a phone shows it.
/// </summary>
public sealed class DashboardLayoutTests : PersonasTestContext
{
    [Fact]
    public void The_panels_stack_in_a_main_and_a_side_column()
    {
        PositionService.Set(FridaId, Positions.WithGreenBank(Now, TimeSpan.FromMinutes(5)));

        var cut = Render<DashboardPage>();

        cut.WaitForElement("[data-testid=welcome]");
        string[] Panels(string column) =>
            [.. cut.Find($"[data-testid={column}]").QuerySelectorAll("section[data-testid]").Select(s => s.GetAttribute("data-testid")!)];
        Assert.Equal(["net-worth-history", "cash-flow", "recent-transactions"], Panels("dashboard-main-column"));
        Assert.Equal(["institutions", "loans", "green"], Panels("dashboard-side-column"));
    }
}
