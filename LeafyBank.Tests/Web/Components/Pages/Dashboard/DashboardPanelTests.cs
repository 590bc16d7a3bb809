using DashboardPage = LeafyBank.Web.Components.Pages.Dashboard.Dashboard;

namespace LeafyBank.Tests.Web.Components.Pages.Dashboard;

/// <summary>The dashboard's panels: net worth over time, accounts by bank, money in and out, loans, green share and recent transactions.</summary>
public sealed class DashboardPanelTests : PersonasTestContext
{
    private IRenderedComponent<DashboardPage> RenderDashboard(GlobalPosition position)
    {
        PositionService.Set(FridaId, position);
        var cut = Render<DashboardPage>();
        cut.WaitForElement("[data-testid=welcome]");
        return cut;
    }

    [Fact]
    public void Loans_show_what_is_owed_the_rate_the_monthly_payment_and_the_payoff_and_keep_the_method_one_click_away()
    {
        var cut = RenderDashboard(Positions.WithGreenBank(Now, TimeSpan.FromHours(1)));

        var row = cut.Find("[data-testid=loan-1784]");
        Assert.Contains("10,700.00 USD", row.QuerySelector("[data-testid=loan-outstanding]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("3.75 % a year", row.QuerySelector("[data-testid=loan-rate]")!.TextContent.Trim());
        Assert.Equal("1,510.62 USD", row.QuerySelector("[data-testid=loan-payment]")!.TextContent.Trim());
        Assert.Equal(DashboardFormat.Day(Positions.LoanPayoff), row.QuerySelector("[data-testid=loan-payoff]")!.TextContent.Trim());
        Assert.Equal("100.0 %", row.QuerySelector("[data-testid=loan-share]")!.TextContent.Trim());
        Assert.Contains("Green", row.TextContent, StringComparison.Ordinal);
        Assert.Empty(row.QuerySelectorAll("[data-testid=loan-not-reported]"));
        var method = cut.Find("details [data-testid=payment-method]").TextContent;
        Assert.Contains("annuity formula", method, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mortgage_without_rate_or_term_says_so_in_one_sentence_and_invents_no_payment()
    {
        var mortgage = new LoanPosition("M-77", "MongoDB Bank", "Mortgage", "EUR", 200000m, 217000m, null, null, new DateOnly(2020, 1, 15),
            null, null, 0.8m, "Calle Mayor 1, Madrid", null, ["ProductInterestRate", "RepaymentPeriod"]);
        var cut = RenderDashboard(Positions.WithGreenBank(Now, TimeSpan.FromHours(1)) with { Loans = [mortgage] });

        var row = cut.Find("[data-testid=loan-M-77]");
        Assert.Equal("Not reported", row.QuerySelector("[data-testid=loan-rate]")!.TextContent.Trim());
        Assert.Equal("Not estimated", row.QuerySelector("[data-testid=loan-payment]")!.TextContent.Trim());
        Assert.Equal("Not estimated", row.QuerySelector("[data-testid=loan-payoff]")!.TextContent.Trim());
        Assert.Equal("The bank did not report the interest rate or term, so the payment and payoff are not estimated.",
            row.QuerySelector("[data-testid=loan-not-reported]")!.TextContent.Trim());
        Assert.Contains("200,000.00 EUR", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("≈ 217,000.00 USD", row.TextContent, StringComparison.Ordinal);
        Assert.Equal("80.0 %", row.QuerySelector("[data-testid=loan-share]")!.TextContent.Trim());
    }

    [Fact]
    public void Without_loans_the_panel_says_so()
    {
        var cut = RenderDashboard(Positions.WithGreenBank(Now, TimeSpan.FromHours(1)) with { Loans = [] });

        Assert.Contains("No loans or mortgages", cut.Find("[data-testid=no-loans]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=payment-method]"));
    }

    [Fact]
    public void Accounts_are_summarised_per_bank_with_totals_and_freshness_and_link_to_the_accounts_page()
    {
        var cut = RenderDashboard(Positions.WithGreenBank(Now, TimeSpan.FromHours(1)));

        var rows = cut.FindAll("[data-testid=institution-row]");
        Assert.Equal(["Leafy Bank", "Green Bank"], rows.Select(r => r.GetAttribute("data-bank")));
        var green = Normalize(rows[1].TextContent);
        Assert.Contains("1 account, 1 loan or mortgage · updated 1 hour ago", green, StringComparison.Ordinal);
        Assert.Contains("7,825.00 USD", green, StringComparison.Ordinal);
        Assert.Contains("owed 10,700.00 USD", green, StringComparison.Ordinal);
        Assert.Equal("accounts", cut.Find("[data-testid=all-accounts]").GetAttribute("href"));
        // One bank linked: the panel suggests the next.
        Assert.NotNull(cut.Find("[data-testid=link-another]"));
    }

    [Fact]
    public void Net_worth_over_time_draws_a_line_with_round_ticks_in_the_base_currency_and_says_what_is_estimated()
    {
        History.ByOwner[FridaId] =
        [
            new NetWorthPoint(Today.AddDays(-3), 1200m, Estimated: true),
            new NetWorthPoint(Today.AddDays(-2), 1500m, Estimated: true),
            new NetWorthPoint(Today.AddDays(-1), 1600m, Estimated: false),
            new NetWorthPoint(Today, 1750m, Estimated: false),
        ];

        var cut = RenderDashboard(Positions.WithGreenBank(Now, TimeSpan.FromHours(1)));

        var panel = cut.Find("[data-testid=net-worth-history]");
        Assert.Equal($"Up 550.00 USD since {DashboardFormat.Day(Today.AddDays(-3))}: from 1,200.00 USD to 1,750.00 USD.",
            Normalize(cut.Find("[data-testid=history-summary]").TextContent));
        Assert.Equal("true", panel.QuerySelector("figure")!.GetAttribute("aria-hidden"));
        Assert.Equal("USD", panel.QuerySelector(".nw-unit")!.TextContent.Trim());
        Assert.Equal(["1,200", "1,400", "1,600", "1,800"], panel.QuerySelectorAll(".nw-tick").Select(t => t.TextContent.Trim()));
        Assert.Equal(2, panel.QuerySelectorAll("polyline").Length);
        Assert.Contains($"Before {DashboardFormat.Day(Today.AddDays(-1))}, figures are worked out backwards from your booked transactions, counting loan and mortgage repayments as paying down debt",
            Normalize(cut.Find("[data-testid=history-estimated]").TextContent), StringComparison.Ordinal);
    }

    [Fact]
    public void With_a_single_day_of_history_it_says_when_keeping_started_instead_of_drawing_a_chart_of_one_point()
    {
        History.ByOwner[FridaId] = [new NetWorthPoint(Today, 1750m, Estimated: false)];

        var cut = RenderDashboard(Positions.WithGreenBank(Now, TimeSpan.FromHours(1)));

        var text = Normalize(cut.Find("[data-testid=history-starting]").TextContent);
        Assert.StartsWith($"Leafy Bank started keeping your net worth on {DashboardFormat.Day(Today)}: 1,750.00 USD.", text, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=net-worth-history] svg"));
    }

    [Fact]
    public void After_an_accounts_data_was_removed_with_no_payments_to_work_back_from_the_chart_does_not_say_keeping_started_today()
    {
        History.NotComparable[FridaId] = 6;

        var cut = RenderDashboard(Positions.WithGreenBank(Now, TimeSpan.FromHours(1)));

        var text = Normalize(cut.Find("[data-testid=history-starting]").TextContent);
        Assert.StartsWith("Your net worth today: ", text, StringComparison.Ordinal);
        Assert.Contains("Earlier days counted accounts, loans or banks that are not in your totals now", text, StringComparison.Ordinal);
        Assert.DoesNotContain("started keeping", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Estimated_days_that_counted_a_removed_account_are_said_to_be_estimated_for_that_reason()
    {
        History.ByOwner[FridaId] = [new NetWorthPoint(Today.AddDays(-2), 1500m, Estimated: true), new NetWorthPoint(Today.AddDays(-1), 1600m, Estimated: true)];
        History.NotComparable[FridaId] = 2;

        var cut = RenderDashboard(Positions.WithGreenBank(Now, TimeSpan.FromHours(1)));

        Assert.EndsWith("Days that counted accounts, loans or banks not in your totals today are estimated the same way, so the line compares like with like.",
            Normalize(cut.Find("[data-testid=history-estimated]").TextContent), StringComparison.Ordinal);
    }

    [Fact]
    public void Money_in_and_out_compares_this_month_with_last_by_category_with_income_debt_payments_and_transfers_apart()
    {
        var thisMonth = MonthStart().ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var lastMonth = MonthStart(1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        CashFlow.ByOwner[FridaId] = new CashFlowComparison("USD", Today,
            new CashFlowMonth(thisMonth, [new("Groceries", 120m, 3), new("Dining", 45.5m, 2)], [new("Salary", 3000m, 1)], 350m, 1, 400m, 1),
            new CashFlowMonth(lastMonth, [new("Groceries", 310.4m, 6), new("Rent", 900m, 1)], [], 350m, 1, 0m, 0));

        var cut = RenderDashboard(Positions.WithGreenBank(Now, TimeSpan.FromHours(1)));

        Assert.Equal("USD", CashFlow.LastCurrency);
        Assert.Equal("Spent 165.50 USD last month 1,210.40 USD", Normalize(cut.Find("[data-testid=cf-spent]").TextContent));
        Assert.Equal("Money in 3,000.00 USD last month 0.00 USD", Normalize(cut.Find("[data-testid=cf-income]").TextContent));
        Assert.Equal("Loan and mortgage payments 350.00 USD last month 350.00 USD", Normalize(cut.Find("[data-testid=cf-debt]").TextContent));
        // Largest in either month first; each row says both months in words.
        var rows = cut.FindAll("[data-testid=cf-category]");
        Assert.Equal(["Rent", "Groceries", "Dining"], rows.Select(r => r.GetAttribute("data-category")));
        Assert.Equal("Groceries 120.00 USD last month 310.40 USD", Normalize(rows[1].TextContent));
        var thisMonthName = MonthStart().ToString("MMMM", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"Left out: 1 move between your own accounts in {thisMonthName} (400.00 USD)", cut.Find("[data-testid=cf-transfers]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Moves_left_out_say_which_months_they_were_booked_in()
    {
        var thisMonth = MonthStart().ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var lastMonth = MonthStart(1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        // Two moves late last month and none this month: "Spending this month" must not read as if they were this month's.
        CashFlow.ByOwner[FridaId] = new CashFlowComparison("USD", Today,
            new CashFlowMonth(thisMonth, [new("Groceries", 120m, 3)], [], 0m, 0, 0m, 0),
            new CashFlowMonth(lastMonth, [new("Groceries", 310.4m, 6)], [], 0m, 0, 967.58m, 2));

        var cut = RenderDashboard(Positions.WithGreenBank(Now, TimeSpan.FromHours(1)));

        var lastMonthName = MonthStart(1).ToString("MMMM", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"Left out: 2 moves between your own accounts in {lastMonthName} (967.58 USD), " +
                     "found as a payment out of one account and the same amount into another within three days.",
            Normalize(cut.Find("[data-testid=cf-transfers]").TextContent));

        CashFlow.ByOwner[FridaId] = CashFlow.ByOwner[FridaId] with { ThisMonth = CashFlow.ByOwner[FridaId].ThisMonth with { TransfersExcluded = 50m, TransferCount = 1 } };
        cut = RenderDashboard(Positions.WithGreenBank(Now, TimeSpan.FromHours(1)));

        Assert.StartsWith($"Left out: moves between your own accounts, 2 in {lastMonthName} (967.58 USD) and 1 in {MonthStart().ToString("MMMM", System.Globalization.CultureInfo.InvariantCulture)} (50.00 USD), found as",
            Normalize(cut.Find("[data-testid=cf-transfers]").TextContent), StringComparison.Ordinal);
    }

    [Fact]
    public void A_repayment_the_bank_has_not_booked_yet_is_shown_as_pending_under_the_booked_figure_not_read_as_none()
    {
        var thisMonth = MonthStart().ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var lastMonth = MonthStart(1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        // Early in the month: this month's instalment and two card payments are still pending, nothing is booked yet.
        CashFlow.ByOwner[FridaId] = new CashFlowComparison("USD", Today,
            new CashFlowMonth(thisMonth, [], [], 0m, 0, 0m, 0, new PendingCashFlow(64.2m, 2, 0m, 0, 1234.56m, 1)),
            new CashFlowMonth(lastMonth, [new("Groceries", 310.4m, 6)], [], 1234.56m, 1, 0m, 0));

        var cut = RenderDashboard(Positions.WithGreenBank(Now, TimeSpan.FromHours(1)));

        Assert.Equal("Loan and mortgage payments 0.00 USD + 1,234.56 USD pending (1 payment) last month 1,234.56 USD",
            Normalize(cut.Find("[data-testid=cf-debt]").TextContent));
        Assert.Equal("Spent 0.00 USD + 64.20 USD pending (2 payments) last month 310.40 USD", Normalize(cut.Find("[data-testid=cf-spent]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=cf-income-pending]"));
        Assert.EndsWith("booked payments in USD; payments your banks have not booked yet are shown apart, as pending.",
            Normalize(cut.Find("[data-testid=cash-flow] p").TextContent), StringComparison.Ordinal);
    }

    [Fact]
    public void With_nothing_booked_in_either_month_but_payments_pending_the_figures_are_shown_not_an_empty_panel()
    {
        var thisMonth = MonthStart().ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var lastMonth = MonthStart(1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        CashFlow.ByOwner[FridaId] = new CashFlowComparison("USD", Today,
            new CashFlowMonth(thisMonth, [], [], 0m, 0, 0m, 0, new PendingCashFlow(0m, 0, 0m, 0, 900m, 1)),
            new CashFlowMonth(lastMonth, [], [], 0m, 0, 0m, 0));

        var cut = RenderDashboard(Positions.WithGreenBank(Now, TimeSpan.FromHours(1)));

        Assert.Empty(cut.FindAll("[data-testid=no-cash-flow]"));
        Assert.Equal("+ 900.00 USD pending (1 payment)", Normalize(cut.Find("[data-testid=cf-debt-pending]").TextContent));
    }

    [Fact]
    public void Green_share_is_said_in_words_naming_each_account_or_loan_by_its_kind_and_bank_never_by_field_or_id()
    {
        var cut = RenderDashboard(Positions.WithGreenBank(Now, TimeSpan.FromHours(1)));

        Assert.Contains("62.9 % of your balances (7,825.00 USD)", cut.Find("[data-testid=green-balance-share]").TextContent, StringComparison.Ordinal);
        Assert.Contains("100.0 % of your debt (10,700.00 USD)", cut.Find("[data-testid=green-debt-share]").TextContent, StringComparison.Ordinal);
        Assert.Contains("divided by total balance and total debt", cut.Find("details [data-testid=green-method]").TextContent, StringComparison.Ordinal);
        var narratives = Normalize(cut.Find("[data-testid=green-narratives]").TextContent);
        Assert.Contains("Your savings account at Green Bank (7,825.00 USD):", narratives, StringComparison.Ordinal);
        Assert.Contains("Savings account focusing on sustainable banking at Green Bank", narratives, StringComparison.Ordinal);
        Assert.Contains("Your loan at Green Bank (10,700.00 USD):", narratives, StringComparison.Ordinal);
        var green = cut.Find("[data-testid=green]").TextContent;
        Assert.DoesNotContain("204515807", green, StringComparison.Ordinal);
        Assert.DoesNotContain("Narrative", green, StringComparison.Ordinal);
    }

    [Fact]
    public void With_nothing_described_as_green_the_panel_says_so_once_without_a_row_of_zero_shares()
    {
        var cut = RenderDashboard(Positions.WithGreenBank(Now, TimeSpan.FromHours(1)) with { Green = Positions.NoGreen with { BalanceShare = 0m, DebtShare = 0m } });

        Assert.StartsWith("None of your banks describes any of your accounts or loans as green yet",
            Normalize(cut.Find("[data-testid=no-narratives]").TextContent), StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=green-balance-share]"));
        Assert.Empty(cut.FindAll("[data-testid=green-debt-share]"));
        Assert.DoesNotContain("0.0 %", cut.Find("[data-testid=green]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recent_transactions_across_banks_mark_pending_ones_and_link_to_their_account()
    {
        await AddAsync(Transaction("T1", "Green Bank", "204515807", -42.10m, Now.AddDays(-2)));
        await AddAsync(Transaction("T2", "Donau Bank", "AT-99", -9.99m, Now.AddDays(-1), BookingStatuses.Pending, "Cafe Sacher", "Eating out"));
        await AddAsync(Transaction("T3", "Green Bank", "204515807", 2500m, Now.AddDays(-3), description: "Salary", category: null));
        // Donau Bank still lists the account of T2; Green Bank no longer lists the one of T1 and T3 (their transactions are kept).
        var donauAccount = TestDocuments.Account(FridaId, "Donau Bank", "AT-99", 100m);
        await AddAsync(donauAccount);

        var cut = RenderDashboard(Positions.WithGreenBank(Now, TimeSpan.FromHours(1)));

        var rows = cut.FindAll("[data-testid=recent-row]");
        Assert.Equal(3, rows.Count);
        Assert.Contains("Cafe Sacher", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Equal("true", rows[0].QuerySelector("[data-testid=booking-status]")!.GetAttribute("data-pending"));
        Assert.Contains("Pending", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Equal("-9.99\u00A0USD", rows[0].QuerySelector(".tx-amount")!.TextContent.Trim());
        Assert.Equal("false", rows[1].QuerySelector("[data-testid=booking-status]")!.GetAttribute("data-pending"));
        Assert.DoesNotContain("Pending", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Equal("+2,500.00\u00A0USD", rows[2].QuerySelector(".tx-amount")!.TextContent.Trim());
        // The link is by the account's reference, never by the bank's id for it (at some banks the full account number).
        Assert.Equal($"accounts/{donauAccount.Id}", rows[0].QuerySelector("a")!.GetAttribute("href"));
        Assert.Null(rows[1].QuerySelector("a"));
        Assert.Contains("Green Bank", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("See all 3 transactions", cut.Find("[data-testid=all-transactions]").TextContent, StringComparison.Ordinal);
        var (owner, filter) = Assert.Single(TransactionQuery.Finds);
        Assert.Equal((FridaId, 1, DashboardSnapshot.RecentCount), (owner, filter.Page, filter.PageSize));
        Assert.Null(filter.Search);
        Assert.Null(filter.Bank);
    }

    [Fact]
    public void Without_payments_the_money_panel_and_the_transactions_say_so()
    {
        var cut = RenderDashboard(Positions.WithGreenBank(Now, TimeSpan.FromHours(1)));

        // "Other banks", not "linked banks": the same words stand for a bank disconnected with its data kept.
        Assert.StartsWith("No booked payments from your other banks in", Normalize(cut.Find("[data-testid=no-cash-flow]").TextContent), StringComparison.Ordinal);
        Assert.Equal("No transactions from your other banks yet.", cut.Find("[data-testid=no-transactions]").TextContent.Trim());
    }

    [Fact]
    public void Spending_this_month_says_the_customers_own_Leafy_Bank_payments_are_not_in_it()
    {
        var cut = RenderDashboard(Positions.WithGreenBank(Now, TimeSpan.FromHours(1)));

        // Where the figure is, in the Transactions page's words: "Spent" is not all of the customer's spending.
        var panel = cut.Find("[data-testid=cash-flow]");
        Assert.Equal("From your other banks only: your Leafy Bank accounts' own payments are not included; they are on your Leafy Bank statements.",
            Normalize(panel.QuerySelector("[data-testid=cf-leafy-bank-left-out]")!.TextContent));
    }

    [Fact]
    public void A_customer_with_no_Leafy_Bank_account_is_not_told_of_its_payments()
    {
        var position = Positions.WithGreenBank(Now, TimeSpan.FromHours(1));
        var cut = RenderDashboard(position with { ByInstitution = [.. position.ByInstitution.Where(i => !i.Internal)] });

        Assert.NotNull(cut.Find("[data-testid=cash-flow]"));
        Assert.Empty(cut.FindAll("[data-testid=cf-leafy-bank-left-out]"));
    }

    private static string Normalize(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
