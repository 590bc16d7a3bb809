using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LeafyBank.Tests.Browser;

/// <summary>
/// The transactions page in Chromium at desktop and phone width: filters applied from the form
/// land in the address, survive a reload and Back, a mistake is explained in words, the CSV
/// link carries the filters, and amounts sit on one line at the right (yen without decimals).
/// Frida's transactions are written to the store directly: linking banks is not what is tested here.
/// </summary>
public sealed class TransactionsJourneyTests(BrowserApp app, Chromium chromium) : BrowserTest(app, chromium)
{
    private static readonly PartyReference Frida = new() { UserId = ObjectId.Parse("65a546ae4a8f64e8f88fb89e"), UserName = "fridaklo" };

    private async Task SeedAsync()
    {
        var collection = App.Service<IDocumentStore>().Collection(OpenFinanceCollections.ExternalTransactions);
        var at = TestTime.UtcNow.Date.AddHours(9);
        var rows = new (string Bank, string Account, string Currency, decimal Amount, string Description, string? Category)[]
        {
            ("Donau Bank", "5367b38d-0021-4c55-9a61-6f0e6b4d0021", "EUR", -135.54m, "Kartenzahlung Café Sacher Wien, Philharmonikerstraße 4", "Eating out"),
            ("Donau Bank", "5367b38d-0021-4c55-9a61-6f0e6b4d0021", "EUR", 2450.00m, "Gehalt November", "Salary"),
            ("Green Bank", "204515807", "JPY", -12800m, "Ramen Ichiran Shibuya", "Eating out"),
            ("Green Bank", "204515807", "JPY", -3200m, "Suica top-up", "Transport"),
            ("Thames Bank", "GB-40-12", "BHD", -12.345m, "Gulf Air excess baggage", "Travel"),
            ("Thames Bank", "GB-40-12", "GBP", -1234567.89m, "House purchase completion", "Housing"),
        };
        for (var i = 0; i < 40; i++)
        {
            var row = rows[i % rows.Length];
            await collection.UpsertAsync(new ExternalTransaction
            {
                TransactionId = $"journey-{i:00}",
                TransactionBank = row.Bank,
                AccountId = row.Account,
                TransactionUser = Frida,
                BookingStatus = i < 2 ? BookingStatuses.Pending : BookingStatuses.Booked,
                Amount = row.Amount,
                Currency = row.Currency,
                BookingDate = at.AddDays(-i),
                Description = row.Description,
                Category = row.Category,
            }, Cancel);
        }
    }

    [Fact]
    public Task Another_page_chosen_from_the_pager_at_the_foot_of_the_list_starts_at_its_top_at_desktop_and_phone_width() => RunJourneyAsync(async page =>
    {
        await SeedAsync();
        await SignInAtLeafyBankAsync(page, "fridaklo");
        foreach (var (width, height) in new[] { (1280, 800), (390, 844) })
        {
            await page.SetViewportSizeAsync(width, height);
            // From the shorter last page to the full first one: the browser cannot keep the old scroll by running out of page.
            await GotoAndWaitForCircuitAsync("/transactions?page=2");
            var summary = page.GetByTestId("transactions-summary");
            await Expect(summary).ToHaveTextAsync("Showing 26–40 of 40 transactions, newest first.");

            // The pager is under the rows: to reach it the customer scrolls the list's top out of sight.
            await page.EvaluateAsync("() => window.scrollTo(0, document.documentElement.scrollHeight)");
            await Expect(summary).Not.ToBeInViewportAsync();
            await page.GetByTestId("transactions-pager").GetByRole(AriaRole.Button, new() { Name = "Page 1", Exact = true }).ClickAsync();

            // The pager changes the address inside the page (the circuit's NavigateTo, no document load). Polled, not waited
            // for as an event: a navigation within the document can land before a waiter registers, and twice on a loaded
            // machine the page showed /transactions while WaitForURL still waited. On a busy machine, the slow budget.
            await Expect(page).ToHaveURLAsync(new Regex("/transactions$"), new() { Timeout = SlowTimeoutMs });
            await Expect(summary).ToHaveTextAsync("Showing 1–25 of 40 transactions, newest first.");
            await Expect(summary).ToBeInViewportAsync();
            await ExpectClearOfTheAppBarAsync(page, width);
        }
    });

    /// <summary>
    /// Waits until the summary's top is in sight below the fixed app bar; fails saying where both are if it never gets there.
    /// Waited for, not read once: the page's script scrolls after the new page has rendered, and a summary still behind the
    /// app bar already counts as in the viewport.
    /// </summary>
    private static async Task ExpectClearOfTheAppBarAsync(IPage page, int width)
    {
        const string Positions = """
            () => [document.querySelector('[data-testid=transactions-summary]').getBoundingClientRect().top,
                   document.querySelector('.mud-appbar').getBoundingClientRect().bottom]
            """;
        try
        {
            await page.WaitForFunctionAsync($"() => {{ const [top, appBarBottom] = ({Positions})(); return top >= appBarBottom && top < window.innerHeight; }}");
        }
        catch (TimeoutException)
        {
            var positions = await page.EvaluateAsync<double[]>(Positions);
            Assert.Fail($"At {width} px the summary ({positions[0]}) stays under the app bar (to {positions[1]}) or out of sight.");
        }
    }

