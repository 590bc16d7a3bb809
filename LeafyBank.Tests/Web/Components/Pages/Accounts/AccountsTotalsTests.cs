using AccountsPage = LeafyBank.Web.Components.Pages.Accounts.Accounts;

namespace LeafyBank.Tests.Web.Components.Pages.Accounts;

/// <summary>
/// The Accounts page adds up what the customer has and owes, in total and per bank, in the base currency: the global
/// position's own figures (the dashboard's), marked "≈" where an amount was converted, never a sum of the rounded lines.
/// </summary>
public sealed class AccountsTotalsTests : PersonasTestContext
{
    private static string Text(IRenderedComponent<AccountsPage> cut, string selector) => cut.Find(selector).TextContent.Trim();

    [Fact]
    public async Task The_page_shows_the_dashboards_totals_and_each_banks_subtotal_marked_approximate_where_converted()
    {
        // 10.06 EUR is 10.9151 USD: each line rounds up to 10.92, while the two together are 21.8302, which is 21.83.
        await AddAsync(Account(Frida, "Donau Bank", "donau-1", AccountTypes.Checking, 10.06m, "EUR", name: "Girokonto"));
        await AddAsync(Account(Frida, "Donau Bank", "donau-2", AccountTypes.Savings, 10.06m, "EUR", name: "Sparkonto"));
        await AddAsync(Loan(Frida, "Donau Bank", "donau-9", ProductTypes.Mortgage, 1000m, "EUR", 3.1m, 240, DateOnly.FromDateTime(Now).AddYears(-3),
            name: "Wohnbaukredit"));
        await AddAsync(Account(Frida, "Green Bank", "green-1", AccountTypes.Savings, 300m, "USD"));
        var closed = Account(Frida, "Green Bank", "green-2", AccountTypes.Checking, 50m, "USD");
        closed.AccountStatus = AccountStatuses.Closed;
        await AddAsync(closed);

        var cut = Render<AccountsPage>();

        cut.WaitForElement("[data-testid=accounts-totals]");
        var position = await PositionService.GetAsync(PositionService.LastUser!, Cancel);
        // The totals are the position's, as the dashboard shows them, and approximate: some of it is converted from EUR.
        Assert.Equal($"≈ {DashboardFormat.Money(position.TotalBalance, "USD")}", Text(cut, "[data-testid=accounts-total-balance] dd"));
        Assert.Equal($"≈ {DashboardFormat.Money(position.TotalDebt, "USD")}", Text(cut, "[data-testid=accounts-total-debt] dd"));
        Assert.Equal($"≈ {DashboardFormat.Money(position.NetWorth, "USD")}", Text(cut, "[data-testid=accounts-net-worth] dd"));

        // Donau Bank's subtotal is the position's (21.83), not its two rounded lines added up (21.84).
        var donau = cut.Find("[data-testid=institution][data-bank='Donau Bank']");
        Assert.All(donau.QuerySelectorAll("[data-kind=account] [data-testid=account-amount-base]"), line => Assert.Equal("≈ 10.92 USD", line.TextContent.Trim()));
        Assert.Equal("≈ 21.83 USD", donau.QuerySelector("[data-testid=institution-balance]")!.TextContent.Trim());
        Assert.Equal("≈ 1,085.00 USD owed", donau.QuerySelector("[data-testid=institution-debt]")!.TextContent.Trim());
        Assert.Equal("true", donau.QuerySelector("[data-testid=institution-subtotal]")!.GetAttribute("data-approximate"));
        Assert.Contains("Total at Donau Bank", donau.QuerySelector("[data-testid=institution-subtotal]")!.TextContent, StringComparison.Ordinal);

        // All in USD, so exact; the closed account is listed but not counted, and the note says so.
        var green = cut.Find("[data-testid=institution][data-bank='Green Bank']");
        Assert.Equal(2, green.QuerySelectorAll("[data-testid=account-row]").Length);
        Assert.Equal("300.00 USD", green.QuerySelector("[data-testid=institution-balance]")!.TextContent.Trim());
        Assert.Null(green.QuerySelector("[data-testid=institution-debt]"));
        Assert.Equal("false", green.QuerySelector("[data-testid=institution-subtotal]")!.GetAttribute("data-approximate"));
        var leafy = position.ByInstitution.Single(i => i.Internal);
        Assert.Equal(DashboardFormat.Money(leafy.Balance, "USD"),
            cut.Find("[data-testid=institution][data-bank='Leafy Bank'] [data-testid=institution-balance]").TextContent.Trim());

        var note = Text(cut, "[data-testid=accounts-totals-note]");
        Assert.Contains("converted to USD at Leafy Bank's fixed reference rates of 2 Nov 2026", note, StringComparison.Ordinal);
        Assert.Contains("Closed accounts and loans that are no longer active are listed but not counted.", note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_side_holding_a_converted_amount_is_marked_approximate()
    {
        // A USD account and a EUR mortgage at Donau Bank: what Frida owes is converted, what she has is not.
        await AddAsync(Account(Frida, "Donau Bank", "donau-1", AccountTypes.Checking, 100m, "USD", name: "Dollar account"));
        await AddAsync(Loan(Frida, "Donau Bank", "donau-9", ProductTypes.Mortgage, 1000m, "EUR", 3.1m, 240, DateOnly.FromDateTime(Now).AddYears(-3)));

        var cut = Render<AccountsPage>();

        cut.WaitForElement("[data-testid=accounts-totals]");
        var position = await PositionService.GetAsync(PositionService.LastUser!, Cancel);
        Assert.Equal(DashboardFormat.Money(position.TotalBalance, "USD"), Text(cut, "[data-testid=accounts-total-balance] dd"));
        Assert.Equal($"≈ {DashboardFormat.Money(position.TotalDebt, "USD")}", Text(cut, "[data-testid=accounts-total-debt] dd"));
        Assert.Equal($"≈ {DashboardFormat.Money(position.NetWorth, "USD")}", Text(cut, "[data-testid=accounts-net-worth] dd"));
        var donau = cut.Find("[data-testid=institution][data-bank='Donau Bank']");
        Assert.Equal("100.00 USD", donau.QuerySelector("[data-testid=institution-balance]")!.TextContent.Trim());
        Assert.Equal("≈ 1,085.00 USD owed", donau.QuerySelector("[data-testid=institution-debt]")!.TextContent.Trim());
        Assert.Equal("true", donau.QuerySelector("[data-testid=institution-subtotal]")!.GetAttribute("data-approximate"));
    }

    [Fact]
    public void With_every_amount_in_the_base_currency_the_totals_are_exact_and_need_no_note()
    {
        var cut = Render<AccountsPage>();

        cut.WaitForElement("[data-testid=accounts-totals]");
        Assert.Equal("false", cut.Find("[data-testid=accounts-totals]").GetAttribute("data-approximate"));
        Assert.DoesNotContain("≈", cut.Find("[data-testid=accounts-totals]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=accounts-totals-note]"));
    }

    [Fact]
    public void A_customer_with_nothing_to_add_up_gets_no_totals()
    {
        SignInCustomer("adalove");

        var cut = Render<AccountsPage>();

        cut.WaitForElement("[data-testid=accounts-empty]");
        Assert.Empty(cut.FindAll("[data-testid=accounts-totals]"));
    }
}
