using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LeafyBank.Tests.Browser;

/// <summary>
/// The dashboard summarises rather than dumps: with four banks linked it is at most three screen
/// heights at 1280×800 and six at 390×844, nothing is cut or scrolls sideways, and the states
/// before any bank and with one bank are designed. Ada links all four sandbox banks and Frida
/// one, once per class, through the pages; Claude links none.
/// </summary>
public sealed class DashboardLayoutJourneyTests(BrowserApp app, Chromium chromium) : BrowserTest(app, chromium)
{
    private static readonly (string Id, string Name)[] FourBanks =
        [("greenbank", "Green Bank"), ("mongodbbank", "MongoDB Bank"), ("donaubank", "Donau Bank"), ("thamesbank", "Thames Bank")];

    private static readonly (int Width, int Height, int Screens, string Name)[] Screens =
        [(1280, 800, 3, "desktop"), (390, 844, 6, "phone")];

    [Fact]
    public Task With_four_banks_linked_the_dashboard_is_at_most_three_screens_on_a_desktop_and_six_on_a_phone() => RunJourneyAsync(async page =>
    {
        await EnsureBanksLinkedAsync();
        await SignInAtLeafyBankAsync(page, "adalove");
        foreach (var screen in Screens)
        {
            await page.SetViewportSizeAsync(screen.Width, screen.Height);
            await GotoAndWaitForCircuitAsync("/dashboard");
            foreach (var (_, name) in FourBanks)
            {
                await Expect(page.Locator($"[data-testid=institution-row][data-bank='{name}']")).ToHaveCountAsync(1, new() { Timeout = SlowTimeoutMs });
            }
            await Expect(page.GetByTestId("cash-flow")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("loans-table")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("recent-row").First).ToBeVisibleAsync();
            await Expect(page.GetByTestId("net-worth-history").Locator("svg")).ToBeVisibleAsync();

            var height = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
            Assert.True(height <= screen.Screens * screen.Height,
                $"on a {screen.Name} ({screen.Width}×{screen.Height}) the dashboard is {height} px tall: {height / (double)screen.Height:0.0} screens, more than {screen.Screens}");
            await AssertNothingCutAsync(page, screen.Name);
            await AssertLoanAmountsLineUpAsync(page, screen.Name);
            if (screen.Name == "desktop")
            {
                await SaveDocsScreenshotAsync("dashboard");
            }
            await SaveWalkScreenshotAsync(page, $"four-banks-{screen.Name}");
        }
    });

    [Fact]
    public Task Before_any_bank_is_linked_the_dashboard_invites_to_link_one_and_draws_no_panels_of_nothing() => RunJourneyAsync(async page =>
    {
        await SignInAtLeafyBankAsync(page, "claumon");
        foreach (var screen in Screens)
        {
            await page.SetViewportSizeAsync(screen.Width, screen.Height);
            await GotoAndWaitForCircuitAsync("/dashboard");
            await Expect(page.GetByTestId("no-links")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("link-a-bank")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("net-worth-history")).ToBeVisibleAsync();
            foreach (var panel in new[] { "cash-flow", "loans", "recent-transactions", "green" })
            {
                await Expect(page.GetByTestId(panel)).ToHaveCountAsync(0);
            }
            var height = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
            Assert.True(height <= 2 * screen.Height, $"with nothing linked the {screen.Name} dashboard is {height} px tall");
            await AssertNothingCutAsync(page, screen.Name);
            await SaveWalkScreenshotAsync(page, $"no-bank-{screen.Name}");
        }
    });

    [Fact]
    public Task With_one_bank_linked_every_panel_shows_that_banks_figures_and_suggests_the_next() => RunJourneyAsync(async page =>
    {
        await EnsureBanksLinkedAsync();
        await SignInAtLeafyBankAsync(page, "fridaklo");
        foreach (var screen in Screens)
        {
            await page.SetViewportSizeAsync(screen.Width, screen.Height);
            await GotoAndWaitForCircuitAsync("/dashboard");
            await Expect(page.GetByTestId("institution-row")).ToHaveCountAsync(2, new() { Timeout = SlowTimeoutMs });
            await Expect(page.GetByTestId("link-another")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("cash-flow")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("recent-row").First).ToBeVisibleAsync();
            await AssertNothingCutAsync(page, screen.Name);
            await SaveWalkScreenshotAsync(page, $"one-bank-{screen.Name}");
        }
    });

    /// <summary>No sideways scroll, and no dashboard text cut off inside its box (amounts, rates, payments, names).</summary>
    private static async Task AssertNothingCutAsync(IPage page, string screen)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.True(widths[0] <= widths[1], $"the {screen} dashboard scrolls sideways: {widths[0]} px in {widths[1]} px");
        var cut = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('.tx-amount, [data-testid^=loan-], .inst-figures, .cf-amount, .totals-figure, [data-testid=history-summary]')]
                .filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible' || e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                .map(e => (e.dataset.testid || e.className) + ': ' + e.textContent.trim().slice(0, 60))
            """);
        Assert.True(cut.Length == 0, $"cut on a {screen}:\n{string.Join('\n', cut)}");
    }

    /// <summary>
    /// Every loan's amount sits at the right of its name's first line, at every width: a long name (with its Green mark) wraps
    /// beside it rather than pushing the amount to a line of its own on the left, out of line with the others.
    /// </summary>
    private static async Task AssertLoanAmountsLineUpAsync(IPage page, string screen)
    {
        var misplaced = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('[data-testid=loans-table] > li')].flatMap(row => {
                const name = row.querySelector('.debt-name').getBoundingClientRect();
                const amount = row.querySelector('[data-testid=loan-outstanding]').getBoundingClientRect();
                const right = row.getBoundingClientRect().right;
                return Math.abs(amount.top - name.top) > 4 || Math.abs(amount.right - right) > 1
                    ? [row.querySelector('.debt-name').textContent.trim().replace(/\s+/g, ' ') + `: amount at top ${amount.top - name.top} px, ${right - amount.right} px from the right`]
                    : [];
            })
            """);
        Assert.True(misplaced.Length == 0, $"loan amounts out of line on a {screen}:\n{string.Join('\n', misplaced)}");
    }

    /// <summary>The walk's screenshots, for a person to look at (TestResults, not the docs), when screenshots are asked for.</summary>
    private static async Task SaveWalkScreenshotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable(ScreenshotsVariable) != "1")
        {
            return;
        }
        var directory = Path.Combine(RepositoryRoot(), "LeafyBank.Tests", "TestResults", "browser", "dashboard-walk");
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name + ".png"), FullPage = true });
        // A phone page is many screens tall: also in screen-sized parts, readable one by one.
        var size = page.ViewportSize!;
        var height = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
        for (var (top, part) = (0, 1); size.Width < 600 && top < height; top += size.Height, part++)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions
            {
                Path = Path.Combine(directory, $"{name}-{part}.png"),
                FullPage = true,
                Clip = new Clip { X = 0, Y = top, Width = size.Width, Height = Math.Min(size.Height, height - top) },
            });
        }
    }

    /// <summary>Ada links all four banks and Frida one, once per class, each in a browser of their own.</summary>
    private Task EnsureBanksLinkedAsync() => App.OnceAsync("banks linked", async () =>
    {
        await LinkBanksInOwnBrowserAsync("adalove", "ada", FourBanks);
        await LinkBanksInOwnBrowserAsync("fridaklo", "frida", FourBanks[..1]);
    });
}
