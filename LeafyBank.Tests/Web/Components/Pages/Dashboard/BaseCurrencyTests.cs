using MudBlazor;
using DashboardPage = LeafyBank.Web.Components.Pages.Dashboard.Dashboard;

namespace LeafyBank.Tests.Web.Components.Pages.Dashboard;

/// <summary>The customer chooses the currency of their totals on the dashboard; the choice is stored.</summary>
public sealed class BaseCurrencyTests : PersonasTestContext
{
    private async Task<string> StoredBaseCurrencyAsync(string userName) =>
        (await Store.Collection(OpenFinanceCollections.Users).FindByKeyAsync([userName], Cancel))!.BaseCurrency;

    [Fact]
    public async Task Choosing_a_currency_stores_it_and_reads_the_position_in_it()
    {
        PositionService.Set(FridaId, Positions.LeafyOnly());
        var cut = Render<DashboardPage>();
        cut.WaitForElement("[data-testid=welcome]");
        var select = cut.FindComponent<MudSelect<string>>();
        Assert.Contains("EUR", cut.FindComponents<MudSelectItem<string>>().Select(item => item.Instance.Value));

        await cut.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync("EUR"));

        Assert.Equal("EUR", await StoredBaseCurrencyAsync("fridaklo"));
        Assert.Equal("EUR", PositionService.LastUser?.BaseCurrency);
        Assert.Equal(2, PositionService.Calls);
        Assert.Equal("USD", await StoredBaseCurrencyAsync("gracehop"));
    }

    [Fact]
    public async Task Back_on_the_dashboard_later_in_the_same_visit_the_totals_are_in_the_chosen_currency()
    {
        PositionService.Set(FridaId, Positions.LeafyOnly());
        var cut = Render<DashboardPage>();
        cut.WaitForElement("[data-testid=welcome]");
        await cut.InvokeAsync(() => cut.FindComponent<MudSelect<string>>().Instance.ValueChanged.InvokeAsync("EUR"));

        // Another page and back, in the same circuit (its scoped services, the signed-in customer among them, stay).
        await DisposeComponentsAsync();
        var again = Render<DashboardPage>();
        again.WaitForElement("[data-testid=welcome]");

        Assert.Equal(3, PositionService.Calls);
        Assert.Equal("EUR", PositionService.LastUser?.BaseCurrency);
    }

    [Fact]
    public async Task A_currency_the_rate_table_cannot_convert_is_refused_and_nothing_changes()
    {
        PositionService.Set(FridaId, Positions.LeafyOnly());
        var cut = Render<DashboardPage>();
        cut.WaitForElement("[data-testid=welcome]");
        var select = cut.FindComponent<MudSelect<string>>();

        // What a tampered circuit event could send: a value the list never offered.
        await cut.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync("XYZ"));

        Assert.Equal("USD", await StoredBaseCurrencyAsync("fridaklo"));
        Assert.Equal(1, PositionService.Calls);
        var snackbar = Services.GetRequiredService<ISnackbar>();
        Assert.Contains(snackbar.ShownSnackbars, shown => (shown.Message ?? "").Contains("cannot show totals in 'XYZ'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_currency_that_could_not_be_saved_says_why_and_the_page_stays()
    {
        PositionService.Set(FridaId, Positions.LeafyOnly());
        var cut = Render<DashboardPage>();
        cut.WaitForElement("[data-testid=welcome]");
        // Frida's record is gone between the page's load and her choice (an operator removed it).
        await Store.Collection(OpenFinanceCollections.Users).DeleteAsync(FridaId, cancellationToken: Cancel);

        await cut.InvokeAsync(() => cut.FindComponent<MudSelect<string>>().Instance.ValueChanged.InvokeAsync("EUR"));

        var snackbar = Services.GetRequiredService<ISnackbar>();
        Assert.Contains(snackbar.ShownSnackbars, shown => shown.Message == "Leafy Bank has no customer fridaklo any more; sign in again.");
        Assert.Equal(1, PositionService.Calls);
        cut.Find("[data-testid=welcome]");
    }
}
