using DashboardPage = LeafyBank.Web.Components.Pages.Dashboard.Dashboard;

namespace LeafyBank.Tests.Web.Components.Pages.Dashboard;

/// <summary>
/// The dashboard says only what is there: a bank disconnected or whose consent ended is neither
/// "linked" nor current, Leafy Bank accounts are not named when there are none, an empty position
/// says so plainly, and counts and bars read as they should.
/// </summary>
public sealed class DashboardWordingTests : PersonasTestContext
{
    private IRenderedComponent<DashboardPage> RenderDashboard(GlobalPosition position)
    {
        PositionService.Set(FridaId, position);
        var cut = Render<DashboardPage>();
        cut.WaitForElement("[data-testid=welcome]");
        return cut;
    }

    private static string Text(IRenderedComponent<DashboardPage> cut, string testId) =>
        System.Text.RegularExpressions.Regex.Replace(cut.Find($"[data-testid={testId}]").TextContent, @"\s+", " ").Trim();

    [Fact]
    public async Task A_bank_disconnected_with_its_data_kept_is_not_called_linked_nor_current()
    {
        await GreenBankConsentAsync(ConsentStatuses.TerminatedByTpp, Now.AddDays(-30), Now.AddDays(60), Now.AddDays(-1));

        var cut = RenderDashboard(Positions.WithGreenBank(Now, TimeSpan.FromDays(2)));

        Assert.Empty(cut.FindAll("[data-testid=link-another]"));
        var none = Text(cut, "none-linked");
        Assert.StartsWith("No bank linked now (Green Bank's data is kept read-only).", none, StringComparison.Ordinal);
        Assert.Equal("connections/new", cut.Find("[data-testid=none-linked] a").GetAttribute("href"));
        Assert.Equal("Connect a bank", cut.Find("[data-testid=none-linked] a").TextContent.Trim());
        var caption = Text(cut, "totals-as-of");
        Assert.EndsWith($"from your Leafy Bank accounts (live) and Green Bank's kept data (disconnected, no longer updated; figures as of {DayFormat.Of(Now.AddDays(-2))}).",
            caption, StringComparison.Ordinal);
        Assert.DoesNotContain("linked bank", caption, StringComparison.Ordinal);
        Assert.DoesNotContain("last updated", caption, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ConsentStatuses.RevokedByPsu, "consent revoked at the bank", "Green Bank's consent was revoked at the bank; its data is kept, not updated")]
    [InlineData(ConsentStatuses.Valid, "consent expired", "Green Bank's consent expired; its data is kept, not updated")]
    public async Task A_bank_whose_consent_ended_is_said_to_be_no_longer_updated(string consentStatus, string because, string clause)
    {
        // A valid consent whose end passed two days ago has expired; a revoked one ended at the bank.
        await GreenBankConsentAsync(consentStatus, Now.AddDays(-90), consentStatus == ConsentStatuses.Valid ? Now.AddDays(-2) : Now.AddDays(60), Now.AddDays(-2));

        var cut = RenderDashboard(Positions.WithGreenBank(Now, TimeSpan.FromHours(50), lastError: "Green Bank no longer accepts Leafy Bank's access."));

        var caption = Text(cut, "totals-as-of");
        Assert.EndsWith($"from your Leafy Bank accounts (live) and Green Bank's data ({because}, no longer updated; figures as of {DayFormat.Of(Now.AddHours(-50))}).", caption, StringComparison.Ordinal);
        Assert.DoesNotContain("linked bank", caption, StringComparison.Ordinal);
        Assert.StartsWith($"No bank linked now ({clause}).", Text(cut, "none-linked"), StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=link-another]"));
    }

    [Fact]
    public async Task A_bank_linked_and_updated_is_one_linked_bank_as_of_its_last_update()
    {
        await GreenBankConsentAsync(ConsentStatuses.Valid, Now.AddDays(-30), Now.AddDays(80), Now.AddDays(-30));

        var cut = RenderDashboard(Positions.WithGreenBank(Now, TimeSpan.FromHours(1)));

        Assert.EndsWith("from your Leafy Bank accounts (live) and 1 linked bank last updated 1 hour ago.", Text(cut, "totals-as-of"), StringComparison.Ordinal);
        Assert.StartsWith("One bank linked.", Text(cut, "link-another"), StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=none-linked]"));
    }