    [Fact]
    public Task Frida_filters_her_transactions_and_the_address_keeps_them_at_desktop_and_phone_width() => RunJourneyAsync(async page =>
    {
        await SeedAsync();
        await SignInAtLeafyBankAsync(page, "fridaklo");
        await GotoAndWaitForCircuitAsync("/transactions");
        var summary = page.GetByTestId("transactions-summary");
        await Expect(summary).ToHaveTextAsync("Showing 1–25 of 40 transactions, newest first.");

        // A category from her own data, then a bank: each lands in the address.
        await page.GetByTestId("category-filter").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Eating out" }).ClickAsync();
        await Expect(summary).ToHaveTextAsync("Showing 1–14 of 14 transactions, newest first.");
        // Addresses, not load events (see GotoAndWaitForCircuitAsync): this document's may still be held back.
        await page.WaitForURLAsync("**/transactions?category=Eating%20out", new() { WaitUntil = WaitUntilState.Commit });
        await page.GetByTestId("bank-filter").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Green Bank" }).ClickAsync();
        await Expect(summary).ToHaveTextAsync("Showing 1–7 of 7 transactions, newest first.");
        await page.WaitForURLAsync("**/transactions?bank=Green%20Bank&category=Eating%20out", new() { WaitUntil = WaitUntilState.Commit });

        // Yen have no decimals; the amount is one line, at the right of its row.
        var amount = page.GetByTestId("transaction-amount").First;
        await Expect(amount).ToHaveTextAsync("-12,800\u00A0JPY");
        Assert.Equal("right", await amount.EvaluateAsync<string>("e => getComputedStyle(e).textAlign"));
        Assert.Equal("nowrap", await amount.EvaluateAsync<string>("e => getComputedStyle(e).whiteSpace"));
        await Expect(page.GetByTestId("export-csv")).ToHaveAttributeAsync("href", "transactions/export.csv?bank=Green%20Bank&category=Eating%20out");

        // A reload keeps the list; Back returns to the one before.
        await page.ReloadAsync(new() { WaitUntil = WaitUntilState.Commit });
        await WaitForCircuitAsync();
        await Expect(summary).ToHaveTextAsync("Showing 1–7 of 7 transactions, newest first.");
        await page.GoBackAsync(new() { WaitUntil = WaitUntilState.Commit });
        await Expect(summary).ToHaveTextAsync("Showing 1–14 of 14 transactions, newest first.");
        await page.GoForwardAsync(new() { WaitUntil = WaitUntilState.Commit });
        await Expect(summary).ToHaveTextAsync("Showing 1–7 of 7 transactions, newest first.");
        await SaveDocsScreenshotAsync("transactions");

        // A mistake is explained in words, and nothing is listed until it is fixed.
        await GotoAndWaitForCircuitAsync("/transactions?min=500&max=50");
        await Expect(page.GetByTestId("filter-problem")).ToHaveTextAsync("\u201CAmount from\u201D (500) is more than \u201CAmount to\u201D (50). Swap them, or clear one of them.");
        await page.GetByTestId("clear-filters").ClickAsync();
        await Expect(summary).ToHaveTextAsync("Showing 1–25 of 40 transactions, newest first.");

        // On a phone: compact rows (description, date, amount), nothing cut or hidden behind a scroll.
        await page.SetViewportSizeAsync(390, 844);
        await GotoAndWaitForCircuitAsync("/transactions?bank=Donau%20Bank");
        await Expect(summary).ToHaveTextAsync("Showing 1–14 of 14 transactions, newest first.");
        var firstRow = page.GetByTestId("transactions-list").Locator("tbody tr").First;
        await Expect(firstRow.GetByTestId("transaction-phone-meta")).ToBeVisibleAsync();
        // The account and category columns are hidden on a phone; both are still named under each payment.
        await Expect(firstRow.GetByTestId("transaction-phone-meta")).ToContainTextAsync(" · Eating out");
        await Expect(firstRow.GetByTestId("transaction-phone-account")).ToHaveTextAsync("Donau Bank · Account ••••\u00A00021");
        await Expect(firstRow.GetByTestId("booking-status")).ToBeHiddenAsync();
        var overflowing = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('[data-testid=transactions-list] *, form[role=search] *')]
                // An outlined field's legend is its border notch, clipped by design; everything else must fit.
                .filter(e => e.tagName !== 'LEGEND' && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible')
                .map(e => e.tagName + '.' + e.className)
            """);
        await SaveDocsScreenshotAsync("transactions-phone", fullPage: false);
        Assert.True(overflowing.Length == 0, "Cut or scrolled on a phone: " + string.Join(", ", overflowing));
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways on a phone");
        await Expect(page.GetByTestId("transaction-amount").First).ToHaveTextAsync("-135.54\u00A0EUR");
    });
}
