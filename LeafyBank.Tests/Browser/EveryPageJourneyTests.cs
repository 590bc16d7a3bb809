using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LeafyBank.Tests.Browser;

/// <summary>
/// Every page a customer (and the analyst) can reach today, at a laptop's and a phone's width: no
/// content cut, pushed past the window or hidden behind a sideways scroll, and no serious or
/// critical axe violation. One browser, one sign-in per person.
/// </summary>
public sealed class EveryPageJourneyTests(BrowserAppFixture app) : BrowserTest(app)
{
    private static readonly (int Width, int Height)[] Screens = [(1280, 800), (390, 844)];

    private static readonly string[] CustomerPages = ["/", "/dashboard", "/transactions", "/connections", "/connections/new", "/ledger"];

    private static readonly string[] AnalystPages = ["/analytics"];

    /// <summary>
    /// Findings on pages other engineers are rebuilding (dashboard, transactions, connections,
    /// ledger, accounts, analytics), tolerated until their work is merged. The lead empties this
    /// list after merging; a finding on the app shell (layout, home, error pages) is never listed.
    /// An entry allows the findings whose <see cref="PageFinding.Key"/> starts with it.
    /// </summary>
    private static readonly string[] AllowedUntilOtherPagesAreMerged =
    [
        "/dashboard@1280 hidden-behind-scroll [data-testid=recent-list]",
        "/dashboard@390 hidden-behind-scroll [data-testid=by-type]",
        "/transactions@390 ellipsis [data-testid=transactions-search]",
        "/transactions@1280 axe:color-contrast a[href=\"#\"]",
        "/transactions@390 axe:color-contrast a[href=\"#\"]",
        "/ledger@1280 axe:color-contrast .mud-button-outlined-error",
        "/ledger@390 axe:color-contrast .mud-button-outlined-error",
        "/analytics@1280 axe:color-contrast",
        "/analytics@390 axe:color-contrast",
    ];

    private static bool IsAllowed(PageFinding finding) =>
        AllowedUntilOtherPagesAreMerged.Any(entry => finding.Key.StartsWith(entry, StringComparison.Ordinal));

    [Fact]
    public Task Every_page_fits_a_laptop_and_a_phone_and_passes_axe() => RunJourneyAsync(async page =>
    {
        var findings = new List<PageFinding>();
        await SignInAtLeafyBankAsync(page, "fridaklo");
        await CheckPagesAsync(page, CustomerPages, findings);

        await page.GetByTestId("sign-out").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await SignInAtLeafyBankAsync(page, "analyst");
        Assert.Equal("/analytics", new Uri(page.Url).AbsolutePath);
        await CheckPagesAsync(page, AnalystPages, findings);

        var report = string.Join('\n', findings.Select(finding => (IsAllowed(finding) ? "(allowed) " : "") + finding));
        await File.WriteAllTextAsync(Path.Combine(Directory.CreateDirectory(FailureArtifactsDirectory()).FullName, "findings.txt"), report, Cancel);
        var failing = findings.Where(finding => !IsAllowed(finding)).ToList();
        Assert.True(failing.Count == 0, $"{failing.Count} finding(s):\n{string.Join('\n', failing)}");
    });

    private async Task CheckPagesAsync(IPage page, string[] paths, List<PageFinding> findings)
    {
        foreach (var (width, height) in Screens)
        {
            await page.SetViewportSizeAsync(width, height);
            foreach (var path in paths)
            {
                var response = await GotoAndWaitForCircuitAsync(path);
                Assert.True(response?.Ok, $"{path} answered {response?.Status}");
                await SettleAsync(page);
                findings.AddRange(await PageFindings.ScanOverflowAsync(page, path));
                findings.AddRange(await PageFindings.RunAxeAsync(page, path));
            }
        }
    }

    /// <summary>Pages load their figures after the circuit is up: wait until no progress indicator is left (or 5 s).</summary>
    private static async Task SettleAsync(IPage page)
    {
        await Expect(page.Locator("h1").First).ToBeVisibleAsync();
        try
        {
            await page.Locator(".mud-progress-circular, .mud-progress-linear").First.WaitForAsync(new() { State = WaitForSelectorState.Hidden, Timeout = 5_000 });
        }
        catch (TimeoutException)
        {
            // A page with a spinner that never ends is checked as it is.
        }
    }
}
