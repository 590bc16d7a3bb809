using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LeafyBank.Tests.Browser;

/// <summary>
/// Issue 5 in a real browser: Grace links Green Bank and Donau Bank through the pages, then her
/// dashboard shows the position service's figures (totals, accounts by bank, net worth over time,
/// loans with payments, green narratives, recent transactions, money in and out), the
/// transactions page searches and pages, an open dashboard follows a "Sync now" without a reload,
/// the dashboard fits a phone, and analytics is for analysts only. The two banks are linked once
/// per class (by whichever journey runs first) and shared: connecting is the slow part.
/// </summary>
public sealed class DashboardJourneyTests(BrowserApp app, Chromium chromium) : BrowserTest(app, chromium)
{
    private static readonly PartyReference Grace = new() { UserId = ObjectId.Parse("66fe219d625d93a100528224"), UserName = "gracehop" };

    [Fact]
    public Task Grace_links_two_banks_and_her_dashboard_shows_every_part_of_the_position() => RunJourneyAsync(async page =>
    {
        await SignInAsGraceWithTwoBanksAsync(page);
        var position = await PositionAsync();
        await GotoAndWaitForCircuitAsync("/dashboard");
        await Expect(page.GetByTestId("welcome")).ToHaveTextAsync("Welcome, Grace Hopper");

        // Totals: the position service's figures, with the currencies and the configured rate table.
        await Expect(page.GetByTestId("total-balance")).ToContainTextAsync(Money(position.TotalBalance));
        await Expect(page.GetByTestId("total-debt")).ToContainTextAsync(Money(position.TotalDebt));
        await Expect(page.GetByTestId("net-worth")).ToContainTextAsync(Money(position.NetWorth));
        await Expect(page.GetByTestId("currency-EUR")).ToContainTextAsync(DashboardFormat.Rate("EUR", position.ByCurrency.Single(c => c.Currency == "EUR").RateToBase!.Value, position.Currency));
        await Expect(page.GetByTestId("rates-method")).ToContainTextAsync(DashboardFormat.Day(position.Rates.AsOf));
        await Expect(page.GetByTestId("no-links")).ToHaveCountAsync(0);

        // Accounts by bank: Leafy Bank and both banks, each with its figures and as-of.
        foreach (var institution in position.ByInstitution)
        {
            var row = page.GetByTestId("institution-row").Filter(new() { HasTextString = institution.Bank });
            await Expect(row).ToHaveCountAsync(1);
            await Expect(row).ToContainTextAsync(Money(institution.Balance));
            if (institution.Debt != 0)
            {
                await Expect(row).ToContainTextAsync(Money(institution.Debt));
            }
        }
        Assert.Contains(position.ByInstitution, i => i.Bank == "Green Bank");
        Assert.Contains(position.ByInstitution, i => i.Bank == "Donau Bank");
        await Expect(page.GetByTestId("freshness-item").Filter(new() { HasTextString = "Green Bank" })).ToHaveAttributeAsync("data-status", "Current");
        await Expect(page.GetByTestId("freshness-item").Filter(new() { HasTextString = "Donau Bank" })).ToHaveAttributeAsync("data-status", "Current");

        // Net worth over time: recorded today (start-up and each sync), earlier days estimated and said so.
        await Expect(page.GetByTestId("net-worth-history").Locator("svg")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("history-summary")).ToContainTextAsync(Money(position.NetWorth));
        await Expect(page.GetByTestId("history-estimated")).ToContainTextAsync("estimated");

        // Loans from both banks, each with its estimated monthly payment in its own currency.
        Assert.Contains(position.Loans, l => l.Bank == "Green Bank");
        Assert.Contains(position.Loans, l => l.Bank == "Donau Bank");
        foreach (var loan in position.Loans)
        {
            var row = page.GetByTestId($"loan-{loan.ProductId}");
            Assert.NotNull(loan.MonthlyPayment);
            await Expect(row.GetByTestId("loan-payment")).ToHaveTextAsync(DashboardFormat.Money(loan.MonthlyPayment.Value, loan.Currency));
            await Expect(row.GetByTestId("loan-rate")).ToHaveTextAsync(DashboardFormat.InterestRate(loan.InterestRate!.Value));
            await Expect(row.GetByTestId("loan-payoff")).ToHaveTextAsync(DashboardFormat.Day(loan.PayoffDate!.Value));
        }

        // Green Bank's narratives, and the green share.
        Assert.NotEmpty(position.Green.Narratives);
        foreach (var narrative in position.Green.Narratives.Take(GreenPanel.ListedNarratives))
        {
            await Expect(page.GetByTestId("green-narratives")).ToContainTextAsync(narrative.Narrative);
        }
        await Expect(page.GetByTestId("green-balance-share")).ToContainTextAsync(DashboardFormat.Share(position.Green.BalanceShare!.Value));
        await Expect(page.GetByTestId("green-debt-share")).ToContainTextAsync(DashboardFormat.Share(position.Green.DebtShare!.Value));

        // Recent transactions across both banks, pending ones marked.
        var recent = await App.Service<ITransactionQuery>().FindAsync(Grace.UserId, new TransactionFilter(PageSize: DashboardSnapshot.RecentCount), Cancel);
        await Expect(page.GetByTestId("recent-row")).ToHaveCountAsync(recent.Items.Count);
        await Expect(page.GetByTestId("recent-list").Locator("[data-pending=true]"))
            .ToHaveCountAsync(recent.Items.Count(t => t.BookingStatus == BookingStatuses.Pending));
        await Expect(page.GetByTestId("all-transactions")).ToHaveTextAsync($"See all {DashboardFormat.Plural(recent.Total, "transaction")}");

        // Money in and out: the same figures as the cash-flow query, the savings transfers left out.
        var flow = await App.Service<ICashFlowQuery>().ThisMonthAndLastAsync(Grace.UserId, "USD", TimeZoneInfo.Utc, Cancel);
        await Expect(page.GetByTestId("cf-spent")).ToContainTextAsync(Money(flow.ThisMonth.TotalSpending));
        await Expect(page.GetByTestId("cf-spent")).ToContainTextAsync(Money(flow.LastMonth.TotalSpending));
        Assert.True(flow.ThisMonth.TransferCount + flow.LastMonth.TransferCount > 0, "Green Bank's monthly transfer to savings was not found as a move between own accounts");
        Assert.DoesNotContain(flow.LastMonth.Spending, c => c.Category == "Transfer" || c.Category == "Loan repayment");
        await Expect(page.GetByTestId("cf-transfers")).ToContainTextAsync("Left out:");

        // Beside the page, not over it, the navigation stays put when Escape is pressed (it may be closing a list).
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" })
            .GetByRole(AriaRole.Link, new() { Name = "Transactions" })).ToBeVisibleAsync();
    });

    [Fact]
    public Task The_transactions_page_pages_through_graces_transactions_and_finds_them_by_search() => RunJourneyAsync(async page =>
    {
        await SignInAsGraceWithTwoBanksAsync(page);
        var stored = await App.Service<IDocumentStore>().Collection(OpenFinanceCollections.ExternalTransactions)
            .FindAsync(Grace.UserId, cancellationToken: Cancel);
        Assert.True(stored.Count > 2 * LeafyBank.Web.Components.Pages.Transactions.Transactions.PageSize, $"{stored.Count} transactions fill three pages");

        await GotoAndWaitForCircuitAsync("/transactions");
        var summary = page.GetByTestId("transactions-summary");
        await Expect(summary).ToHaveTextAsync($"Showing 1–25 of {DashboardFormat.Plural(stored.Count, "transaction")}, newest first.", new() { Timeout = SlowTimeoutMs });
        await Expect(page.GetByTestId("transactions-list").Locator("tbody tr")).ToHaveCountAsync(25);

        // The page buttons are named "Page 2" and so on for screen readers; the digit is what a person sees.
        await page.GetByTestId("transactions-pager").Locator("button").Filter(new() { HasTextRegex = new Regex(@"^\s*2\s*$") }).ClickAsync();
        await Expect(summary).ToHaveTextAsync($"Showing 26–50 of {DashboardFormat.Plural(stored.Count, "transaction")}, newest first.");

        // One account's transactions, as the account page links to them (bank names carry spaces: the address escapes them).
        var accountLink = page.GetByTestId("transactions-list").GetByRole(AriaRole.Link).Filter(new() { HasTextString = "Donau Bank · " }).First;
        // The link names the account as the bank does (never its id); the address carries the account's reference, not the bank's id for it.
        Assert.DoesNotMatch(new Regex(@"[0-9a-f]{8}-[0-9a-f]{4}-"), await accountLink.TextContentAsync());
        var reference = (await accountLink.GetAttributeAsync("href"))!.Split('/')[^1];
        var linkedAccounts = await App.Service<IDocumentStore>().Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(Grace.UserId, cancellationToken: Cancel);
        var accountId = Assert.Single(linkedAccounts, account => account.Id.ToString() == reference).AccountId;
        var ofAccount = stored.Count(t => t.TransactionBank == "Donau Bank" && t.AccountId == accountId);
        Assert.NotEqual(0, ofAccount);
        await accountLink.ClickAsync();
        // The account's own page (Accounts): its facts, its latest transactions and a link to all of them.
        await Expect(page.GetByTestId("account-subtitle")).ToContainTextAsync("at Donau Bank", new() { Timeout = SlowTimeoutMs });
        await Expect(page.GetByTestId("all-transactions")).ToContainTextAsync($"See all {DashboardFormat.Plural(ofAccount, "transaction")}");
        Assert.EndsWith($"/accounts/{reference}", page.Url, StringComparison.Ordinal);
        await GotoAndWaitForCircuitAsync("/transactions");
        await Expect(summary).ToHaveTextAsync($"Showing 1–25 of {DashboardFormat.Plural(stored.Count, "transaction")}, newest first.", new() { Timeout = SlowTimeoutMs });

        // A merchant's name, in other letter case: every transaction naming it in description, merchant or category.
        var merchant = stored.Where(t => t.Merchant is { Length: > 3 }).GroupBy(t => t.Merchant!).OrderBy(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
        var term = merchant.ToUpperInvariant();
        var matching = stored.Count(t => new[] { t.Description, t.Merchant, t.Category }.Any(text => text?.Contains(merchant, StringComparison.OrdinalIgnoreCase) == true));
        await page.GetByLabel("Search", new() { Exact = true }).FillAsync(term);
        await page.GetByTestId("search-submit").ClickAsync();
        var shown = Math.Min(matching, LeafyBank.Web.Components.Pages.Transactions.Transactions.PageSize);
        await Expect(summary).ToHaveTextAsync($"Showing 1–{shown} of {DashboardFormat.Plural(matching, "transaction")}, newest first.");
        await Expect(page.GetByTestId("transactions-list").Locator("tbody tr")).ToHaveCountAsync(shown);

        // Only pending, in the same search.
        var pendingMatches = stored.Count(t => t.BookingStatus == BookingStatuses.Pending
                                               && new[] { t.Description, t.Merchant, t.Category }.Any(text => text?.Contains(merchant, StringComparison.OrdinalIgnoreCase) == true));
        await page.GetByTestId("status-filter").GetByText("Pending", new() { Exact = true }).ClickAsync();
        if (pendingMatches == 0)
        {
            await Expect(page.GetByTestId("no-transactions")).ToContainTextAsync("No transactions match these filters.");
        }
        else
        {
            await Expect(page.GetByTestId("transactions-list").Locator("[data-pending=true]")).ToHaveCountAsync(Math.Min(pendingMatches, 25));
        }
    });

    [Fact]
    public Task An_open_dashboard_follows_a_sync_started_on_the_connections_page_without_a_reload() => RunJourneyAsync(async dashboard =>
    {
        await SignInAsGraceWithTwoBanksAsync(dashboard);
        await GotoAndWaitForCircuitAsync("/dashboard");
        await Expect(dashboard.GetByTestId("refreshed")).ToHaveCountAsync(0);
        // Survives only as long as this document does: a reload would drop it.
        await dashboard.EvaluateAsync("() => { window.__sameDocument = true; }");

        // A second tab of the same browser: Connections → Sync now for Green Bank.
        var connections = await dashboard.Context.NewPageAsync();
        var secondTabErrors = Watch(connections);
        await GotoAndWaitForCircuitAsync("/connections", connections);
        var greenBank = connections.GetByTestId("connection-greenbank");
        var before = await greenBank.GetByTestId("last-success").TextContentAsync();
        await greenBank.GetByTestId("sync-now").ClickAsync();

        // The dashboard hears the sync finish and re-reads, in place.
        await Expect(dashboard.GetByTestId("refreshed")).ToContainTextAsync("after the update at Green Bank finished", new() { Timeout = SlowTimeoutMs });
        Assert.True(await dashboard.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the dashboard was not reloaded");
        var position = await PositionAsync();
        await Expect(dashboard.GetByTestId("total-balance")).ToContainTextAsync(Money(position.TotalBalance));
        await Expect(dashboard.GetByTestId("freshness-item").Filter(new() { HasTextString = "Green Bank" })).ToContainTextAsync("just now");

        var synced = (await App.Service<IDocumentStore>().Collection(OpenFinanceCollections.SyncStates).FindByKeyAsync([Grace.UserId, "greenbank"], Cancel))!;
        Assert.True(synced.LastSuccessAt > App.Service<TimeProvider>().GetUtcNow().UtcDateTime.AddMinutes(-2), $"Green Bank synced again (last success {synced.LastSuccessAt:O}, card said '{before}')");
        await Expect(greenBank.GetByTestId("sync-now")).ToHaveTextAsync("Sync now", new() { Timeout = SlowTimeoutMs });
        Assert.True(secondTabErrors.IsEmpty, string.Join('\n', secondTabErrors));
        await connections.CloseAsync();
    });

    [Fact]
    public Task On_a_phone_the_dashboard_fits_the_screen_and_the_menu_button_reaches_the_navigation() => RunJourneyAsync(async page =>
    {
        await SignInAsGraceWithTwoBanksAsync(page);
        await page.SetViewportSizeAsync(390, 844);
        await GotoAndWaitForCircuitAsync("/dashboard");
        await Expect(page.GetByTestId("loans-table")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("cash-flow")).ToBeVisibleAsync();

        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.True(widths[0] <= widths[1], $"the page scrolls sideways on a phone: content {widths[0]} px wide in a {widths[1]} px viewport");
        // The app bar keeps to one line: the title and the sign-out button are not broken in two.
        foreach (var (part, oneLine) in new[] { ("app-title", 40.0), ("sign-out", 40.0) })
        {
            var box = await page.GetByTestId(part).BoundingBoxAsync();
            Assert.True(box is not null && box.Height < oneLine, $"{part} is {box?.Height} px tall on a phone (wrapped)");
        }
        var darkMode = await page.GetByTestId("dark-mode-toggle").BoundingBoxAsync();
        Assert.True(darkMode is not null && darkMode.X + darkMode.Width <= widths[1], $"the dark-mode button is cut off at the right edge ({darkMode?.X} + {darkMode?.Width} px)");
        await SaveDocsScreenshotAsync("dashboard-phone", fullPage: false);

        // The bar has no room for the name on a phone; the menu says who is signed in.
        await Expect(page.GetByTestId("user-name")).Not.ToBeVisibleAsync();
        await page.GetByTestId("menu-toggle").ClickAsync();
        await Expect(page.GetByTestId("menu-signed-in-as")).ToBeVisibleAsync();
        // Over the page the menu behaves like a dialog: Escape closes it and the keyboard is back on the menu button.
        await page.Keyboard.PressAsync("Escape");
        // A closed drawer slides off the screen rather than being hidden.
        await Expect(page.GetByTestId("menu-signed-in-as")).Not.ToBeInViewportAsync();
        await Expect(page.GetByTestId("menu-toggle")).ToBeFocusedAsync();
        await page.GetByTestId("menu-toggle").ClickAsync();
        await Expect(page.GetByTestId("menu-signed-in-as")).ToContainTextAsync("Grace Hopper");
        // Tab goes round the menu and the app bar, not into the page beneath the overlay.
        var lastItem = page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" }).GetByRole(AriaRole.Link).Last;
        await lastItem.FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByTestId("menu-toggle")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Shift+Tab");
        await Expect(lastItem).ToBeFocusedAsync();
        var navigation = page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" });
        var transactions = navigation.GetByRole(AriaRole.Link, new() { Name = "Transactions" });
        await Expect(transactions).ToBeVisibleAsync();
        await Expect(navigation.GetByRole(AriaRole.Link, new() { Name = "Connections" })).ToBeVisibleAsync();
        await transactions.ClickAsync();
        // Addresses and circuits, not load events (see GotoAndWaitForCircuitAsync): the dashboard's may still be held back.
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/transactions", new() { WaitUntil = WaitUntilState.Commit });
        await WaitForCircuitAsync();
        await Expect(page.GetByTestId("transactions-summary")).ToContainTextAsync("newest first", new() { Timeout = SlowTimeoutMs });
        widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.True(widths[0] <= widths[1], $"the transactions page scrolls sideways on a phone: {widths[0]} px in {widths[1]} px");
    });

    [Fact]
    public Task The_analyst_sees_cross_customer_analytics_with_the_k_minimum_stated() => RunJourneyAsync(async page =>
    {
        await EnsureTwoBanksLinkedAsync();
        await SignInAtLeafyBankAsync(page, "analyst");
        await page.GetByRole(AriaRole.Link, new() { Name = "Analytics" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/analytics", new() { WaitUntil = WaitUntilState.Commit });
        await WaitForCircuitAsync();
        await Expect(page.GetByTestId("k-minimum")).ToContainTextAsync(new Regex(@"a figure is shown only when it covers at least\s+5 customers"));
        // One customer linked: every figure about her banks is suppressed, never shown.
        await Expect(page.GetByTestId("by-bank")).ToBeVisibleAsync(new() { Timeout = SlowTimeoutMs });
        await Expect(page.GetByTestId("by-bank")).ToContainTextAsync("Green Bank");
        await Expect(page.GetByTestId("by-bank")).ToContainTextAsync("hidden");
        var content = await page.ContentAsync();
        Assert.DoesNotContain("gracehop", content, StringComparison.Ordinal);
        Assert.DoesNotContain("Grace Hopper", content, StringComparison.Ordinal);
    });

    [Fact]
    public Task A_customer_opening_analytics_gets_the_not_allowed_page() => RunJourneyAsync(async page =>
    {
        await SignInAtLeafyBankAsync(page, "adalove");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Analytics" })).ToHaveCountAsync(0);

        var response = await GotoAndWaitForCircuitAsync("/analytics");
        Assert.Equal(403, response!.Status);
        await Expect(page.GetByTestId("access-denied")).ToContainTextAsync("This page is not available to you");
        await Expect(page.GetByTestId("k-minimum")).ToHaveCountAsync(0);

        // The browser reports the deliberate 403 of the not-allowed page as a failed load; nothing else may fail.
        var unexpected = ConsoleErrors.Where(error => !(error.Contains("status of 403", StringComparison.Ordinal)
                                                        && error.Contains("/access-denied?ReturnUrl=%2Fanalytics", StringComparison.Ordinal))).ToList();
        Assert.True(unexpected.Count == 0, string.Join('\n', unexpected));
    }, assertNoConsoleErrors: false);

    private static string Money(decimal amount) => DashboardFormat.Money(amount, "USD");

    private Task<GlobalPosition> PositionAsync() =>
        App.Service<GlobalPositionService>().GetForUserNameAsync(Grace.UserName, Cancel)!;

    /// <summary>Links Grace's two banks if no journey of this class has yet, then signs her in on <paramref name="page"/>.</summary>
    private async Task SignInAsGraceWithTwoBanksAsync(IPage page)
    {
        await EnsureTwoBanksLinkedAsync();
        await SignInAtLeafyBankAsync(page, Grace.UserName);
    }

    /// <summary>Grace links Green Bank and Donau Bank through the pages, once per class.</summary>
    private Task EnsureTwoBanksLinkedAsync() =>
        App.OnceAsync("banks linked", () => LinkBanksInOwnBrowserAsync(Grace.UserName, "grace", ("greenbank", "Green Bank"), ("donaubank", "Donau Bank")));
}
