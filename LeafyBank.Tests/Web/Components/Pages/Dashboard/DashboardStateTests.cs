using LeafyBank.Web.Components.Formatting;
using DashboardPage = LeafyBank.Web.Components.Pages.Dashboard.Dashboard;

namespace LeafyBank.Tests.Web.Components.Pages.Dashboard;

/// <summary>The dashboard in each of its states, rendered from hand-built positions.</summary>
public sealed class DashboardStateTests : PersonasTestContext
{
    private static string Text(IRenderedComponent<DashboardPage> cut, string testId) =>
        cut.Find($"[data-testid={testId}]").TextContent;

    [Fact]
    public void Shows_a_loading_state_until_the_position_is_read()
    {
        PositionService.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var cut = Render<DashboardPage>();

        Assert.NotNull(cut.Find("[data-testid=dashboard-loading]"));
        Assert.Empty(cut.FindAll("[data-testid=welcome]"));

        PositionService.Gate.SetResult();
        cut.WaitForElement("[data-testid=welcome]");
        Assert.Empty(cut.FindAll("[data-testid=dashboard-loading]"));
    }

    [Fact]
    public void The_months_and_the_charts_today_are_counted_in_the_zone_the_page_shows_times_in_before_it_is_kept()
    {
        // 16:00 UTC is 01:00 the next day in Tokyo. Frida has no zone kept yet; her browser says Tokyo (at prerender, from its cookie).
        var utcDate = DateOnly.FromDateTime(Now).AddDays(1);
        Clock.SetUtcNow(new DateTimeOffset(utcDate.ToDateTime(new TimeOnly(16, 0)), TimeSpan.Zero));
        Services.GetRequiredService<LeafyBank.Web.Components.Formatting.CustomerTimeZone>().Use("Asia/Tokyo");
        PositionService.Set(FridaId, Positions.LeafyOnly());
        History.ByOwner[FridaId] = [new NetWorthPoint(utcDate.AddDays(-3), 1200m, false)];

        var cut = Render<DashboardPage>();
        cut.WaitForElement("[data-testid=welcome]");

        Assert.Equal("Asia/Tokyo", CashFlow.LastZone?.Id);
        var lastLabel = cut.FindAll("[data-testid=net-worth-history] .nw-days span")[^1].TextContent.Trim();
        Assert.Equal(utcDate.AddDays(1).ToString("d MMM", CultureInfo.InvariantCulture), lastLabel);
    }

    [Fact]
    public void An_unknown_customer_is_told_so_and_nothing_is_read()
    {
        SignInNonCustomer("someone-else");

        var cut = Render<DashboardPage>();

        cut.WaitForElement("[data-testid=unknown-customer]");
        Assert.Contains("someone-else", Text(cut, "unknown-customer"), StringComparison.Ordinal);
        Assert.Equal(0, PositionService.Calls);
        Assert.Empty(TransactionQuery.Finds);
    }

    [Fact]
    public void With_only_Leafy_Bank_accounts_it_shows_the_totals_live_and_invites_to_link_a_bank()
    {
        PositionService.Set(FridaId, Positions.LeafyOnly());

        var cut = Render<DashboardPage>();

        cut.WaitForElement("[data-testid=welcome]");
        Assert.Equal("Welcome, Frida Kahlo", Text(cut, "welcome").Trim());
        Assert.Contains("4,625.00 USD", Text(cut, "total-balance"), StringComparison.Ordinal);
        Assert.Contains("0.00 USD", Text(cut, "total-debt"), StringComparison.Ordinal);
        Assert.Contains("4,625.00 USD", Text(cut, "net-worth"), StringComparison.Ordinal);
        var invitation = cut.Find("[data-testid=no-links]");
        Assert.Equal("connections/new", cut.Find("[data-testid=link-a-bank]").GetAttribute("href"));
        Assert.Contains("Link", invitation.TextContent, StringComparison.Ordinal);
        // The button says what the page it opens is called ("Connect a bank"), as Accounts and Connections say it.
        Assert.Equal("Connect a bank", cut.Find("[data-testid=link-a-bank]").TextContent.Trim());
        var freshness = Assert.Single(cut.FindAll("[data-testid=institution-freshness]"));
        // Capitalised as the Accounts page and the freshness list say it.
        Assert.Equal("Live", freshness.TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=bank-stale]"));
        Assert.Empty(cut.FindAll("[data-testid=bank-failing]"));
        // Nothing linked, so no panels of nothing: no spending, loans, transactions or green share yet.
        foreach (var panel in new[] { "cash-flow", "loans", "recent-transactions", "green" })
        {
            Assert.Empty(cut.FindAll($"[data-testid={panel}]"));
        }
        Assert.NotNull(cut.Find("[data-testid=net-worth-history]"));
    }

