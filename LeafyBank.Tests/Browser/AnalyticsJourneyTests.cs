using Microsoft.Playwright;

namespace LeafyBank.Tests.Browser;

/// <summary>The analyst after <c>seed-demo</c>: /analytics at desktop and phone width, with figures, nothing cut off.</summary>
public sealed class AnalyticsJourneyTests(BrowserApp app, Chromium chromium) : BrowserTest(app, chromium)
{
    [Fact]
    public Task After_seed_demo_the_analyst_sees_figures_at_desktop_and_phone_width_with_nothing_cut_off() => RunJourneyAsync(async page =>
    {
        await SeedDemoAsync(customers: 80);

        await SignInAtLeafyBankAsync(page, "analyst", returnUrl: "/analytics");

        foreach (var (width, height, name) in new[] { (1280, 800, "desktop"), (390, 844, "phone") })
        {
            await page.SetViewportSizeAsync(width, height);
            await page.Locator("[data-testid=total-deposits] [data-testid=figure]").WaitForAsync();
            Assert.Contains("80 customers", await page.Locator("[data-testid=total-deposits]").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal(0, await page.Locator("[data-testid=by-bank] [data-testid=suppressed]").CountAsync());
            Assert.Contains("To protect customers' privacy", await page.Locator("[data-testid=k-minimum]").InnerTextAsync(), StringComparison.Ordinal);
            Assert.DoesNotContain("suppressed", await page.Locator(".mud-main-content").InnerTextAsync(), StringComparison.OrdinalIgnoreCase);

            var overflowing = await page.EvaluateAsync<string[]>(
                "() => [...document.querySelectorAll('.mud-main-content, .mud-main-content *')].filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible' && !e.closest('.visually-hidden'))" +
                ".map(e => e.tagName + '.' + e.className).concat(document.documentElement.scrollWidth > window.innerWidth ? ['page'] : [])");
            Assert.True(overflowing.Length == 0, $"At {width} px these overflow: {string.Join(", ", overflowing)}");

            var directory = Path.Combine(FailureArtifactsDirectory(), "..", "analytics-walk");
            Directory.CreateDirectory(directory);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, $"analytics-{name}.png"), FullPage = true });
        }

        await page.SetViewportSizeAsync(1280, 800);
        // Back at desktop width the menu slides open again: wait until it stands still (Playwright's "stable") before the picture.
        await page.Locator(".mud-drawer").GetByRole(AriaRole.Link, new() { Name = "Analytics" }).ScrollIntoViewIfNeededAsync();
        await SaveDocsScreenshotAsync("analytics");
    });

    private async Task SeedDemoAsync(int customers)
    {
        await using var services = new ServiceCollection()
            .AddSingleton(App.Service<IDocumentStore>())
            .AddSingleton(App.Service<TimeProvider>())
            .BuildServiceProvider();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CommandLine.RunAsync(["seed-demo", "--customers", customers.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            services, output, error, Cancel);
        Assert.True(exitCode == CommandLine.Succeeded, error.ToString());
    }
}
