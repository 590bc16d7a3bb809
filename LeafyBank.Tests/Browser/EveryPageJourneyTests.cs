using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LeafyBank.Tests.Browser;

/// <summary>
/// Every page a customer with four banks linked (and the analyst) can reach, at a laptop's and a phone's width: no
/// content cut, pushed past the window or hidden behind a sideways scroll, and no serious or
/// critical axe violation. One browser, one sign-in per person.
/// </summary>
public sealed class EveryPageJourneyTests(BrowserAppFixture app) : BrowserTest(app)
{
    private static readonly (int Width, int Height)[] Screens = [(1280, 800), (390, 844)];

    private static readonly string[] CustomerPages =
        ["/", "/dashboard", "/accounts", "/transactions", "/connections", "/connections/new", "/ledger"];

    private static readonly (string Id, string Name)[] FourBanks =
        [("greenbank", "Green Bank"), ("mongodbbank", "MongoDB Bank"), ("donaubank", "Donau Bank"), ("thamesbank", "Thames Bank")];

    private static readonly string[] AnalystPages = ["/analytics"];

    /// <summary>
    /// Findings known and not yet fixed, each named exactly (a finding's key starts with it) and
    /// listed in the issue: MudBlazor's chart writes its y-axis labels outside the SVG's box.
    /// </summary>
    private static readonly string[] KnownFindings = ["/analytics@1280 spills [data-testid=bank-chart] text.mud-charts-yaxis"];

    private static bool IsKnown(PageFinding finding) => KnownFindings.Any(known => finding.Key.StartsWith(known, StringComparison.Ordinal));

    [Fact]
    public Task Every_page_fits_a_laptop_and_a_phone_and_passes_axe() => RunJourneyAsync(async page =>
    {
        var findings = new List<PageFinding>();
        page.SetDefaultTimeout(BankLinking.SlowTimeoutMs);
        await SignInAtLeafyBankAsync(page, "fridaklo");
        // Pages are judged full, as a customer with every bank linked sees them.
        foreach (var (id, name) in FourBanks)
        {
            await BankLinking.ConnectThroughThePagesAsync(page, BaseAddress, id, name, "frida");
        }
        await GotoAndWaitForCircuitAsync("/accounts");
        var firstAccount = page.Locator("[data-testid=institution][data-bank='Donau Bank'] [data-testid=account-row] a").First;
        var accountPage = new Uri(new Uri(page.Url), await firstAccount.GetAttributeAsync("href")).PathAndQuery;
        await CheckPagesAsync(page, [.. CustomerPages, accountPage], findings);

        await page.GetByTestId("sign-out").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await SignInAtLeafyBankAsync(page, "analyst");
        Assert.Equal("/analytics", new Uri(page.Url).AbsolutePath);
        await CheckPagesAsync(page, AnalystPages, findings);

        var report = string.Join('\n', findings.Select(finding => (IsKnown(finding) ? "(known) " : "") + finding));
        await File.WriteAllTextAsync(Path.Combine(Directory.CreateDirectory(FailureArtifactsDirectory()).FullName, "findings.txt"), report, Cancel);
        var failing = findings.Where(finding => !IsKnown(finding)).ToList();
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