    [Fact]
    public void A_customer_with_no_accounts_now_but_a_past_net_worth_sees_the_history_and_the_empty_institution_table()
    {
        SignInCustomer(Ada.UserName);
        History.ByOwner[Ada.UserId] = [new NetWorthPoint(Today.AddDays(-3), 1200m, false), new NetWorthPoint(Today.AddDays(-2), 1250m, false)];

        var cut = Render<DashboardPage>();

        cut.WaitForElement("[data-testid=no-institutions]");
        Assert.NotNull(cut.Find("[data-testid=no-links]"));
        Assert.NotNull(cut.Find("[data-testid=net-worth-history]"));
        Assert.Empty(cut.FindAll("[data-testid=all-accounts]"));
    }

    [Fact]
    public void With_a_linked_bank_updated_an_hour_ago_it_shows_both_institutions_and_when_each_was_read()
    {
        PositionService.Set(FridaId, Positions.WithGreenBank(Now, TimeSpan.FromHours(1)));

        var cut = Render<DashboardPage>();

        cut.WaitForElement("[data-testid=welcome]");
        Assert.Contains("12,450.00 USD", Text(cut, "total-balance"), StringComparison.Ordinal);
        Assert.Contains("10,700.00 USD", Text(cut, "total-debt"), StringComparison.Ordinal);
        Assert.Contains("1,750.00 USD", Text(cut, "net-worth"), StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=no-links]"));
        var rows = cut.FindAll("[data-testid=institution-row]");
        Assert.Equal(2, rows.Count);
        Assert.Contains("Green Bank", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("7,825.00 USD", rows[1].TextContent, StringComparison.Ordinal);
        var freshness = cut.FindAll("[data-testid=institution-freshness]");
        Assert.Equal([nameof(FreshnessStatus.Live), nameof(FreshnessStatus.Current)], freshness.Select(f => f.GetAttribute("data-status")));
        Assert.Equal("updated 1 hour ago", freshness[1].TextContent.Trim());
        Assert.Contains($"Last updated 1 hour ago ({LocalTime.Relative(Now.AddHours(-1), Now, TimeZoneInfo.Utc)})",
            cut.FindAll("[data-testid=freshness-item]")[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("1 linked bank", Text(cut, "totals-as-of"), StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=bank-stale]"));
        Assert.Empty(cut.FindAll("[data-testid=bank-failing]"));
    }

    [Fact]
    public void A_bank_not_updated_for_more_than_a_day_is_flagged_as_stale_in_words()
    {
        PositionService.Set(FridaId, Positions.WithGreenBank(Now, TimeSpan.FromHours(30)));

        var cut = Render<DashboardPage>();

        var alert = cut.WaitForElement("[data-testid=bank-stale]");
        Assert.Equal("Green Bank", alert.GetAttribute("data-bank"));
        Assert.Contains("Last updated 1 day ago", alert.TextContent, StringComparison.Ordinal);
        Assert.Contains("more than a day old", alert.TextContent, StringComparison.Ordinal);
        Assert.Equal("connections", cut.Find("[data-testid=bank-stale] [data-testid=fix-connection]").GetAttribute("href"));
        Assert.Equal(nameof(FreshnessStatus.Stale), cut.FindAll("[data-testid=institution-freshness]")[1].GetAttribute("data-status"));
    }

    [Fact]
    public void A_failing_bank_shows_its_last_error_in_words_and_a_link_to_connections()
    {
        const string error = "Green Bank did not answer in time. Leafy Bank will try again at 09:30 UTC.";
        PositionService.Set(FridaId, Positions.WithGreenBank(Now, TimeSpan.FromHours(3), lastError: error));

        var cut = Render<DashboardPage>();

        var alert = cut.WaitForElement("[data-testid=bank-failing]");
        Assert.Contains("Update failed 5 minutes ago", alert.TextContent, StringComparison.Ordinal);
        Assert.Contains(error, alert.TextContent, StringComparison.Ordinal);
        Assert.Contains("from the last good update, 3 hours ago", alert.TextContent, StringComparison.Ordinal);
        Assert.Equal("connections", alert.QuerySelector("[data-testid=fix-connection]")!.GetAttribute("href"));
        Assert.Equal(nameof(FreshnessStatus.Failing), cut.FindAll("[data-testid=institution-freshness]")[1].GetAttribute("data-status"));
    }

    [Fact]
    public void Multi_currency_totals_show_each_original_currency_its_rate_the_date_and_the_method_and_flag_what_could_not_be_converted()
    {
        var rates = new ExchangeRateInfo(new DateOnly(2026, 11, 2),
            "Converted at fixed reference rates as of 2026-11-02 (one unit of each currency valued in USD), not live market rates.",
            [new CurrencyRate("EUR", 1.085m), new CurrencyRate("USD", 1m)]);
        var position = Positions.LeafyOnly() with
        {
            TotalBalance = 5710m,
            NetWorth = 5710m,
            ByInstitution = [new("Leafy Bank", 4625m, 0m, true, 3, 0), new("Donau Bank", 1085m, 0m, false, 1, 0)],
            ByCurrency =
            [
                new CurrencyPosition("EUR", 1000m, 0m, 1.085m, 1085m, 0m),
                new CurrencyPosition("USD", 4625m, 0m, 1m, 4625m, 0m),
                new CurrencyPosition("XAU", 3m, 0m, null, null, null),
            ],
            Rates = rates,
            UnconvertedCurrencies = ["XAU"],
        };
        PositionService.Set(FridaId, position);

        var cut = Render<DashboardPage>();

        cut.WaitForElement("[data-testid=currencies]");
        var euro = cut.Find("[data-testid=currency-EUR]").TextContent;
        Assert.Contains("1,000.00 EUR", euro, StringComparison.Ordinal);
        Assert.Contains("1 EUR = 1.085 USD", euro, StringComparison.Ordinal);
        Assert.Contains("1,085.00 USD", euro, StringComparison.Ordinal);
        Assert.Contains("No rate: not in the totals", cut.Find("[data-testid=currency-XAU]").TextContent, StringComparison.Ordinal);
        var method = Text(cut, "rates-method");
        Assert.Equal("Converted at Leafy Bank's fixed reference rates of 2 Nov 2026, not today's market rates.", method.Trim());
        var unconverted = Text(cut, "unconverted-currencies");
        Assert.Contains("XAU", unconverted, StringComparison.Ordinal);
        Assert.Contains("Not included in the totals", unconverted, StringComparison.Ordinal);
        Assert.Contains("In 3 currencies, converted to USD", cut.Find("[data-testid=currencies]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void With_four_banks_linked_every_bank_has_one_line_in_the_accounts_pages_order_and_every_panel_is_there()
    {
        var oneBank = Positions.WithGreenBank(Now, TimeSpan.FromHours(1));
        string[] others = ["Donau Bank", "MongoDB Bank", "Thames Bank"];
        var position = oneBank with
        {
            ByInstitution = [.. oneBank.ByInstitution, .. others.Select(bank => new InstitutionPosition(bank, 1000m, 0m, false, 2, 0))],
            Freshness = [.. oneBank.Freshness, .. others.Select(bank => new InstitutionFreshness(bank, false, Now.AddHours(-2), Now.AddHours(-2), null))],
        };
        PositionService.Set(FridaId, position);

        var cut = Render<DashboardPage>();

        cut.WaitForElement("[data-testid=welcome]");
        // Leafy Bank first, then by name, as the Accounts page lists them: not by size (Green Bank holds the most here).
        Assert.Equal(["Leafy Bank", "Donau Bank", "Green Bank", "MongoDB Bank", "Thames Bank"],
            cut.FindAll("[data-testid=institution-row]").Select(r => r.GetAttribute("data-bank")));
        Assert.Empty(cut.FindAll("[data-testid=link-another]"));
        Assert.Empty(cut.FindAll("[data-testid=no-links]"));
        foreach (var panel in new[] { "net-worth-history", "institutions", "cash-flow", "loans", "recent-transactions", "green" })
        {
            Assert.NotNull(cut.Find($"[data-testid={panel}]"));
        }
    }
}