    [Fact]
    public async Task Without_Leafy_Bank_accounts_neither_the_caption_nor_the_heading_names_them()
    {
        await ConnectedAsync(GreenBank, daysLeft: 80, lastSuccess: Now.AddMinutes(-1), owner: Ada);
        var savings = Account(Ada, "Green Bank", "204515807", AccountTypes.Savings, 7825m, "USD");
        savings.Source!.ConsentId = "consent-greenbank-adalove";
        await AddAsync(savings);
        SignInCustomer(Ada.UserName);

        var cut = Render<DashboardPage>();
        cut.WaitForElement("[data-testid=welcome]");

        Assert.EndsWith("from 1 linked bank last updated 1 minute ago.", Text(cut, "totals-as-of"), StringComparison.Ordinal);
        Assert.Equal("What you have and owe at your other banks.", Text(cut, "position-scope"));
        Assert.DoesNotContain("Leafy Bank accounts", cut.Find("[data-testid=position-totals]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_position_says_there_is_nothing_yet_offers_to_link_a_bank_and_draws_no_empty_section()
    {
        SignInCustomer(Ada.UserName);
        var cut = Render<DashboardPage>();
        cut.WaitForElement("[data-testid=welcome]");

        var invitation = cut.Find("[data-testid=no-links]");
        Assert.Contains("Nothing here yet", invitation.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Only your Leafy Bank accounts", cut.Markup, StringComparison.Ordinal);
        Assert.Equal("connections/new", cut.Find("[data-testid=link-a-bank]").GetAttribute("href"));
        Assert.Contains("You have no Leafy Bank accounts and no bank linked", invitation.TextContent, StringComparison.Ordinal);
        // Said once, in the invitation: no caption naming sources there are none of, no panels of nothing.
        Assert.Empty(cut.FindAll("[data-testid=totals-as-of]"));
        Assert.Empty(cut.FindAll("[data-testid=net-worth-history], [data-testid=institutions]"));
        Assert.Equal("What you have and owe, in one place.", Text(cut, "position-scope"));
        Assert.Empty(cut.FindAll("[data-testid=freshness]"));
        Assert.Empty(cut.FindAll("#freshness-heading"));
        Assert.Empty(cut.FindAll("ul:empty"));
    }

    [Fact]
    public void With_Leafy_Bank_accounts_and_no_bank_the_invitation_still_says_only_Leafy_Bank_so_far()
    {
        var cut = RenderDashboard(Positions.LeafyOnly());

        Assert.Contains("Only your Leafy Bank accounts so far", Text(cut, "no-links"), StringComparison.Ordinal);
        Assert.EndsWith("from your Leafy Bank accounts (live).", Text(cut, "totals-as-of"), StringComparison.Ordinal);
        Assert.Equal("What you have and owe at Leafy Bank.", Text(cut, "position-scope"));
    }

    [Fact]
    public void One_currency_other_than_the_base_is_said_in_the_singular_by_name()
    {
        var position = Positions.LeafyOnly() with
        {
            ByCurrency = [new CurrencyPosition("GBP", 3600m, 0m, 1.2847m, 4625m, 0m)],
        };

        var cut = RenderDashboard(position);

        var title = Text(cut, "currencies");
        Assert.StartsWith("All in GBP, converted to USD", title, StringComparison.Ordinal);
        Assert.DoesNotContain("1 currencies", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Totals_in_another_currency_give_each_rate_as_one_unit_and_never_name_the_rate_tables_reference_currency()
    {
        // Totals in EUR over pounds and dollars; the rate table values currencies in USD, which the customer never chose.
        var position = Positions.LeafyOnly() with
        {
            Currency = "EUR",
            ByCurrency =
            [
                new CurrencyPosition("GBP", 100m, 0m, 1.193548m, 119.35m, 0m),
                new CurrencyPosition("USD", 100m, 0m, 0.921659m, 92.17m, 0m),
            ],
        };

        var cut = RenderDashboard(position);

        Assert.Contains("1 GBP = 1.1935 EUR", cut.Find("[data-testid=currency-GBP]").TextContent, StringComparison.Ordinal);
        Assert.Contains("1 USD = 0.9217 EUR", cut.Find("[data-testid=currency-USD]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("USD", Text(cut, "rates-method"), StringComparison.Ordinal);
    }

    [Fact]
    public void With_everything_in_the_totals_currency_there_is_no_conversion_panel_to_open()
    {
        var position = Positions.LeafyOnly() with { ByCurrency = [new CurrencyPosition("USD", 4625m, 0m, 1m, 4625m, 0m)] };

        var cut = RenderDashboard(position);

        Assert.Empty(cut.FindAll("[data-testid=currencies]"));
        Assert.NotNull(cut.Find("[data-testid=net-worth]"));
    }

    [Fact]
    public void The_category_bars_have_a_key_naming_both_months()
    {
        var thisMonth = MonthStart().ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var lastMonth = MonthStart(1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        CashFlow.ByOwner[FridaId] = new CashFlowComparison("USD", Today,
            new CashFlowMonth(thisMonth, [], [], 0m, 0, 0m, 0),
            new CashFlowMonth(lastMonth, [new("Rent", 900m, 1)], [], 0m, 0, 0m, 0));

        var cut = RenderDashboard(Positions.WithGreenBank(Now, TimeSpan.FromHours(1)));

        var thisMonthName = MonthStart().ToString("MMMM", CultureInfo.InvariantCulture);
        var lastMonthName = MonthStart(1).ToString("MMMM", CultureInfo.InvariantCulture);
        var keys = cut.FindAll("[data-testid=cf-legend] .cf-key");
        Assert.Equal([$"{thisMonthName} so far", $"last month ({lastMonthName})"], keys.Select(k => k.TextContent.Trim()));
        Assert.NotNull(keys[0].QuerySelector(".cf-bar-now"));
        Assert.NotNull(keys[1].QuerySelector(".cf-bar-before"));
    }
}
