using LeafyBank.Tests.Core.Analytics;
using LeafyBank.Web.Components.Pages.Analytics;

namespace LeafyBank.Tests.Web.Components.Pages.Analytics;

/// <summary>The analyst's page over a real embedded store holding <see cref="AnalyticsDataSet"/>: normal, suppressed and empty.</summary>
public sealed class AnalyticsPageTests : MudTestContext
{
    private readonly CountingAnalyticsQuery counting;
    private readonly BunitPersistentComponentState persistentState;

    public AnalyticsPageTests()
    {
        counting = new CountingAnalyticsQuery(Store);
        Services.AddSingleton<IBankDirectory>(new FixedBankDirectory(
            new BankDirectoryEntry("greenbank", "Green Bank", BankDialects.GreenBank, new Uri("http://localhost/sandbox/greenbank"), new Uri("http://localhost/sandbox/greenbank/api/accounts")),
            new BankDirectoryEntry("donaubank", "Donau Bank", BankDialects.BerlinGroup, new Uri("http://localhost/sandbox/donaubank"), new Uri("http://localhost/sandbox/donaubank/v1/accounts"))));
        persistentState = AddBunitPersistentComponentState();
        Authorization.SetAuthorized("Ana Lytics");
    }

    private IRenderedComponent<AnalyticsPage> RenderWith(int minimumCustomers, string? address = null)
    {
        Services.AddSingleton(new CrossCustomerAnalytics(counting, AnalyticsDataSet.Rates, new AnalyticsSettings(minimumCustomers), new FixedClock()));
        if (address is not null)
        {
            Services.GetRequiredService<NavigationManager>().NavigateTo(address);
        }
        var cut = Render<AnalyticsPage>();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=analytics-loading]")));
        return cut;
    }

    [Fact]
    public async Task Shows_the_figures_the_chart_and_its_text_equivalent_with_the_minimum_stated()
    {
        var cancel = Xunit.TestContext.Current.CancellationToken;
        await AnalyticsDataSet.LoadAsync(Store, cancel);
        // A second customer at Thames Bank and a second borrower at Donau Bank: with k = 2 no bank figure is suppressed.
        await Store.Collection(OpenFinanceCollections.ExternalAccounts).UpsertAsync(
            AnalyticsDataSet.Account(AnalyticsDataSet.U(6), "Thames Bank", "GB-6001", "Checking", 100m, "GBP", green: false), cancel);
        await Store.Collection(OpenFinanceCollections.ExternalProducts).UpsertAsync(
            AnalyticsDataSet.Product(AnalyticsDataSet.U(5), "Donau Bank", "DL-5001", "Loan", 500m, "EUR", green: false), cancel);

        var cut = RenderWith(minimumCustomers: 2);

        Assert.Equal("2 customers", cut.Find("[data-testid=k-minimum] strong").TextContent);
        Assert.Equal("8,580.00 USD", cut.Find("[data-testid=total-deposits] .analytics-part").TextContent);
        Assert.Equal("6 customers", cut.Find("[data-testid=total-deposits] [data-testid=figure-customers]").TextContent);
        Assert.Empty(cut.Find("[data-testid=by-bank]").QuerySelectorAll("[data-testid=suppressed]"));
        var banks = cut.Find("[data-testid=by-bank]").TextContent;
        Assert.Contains("Green Bank", banks, StringComparison.Ordinal);
        Assert.Contains("3,800.00 USD (3 customers)", banks, StringComparison.Ordinal);
        Assert.Contains("3,740.00 USD (3 customers)", banks, StringComparison.Ordinal);
        Assert.Contains("1,040.00 USD (2 customers)", banks, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("[data-testid=bank-chart] svg"));
        // The axis ticks are bare numbers ("2M"); the legend beside the bars names the currency.
        Assert.Contains("Deposits, USD", cut.Find("[data-testid=bank-chart]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Debt, USD", cut.Find("[data-testid=bank-chart]").TextContent, StringComparison.Ordinal);
        var chartText = cut.Find("[data-testid=bank-chart-text]").TextContent;
        Assert.Contains("Green Bank: deposits 3,800.00 USD (3 customers); debt 107,000.00 USD (3 customers).", chartText, StringComparison.Ordinal);
        Assert.Contains("Donau Bank", cut.Find("[data-testid=connection-health]").TextContent, StringComparison.Ordinal);
        // 4,540 of 8,580 USD of deposits are green.
        Assert.Contains("52.9%", cut.Find("[data-testid=green-share]").TextContent, StringComparison.Ordinal);
        Assert.Contains("XAU", cut.Find("[data-testid=unconverted]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_green_share_heading_and_its_explanation_sit_in_the_toolbar_that_grows_with_them()
    {
        await AnalyticsDataSet.LoadAsync(Store, Xunit.TestContext.Current.CancellationToken);

        var cut = RenderWith(minimumCustomers: 2);

        // The page's stylesheet lets this box's table toolbar grow: at its fixed height a phone cut the two-line heading off.
        var toolbar = cut.Find(".analytics-described-table > [data-testid=green-share] .mud-table-toolbar");
        Assert.Equal("Green share", toolbar.QuerySelector("h2")!.TextContent.Trim());
        Assert.Contains("a bank describes as green", toolbar.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hidden_groups_say_why_in_plain_words_and_never_show_their_numbers()
    {
        await AnalyticsDataSet.LoadAsync(Store, Xunit.TestContext.Current.CancellationToken);

        var cut = RenderWith(minimumCustomers: 3);

        var explanation = cut.Find("[data-testid=k-minimum]").TextContent;
        Assert.Contains("To protect customers' privacy, a figure is shown only when it covers at least", explanation, StringComparison.Ordinal);
        Assert.Contains("3 customers", explanation, StringComparison.Ordinal);
        var banks = cut.Find("[data-testid=by-bank]");
        Assert.Contains("hidden: fewer than 3 customers", banks.TextContent, StringComparison.Ordinal);
        Assert.Contains("hidden: would reveal a group under 3", banks.TextContent, StringComparison.Ordinal);
        var reasons = banks.QuerySelectorAll("[data-testid=suppressed]").Select(cell => cell.GetAttribute("title")).ToList();
        Assert.Contains(reasons, reason => reason!.Contains("this group has fewer than 3 customers", StringComparison.Ordinal));
        Assert.Contains(reasons, reason => reason!.Contains("would let a group of fewer than 3 customers be worked out", StringComparison.Ordinal));
        // The report's own wording (and its field-like "suppressed:" prefix) stays off the page.
        Assert.DoesNotContain("suppressed", string.Concat(cut.Nodes.Select(node => node.TextContent)), StringComparison.OrdinalIgnoreCase);
        // Thames Bank's one customer: 700 GBP = 910 USD appears nowhere, nor Donau's 3,740 (complementary suppression).
        Assert.DoesNotContain("910.00", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("3,740.00", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("Thames Bank: deposits hidden: fewer than 3 customers", cut.Find("[data-testid=bank-chart-text] .visually-hidden").TextContent, StringComparison.Ordinal);
        // Seen, the caption is one short line; the figures bar by bar are for screen readers (the table above shows them).
        Assert.DoesNotContain("Thames Bank", cut.Find("[data-testid=bank-chart-caption]").TextContent, StringComparison.Ordinal);
        // A product whose amount is hidden says its count is hidden too, rather than leaving the cell blank.
        Assert.All(cut.FindAll("[data-testid=product-mix] tbody tr").Where(row => row.QuerySelector("[data-testid=suppressed]") is not null),
            row => Assert.NotNull(row.QuerySelector("[data-testid=held-hidden]")));
        Assert.Contains("Green Bank", banks.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hidden_cell_shows_a_word_as_short_as_a_number_and_reads_out_why_it_is_hidden()
    {
        await AnalyticsDataSet.LoadAsync(Store, Xunit.TestContext.Current.CancellationToken);

        var cut = RenderWith(minimumCustomers: 3);

        // "hidden: fewer than 3 customers" in every cell wrapped to two lines at phone width, out of line with the numbers.
        var cells = cut.Find("[data-testid=by-bank]").QuerySelectorAll("[data-testid=suppressed]");
        var shown = cells.Select(cell => (Word: cell.QuerySelector("[data-testid=hidden-word]")?.TextContent, Reason: cell.QuerySelector(".visually-hidden")?.TextContent)).ToList();
        Assert.Contains(("hidden", ": fewer than 3 customers"), shown);
        Assert.Contains(("also hidden", ": would reveal a group under 3"), shown);
        Assert.All(cells, cell => Assert.Equal(cell.QuerySelector("[data-testid=hidden-word]")!.TextContent + cell.QuerySelector(".visually-hidden")!.TextContent,
            cell.TextContent));
        // The two words are explained once, above the tables.
        Assert.Contains("one more cell may say also hidden", cut.Find("[data-testid=k-minimum]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_amount_and_its_customers_stay_whole_and_a_narrow_cell_breaks_before_a_bracket_never_before_a_separator()
    {
        await AnalyticsDataSet.LoadAsync(Store, Xunit.TestContext.Current.CancellationToken);

        var cut = RenderWith(minimumCustomers: 2);

        var cell = cut.Find("[data-testid=by-bank] tbody tr [data-testid=figure]:not(:only-child), [data-testid=by-bank] tbody td:nth-child(3) [data-testid=figure]");
        var parts = cell.QuerySelectorAll(".analytics-part").Select(part => part.TextContent.Trim()).ToList();
        Assert.Equal(2, parts.Count);
        Assert.EndsWith(" USD", parts[0], StringComparison.Ordinal);
        // "· 3 customers" opened the second line wherever the pair wrapped; a bracket reads as the aside it is.
        Assert.Matches(@"^\(\d+ customers?\)$", parts[1]);
        Assert.Equal($"{parts[0]} {parts[1]}", cell.TextContent);
        Assert.DoesNotContain("·", cut.Find("[data-testid=by-bank]").TextContent, StringComparison.Ordinal);
        // A count is one number.
        Assert.Equal("5", Assert.Single(cut.Find("[data-testid=total-customers] [data-testid=figure]").QuerySelectorAll(".analytics-part")).TextContent);
    }

    [Fact]
    public async Task A_summary_card_puts_the_customers_on_a_line_of_their_own_under_the_amount_without_a_separator()
    {
        await AnalyticsDataSet.LoadAsync(Store, Xunit.TestContext.Current.CancellationToken);

        var cut = RenderWith(minimumCustomers: 2);

        foreach (var card in new[] { "total-deposits", "total-debt" })
        {
            var figure = cut.Find($"[data-testid={card}] [data-testid=figure]");
            Assert.EndsWith(" USD", figure.QuerySelector(".analytics-part")!.TextContent, StringComparison.Ordinal);
            // Its own block (FigureText.razor.css), so at any width the card shows the amount, then the customers.
            Assert.Equal("analytics-customers-below", figure.QuerySelector("[data-testid=figure-customers]")!.ClassName);
            Assert.Matches(@"^\d+ customers?$", figure.QuerySelector("[data-testid=figure-customers]")!.TextContent);
            Assert.DoesNotContain("·", figure.TextContent, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Connection_health_explains_under_the_table_why_a_state_is_also_hidden_beside_a_total_that_is_shown()
    {
        // Five active, one whose consent has ended: showing the five would give the one away.
        await LinkedAtDonauAsync(expired: 1);

        var cut = RenderWith(minimumCustomers: 5);

        var row = cut.Find("[data-testid=connection-health] tbody tr");
        Assert.Contains("Donau Bank", row.TextContent, StringComparison.Ordinal);
        Assert.Equal("6", row.QuerySelectorAll("td")[1].TextContent.Trim());
        Assert.Equal("also hidden", row.QuerySelectorAll("td")[2].QuerySelector("[data-testid=hidden-word]")!.TextContent);
        var note = string.Join(' ', cut.Find("[data-testid=connection-health-also-hidden]").TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("a bank's four states add up to its connections", note, StringComparison.Ordinal);
        Assert.Contains("Where a state is hidden because it covers fewer than 5 customers, one more is hidden with it", note, StringComparison.Ordinal);
        Assert.Contains("subtracting the states shown from the total would give the hidden one away", note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_also_hidden_state_connection_health_carries_no_note()
    {
        await LinkedAtDonauAsync(expired: 0);

        var cut = RenderWith(minimumCustomers: 5);

        Assert.Equal("6", cut.Find("[data-testid=connection-health] tbody tr").QuerySelectorAll("td")[2].TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=connection-health-also-hidden]"));
    }

    /// <summary>Six customers linked at Donau Bank, the last <paramref name="expired"/> of them with a consent that has ended.</summary>
    private async Task LinkedAtDonauAsync(int expired)
    {
        var now = AnalyticsDataSet.Now;
        for (var n = 1; n <= 6; n++)
        {
            await Store.Collection(OpenFinanceCollections.Consents).UpsertAsync(
                TestDocuments.Consent(AnalyticsDataSet.U(n), "donaubank", $"consent-{n}", now.AddDays(-30), now.AddDays(n > 6 - expired ? -1 : 60)),
                Xunit.TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task With_fewer_customers_in_all_than_the_minimum_it_says_once_why_everything_is_hidden_and_when_figures_appear()
    {
        // The data set's five customers, one short of the minimum.
        await AnalyticsDataSet.LoadAsync(Store, Xunit.TestContext.Current.CancellationToken);

        var cut = RenderWith(minimumCustomers: 6);
        var tooFew = cut.Find("[data-testid=analytics-too-few]").TextContent;

        Assert.Contains("Fewer than 6 customers have linked data at other banks so far, so every figure below is hidden.", tooFew, StringComparison.Ordinal);
        // What the analyst will see, in their words.
        Assert.Contains("Once at least 6 customers have connected banks, this page shows their deposits and debt at other banks, bank by bank", tooFew, StringComparison.Ordinal);
        // The suite signs in at the development provider, as the demo does: the way to more customers is named, for whoever runs it, after that.
        var hint = cut.Find("[data-testid=analytics-too-few] [data-testid=analytics-demo-hint]").TextContent.Trim();
        Assert.StartsWith("Running this demo yourself?", hint, StringComparison.Ordinal);
        Assert.Contains("seed-demo", hint, StringComparison.Ordinal);
        Assert.DoesNotContain("seed-demo", tooFew[..tooFew.IndexOf(hint, StringComparison.Ordinal)], StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_enough_customers_in_all_there_is_no_everything_hidden_notice()
    {
        await AnalyticsDataSet.LoadAsync(Store, Xunit.TestContext.Current.CancellationToken);

        Assert.Empty(RenderWith(minimumCustomers: 5).FindAll("[data-testid=analytics-too-few]"));
    }

    [Fact]
    public void Says_there_is_nothing_to_aggregate_when_no_customer_has_linked_a_bank()
    {
        var cut = RenderWith(minimumCustomers: 5);

        var empty = cut.Find("[data-testid=analytics-empty]").TextContent;
        Assert.Contains("No customer has linked a bank yet, so there is nothing to count. Once customers connect their banks, this page shows", empty, StringComparison.Ordinal);
        Assert.Contains("Running this demo yourself?", cut.Find("[data-testid=analytics-empty] [data-testid=analytics-demo-hint]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("imported", empty, StringComparison.Ordinal);
        Assert.Equal("5 customers", cut.Find("[data-testid=k-minimum] strong").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=by-bank]"));
    }

    [Fact]
    public void An_analyst_sent_here_from_a_customer_page_is_told_why_once()
    {
        var cut = RenderWith(minimumCustomers: 5, AnalyticsPage.SentFromCustomerPageAddress);
        var navigation = Services.GetRequiredService<NavigationManager>();

        var notice = string.Join(' ', cut.Find("[data-testid=sent-from-customer-page]").TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("are for customers. You are signed in as an analyst, so you see the anonymised analytics instead.", notice, StringComparison.Ordinal);
        // The reason leaves the address, so a reload or a bookmark does not say it again; the notice stays in sight.
        cut.WaitForAssertion(() => Assert.Equal(navigation.BaseUri + "analytics", navigation.Uri));
        Assert.NotNull(cut.Find("[data-testid=sent-from-customer-page]"));
    }

    [Fact]
    public void An_analyst_who_opens_the_analytics_is_told_nothing_about_customer_pages()
    {
        var cut = RenderWith(minimumCustomers: 5);

        Assert.Empty(cut.FindAll("[data-testid=sent-from-customer-page]"));
    }

    [Fact]
    public async Task The_prerender_aggregates_once_and_the_interactive_render_reuses_its_report()
    {
        await AnalyticsDataSet.LoadAsync(Store, Xunit.TestContext.Current.CancellationToken);
        Services.AddSingleton(new CrossCustomerAnalytics(counting, AnalyticsDataSet.Rates, new AnalyticsSettings(2), new FixedClock()));

        // The prerender: aggregates, renders, and hands its report to the page it sends.
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        var prerendered = Render<AnalyticsPage>();
        prerendered.WaitForElement("[data-testid=total-deposits]");
        persistentState.TriggerOnPersisting();
        Assert.True(persistentState.TryTake<AnalyticsPageState>(AnalyticsPage.StateKey, out var persisted));
        persistentState.Persist(AnalyticsPage.StateKey, persisted!);

        // The interactive render: the same figures and bank names, without a second aggregation.
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var interactive = Render<AnalyticsPage>();

        interactive.WaitForElement("[data-testid=total-deposits]");
        Assert.Equal(1, counting.AnalyticsCalls);
        Assert.Equal(prerendered.Find("[data-testid=total-deposits]").TextContent, interactive.Find("[data-testid=total-deposits]").TextContent);
        Assert.Equal(prerendered.Find("[data-testid=by-bank]").TextContent, interactive.Find("[data-testid=by-bank]").TextContent);
        Assert.Contains("Donau Bank", interactive.Find("[data-testid=connection-health]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(interactive.Find("[data-testid=bank-chart] svg"));
    }

    [Fact]
    public async Task Without_a_prerendered_report_the_page_aggregates_once_itself()
    {
        await AnalyticsDataSet.LoadAsync(Store, Xunit.TestContext.Current.CancellationToken);

        var cut = RenderWith(minimumCustomers: 2);

        Assert.NotNull(cut.Find("[data-testid=total-deposits]"));
        Assert.Equal(1, counting.AnalyticsCalls);
    }

    [Theory]
    [InlineData(10_485_760, 5_000_000)]
    [InlineData(8_580, 2_000)]
    [InlineData(3, 1)]
    public void The_chart_axis_steps_are_round_numbers_giving_about_five_ticks(double largest, int step) =>
        Assert.Equal(step, AnalyticsFormat.AxisStep(largest));

    [Theory]
    [InlineData(0, "0")]
    [InlineData(950, "950")]
    [InlineData(20_000, "20k")]
    [InlineData(12_500, "12.5k")]
    [InlineData(1_500_000, "1.5M")]
    public void The_chart_axis_labels_are_short_enough_for_the_axis(double value, string label) =>
        Assert.Equal(label, AnalyticsFormat.AxisLabel(value));

    private sealed class FixedClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(AnalyticsDataSet.Now);
    }
}
