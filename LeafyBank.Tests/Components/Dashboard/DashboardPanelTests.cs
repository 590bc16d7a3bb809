using System.Globalization;
using Bunit;
using LeafyBank.Core.Domain;
using LeafyBank.Core.Position;
using LeafyBank.Core.Transactions;
using LeafyBank.Web.Components.Pages.Dashboard;
using DashboardPage = LeafyBank.Web.Components.Pages.Dashboard.Dashboard;

namespace LeafyBank.Tests.Components.Dashboard;

/// <summary>The dashboard's panels: loans, charts and their text equivalents, green share, transactions and spending.</summary>
public sealed class DashboardPanelTests : DashboardTestContext
{
    private IRenderedComponent<DashboardPage> RenderDashboard(GlobalPosition position)
    {
        Reader.Set(FridaId, position);
        var cut = Render<DashboardPage>();
        cut.WaitForElement("[data-testid=welcome]");
        return cut;
    }

    [Fact]
    public void Loans_show_amount_rate_term_payment_payoff_and_share_and_state_the_payment_method()
    {
        var cut = RenderDashboard(Positions.WithGreenBank(Now, TimeSpan.FromHours(1)));

        var row = cut.Find("[data-testid=loans-table] tbody tr");
        Assert.Contains("10,700.00 USD", row.QuerySelector("[data-testid=loan-outstanding]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("3.75 % a year", row.QuerySelector("[data-testid=loan-rate]")!.TextContent.Trim());
        Assert.Equal("12 months (1 years)", row.QuerySelector("[data-testid=loan-term]")!.TextContent.Trim());
        Assert.Equal("1,510.62 USD", row.QuerySelector("[data-testid=loan-payment]")!.TextContent.Trim());
        Assert.Equal(Positions.LoanPayoff.ToString("d MMM yyyy", CultureInfo.InvariantCulture), row.QuerySelector("[data-testid=loan-payoff]")!.TextContent.Trim());
        Assert.Equal("100.0 %", row.QuerySelector("[data-testid=loan-share]")!.TextContent.Trim());
        Assert.Contains("Green product", row.TextContent, StringComparison.Ordinal);
        var method = cut.Find("[data-testid=payment-method]").TextContent;
        Assert.Contains("annuity formula", method, StringComparison.Ordinal);
        Assert.Contains("no estimate is made", method, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mortgage_without_rate_or_term_says_not_reported_and_invents_no_payment()
    {
        var mortgage = new LoanPosition("M-77", "MongoDB Bank", "Mortgage", "EUR", 200000m, 217000m, null, null, new DateOnly(2020, 1, 15),
            null, null, 0.8m, "Calle Mayor 1, Madrid", null, ["ProductInterestRate", "RepaymentPeriod"]);
        var position = Positions.WithGreenBank(Now, TimeSpan.FromHours(1)) with { Loans = [mortgage] };

        var cut = RenderDashboard(position);

        var row = cut.Find("[data-testid=loans-table] tbody tr");
        Assert.Equal(DashboardFormat.NotReported, row.QuerySelector("[data-testid=loan-rate]")!.TextContent.Trim());
        Assert.Equal(DashboardFormat.NotReported, row.QuerySelector("[data-testid=loan-term]")!.TextContent.Trim());
        Assert.Equal("Cannot be estimated: no rate or term reported", row.QuerySelector("[data-testid=loan-payment]")!.TextContent.Trim());
        Assert.Equal("Cannot be estimated: no rate or term reported", row.QuerySelector("[data-testid=loan-payoff]")!.TextContent.Trim());
        Assert.Equal("The bank did not report: interest rate, term.", row.QuerySelector("[data-testid=loan-not-reported]")!.TextContent.Trim());
        Assert.Contains("200,000.00 EUR", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("≈ 217,000.00 USD", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("secured by Calle Mayor 1, Madrid", row.TextContent, StringComparison.Ordinal);
        Assert.Equal("80.0 %", row.QuerySelector("[data-testid=loan-share]")!.TextContent.Trim());
    }

    [Fact]
    public void Without_loans_the_panel_says_so()
    {
        var cut = RenderDashboard(Positions.LeafyOnly());

        Assert.Contains("No loans or mortgages", cut.Find("[data-testid=no-loans]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=payment-method]"));
    }

    [Fact]
    public void Every_chart_is_hidden_from_screen_readers_and_has_its_figures_in_text_beside_it()
    {
        var cut = RenderDashboard(Positions.WithGreenBank(Now, TimeSpan.FromHours(1)));

        foreach (var panel in new[] { "chart-by-institution", "chart-by-type", "chart-by-currency" })
        {
            var section = cut.Find($"[data-testid={panel}]");
            var charts = section.QuerySelectorAll(".dashboard-chart");
            Assert.NotEmpty(charts);
            Assert.All(charts, chart =>
            {
                Assert.Equal("true", chart.GetAttribute("aria-hidden"));
                Assert.NotNull(chart.QuerySelector("svg"));
            });
        }
        // The institution chart's equivalent: the table of institutions.
        Assert.Contains("7,825.00 USD", cut.Find("[data-testid=by-institution]").TextContent, StringComparison.Ordinal);
        // The type donuts' equivalent: one row per type, with its side, amount and share of that side.
        var typeRows = cut.FindAll("[data-testid=by-type] tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(3, typeRows.Count);
        Assert.Contains(typeRows, r => r.Contains("Savings", StringComparison.Ordinal) && r.Contains("8,925.00 USD", StringComparison.Ordinal) && r.Contains("71.7 %", StringComparison.Ordinal));
        Assert.Contains(typeRows, r => r.Contains("Loan", StringComparison.Ordinal) && r.Contains("Owed", StringComparison.Ordinal) && r.Contains("100.0 %", StringComparison.Ordinal));
        // The currency donut's equivalent.
        Assert.Contains("USD: 12,450.00 USD held = 12,450.00 USD", Normalize(cut.Find("[data-testid=by-currency]").TextContent), StringComparison.Ordinal);
        // The legends name the bar series and the donut slices; the bars are labelled by institution.
        var legends = string.Join(" ", cut.FindAll(".mud-chart-legend").Select(l => l.TextContent));
        Assert.Contains("Balance (USD)", legends, StringComparison.Ordinal);
        Assert.Contains("Debt (USD)", legends, StringComparison.Ordinal);
        Assert.Contains("Savings", legends, StringComparison.Ordinal);
        Assert.Contains("Green Bank", cut.Find("[data-testid=chart-by-institution] svg").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Green_share_is_shown_with_its_method_and_each_narrative_with_its_account_or_product()
    {
        var cut = RenderDashboard(Positions.WithGreenBank(Now, TimeSpan.FromHours(1)));

        Assert.Contains("62.9 % of your balances (7,825.00 USD)", cut.Find("[data-testid=green-balance-share]").TextContent, StringComparison.Ordinal);
        Assert.Contains("100.0 % of your debt (10,700.00 USD)", cut.Find("[data-testid=green-debt-share]").TextContent, StringComparison.Ordinal);
        Assert.Contains("divided by total balance and total debt", cut.Find("[data-testid=green-method]").TextContent, StringComparison.Ordinal);
        var narratives = Normalize(cut.Find("[data-testid=green-narratives]").TextContent);
        Assert.Contains("Savings 204515807 at Green Bank (account, 7,825.00 USD)", narratives, StringComparison.Ordinal);
        Assert.Contains("Savings account focusing on sustainable banking at Green Bank", narratives, StringComparison.Ordinal);
        Assert.Contains("Loan 1784 at Green Bank (product, 10,700.00 USD)", narratives, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_narratives_the_green_panel_says_none_were_given()
    {
        var cut = RenderDashboard(Positions.LeafyOnly());

        Assert.NotNull(cut.Find("[data-testid=no-narratives]"));
        Assert.Contains("No balances to share out yet.", cut.Find("[data-testid=green-balance-share]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Recent_transactions_across_banks_mark_pending_ones_and_link_to_their_account()
    {
        TransactionQuery.Transactions.Add(Transaction("T1", "Green Bank", "204515807", -42.10m, Now.AddDays(-2)));
        TransactionQuery.Transactions.Add(Transaction("T2", "Donau Bank", "AT-99", -9.99m, Now.AddDays(-1), BookingStatuses.Pending, "Cafe Sacher", "Eating out"));
        TransactionQuery.Transactions.Add(Transaction("T3", "Green Bank", "204515807", 2500m, Now.AddDays(-3), description: "Salary", category: null));

        var cut = RenderDashboard(Positions.WithGreenBank(Now, TimeSpan.FromHours(1)));

        var rows = cut.FindAll("[data-testid=recent-list] tbody tr");
        Assert.Equal(3, rows.Count);
        Assert.Contains("Cafe Sacher", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Equal("true", rows[0].QuerySelector("[data-testid=booking-status]")!.GetAttribute("data-pending"));
        Assert.Contains("Pending", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("-9.99\u00A0USD", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Equal("false", rows[1].QuerySelector("[data-testid=booking-status]")!.GetAttribute("data-pending"));
        Assert.Contains("Booked", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("+2,500.00\u00A0USD", rows[2].TextContent, StringComparison.Ordinal);
        Assert.Contains("Uncategorised", rows[2].TextContent, StringComparison.Ordinal);
        Assert.Equal("accounts/Donau%20Bank/AT-99", rows[0].QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("See all 3 transactions", cut.Find("[data-testid=all-transactions]").TextContent, StringComparison.Ordinal);
        var (owner, filter) = Assert.Single(TransactionQuery.Finds);
        Assert.Equal((FridaId, 1, DashboardSnapshot.RecentCount), (owner, filter.Page, filter.PageSize));
        Assert.Null(filter.Search);
        Assert.Null(filter.Bank);
    }

    [Fact]
    public void Spending_by_category_asks_for_six_months_in_the_base_currency_and_shows_a_chart_and_a_table()
    {
        string Key(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        string Label(DateOnly month) => month.ToString("MMM yyyy", CultureInfo.InvariantCulture);
        var (thisMonth, lastMonth) = (MonthStart(), MonthStart(1));
        TransactionQuery.SpendingByOwner[FridaId] =
        [
            new CategorySpending(Key(lastMonth), "Groceries", 310.40m, 6),
            new CategorySpending(Key(thisMonth), "Groceries", 120.00m, 3),
            new CategorySpending(Key(thisMonth), "Eating out", 45.50m, 2),
        ];

        var cut = RenderDashboard(Positions.WithGreenBank(Now, TimeSpan.FromHours(1)));

        Assert.Equal((FridaId, "USD", MonthStart(5), Today), TransactionQuery.LastSpendingRequest);
        var spending = cut.Find("[data-testid=spending]");
        Assert.Equal("true", spending.QuerySelector(".dashboard-chart")!.GetAttribute("aria-hidden"));
        Assert.NotNull(spending.QuerySelector(".dashboard-chart svg"));
        var rows = cut.FindAll("[data-testid=spending-row]").Select(r => Normalize(r.TextContent)).ToList();
        Assert.Equal([$"{Label(thisMonth)} Groceries 3 120.00 USD", $"{Label(thisMonth)} Eating out 2 45.50 USD", $"{Label(lastMonth)} Groceries 6 310.40 USD"], rows);
        Assert.Contains($"{Label(thisMonth)} All categories 5 165.50 USD", Normalize(cut.Find("[data-testid=spending-table]").TextContent), StringComparison.Ordinal);
        var legend = string.Join(" ", spending.QuerySelectorAll(".mud-chart-legend").Select(l => l.TextContent));
        Assert.Contains("Groceries", legend, StringComparison.Ordinal);
        Assert.Contains("Eating out", legend, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_spending_the_panel_says_so()
    {
        var cut = RenderDashboard(Positions.LeafyOnly());

        Assert.NotNull(cut.Find("[data-testid=no-spending]"));
        Assert.NotNull(cut.Find("[data-testid=no-transactions]"));
    }

    private static string Normalize(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
