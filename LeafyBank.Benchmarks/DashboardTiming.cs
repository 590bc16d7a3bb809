using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;

namespace LeafyBank.Benchmarks;

/// <summary>
/// How long the dashboard takes to become interactive in a real browser: signs a demo customer
/// in through the identity provider's page, then loads /dashboard repeatedly and times each
/// load from navigation start until the Blazor circuit is up (the layout's
/// <c>circuit-ready</c> marker) and the figures are on the page.
/// </summary>
public static class DashboardTiming
{
    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    public static async Task<int> ExecuteAsync(BenchmarkOptions options)
    {
        var app = new Uri(options.DashboardUrl!);
        var chromium = Environment.GetEnvironmentVariable("LEAFYBANK_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new ArgumentException($"The dashboard timing needs Chromium at {chromium} (apt-get install -y chromium, or set LEAFYBANK_CHROMIUM).");
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true, Args = ChromiumArgs });
        var page = await browser.NewPageAsync();

        await page.GotoAsync(new Uri(app, "authentication/login").ToString());
        await page.GetByLabel("User name").FillAsync(options.ApiUser);
        await page.GetByLabel("Password").FillAsync("leafy");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(new Uri(app, "dashboard").ToString(), StringComparison.Ordinal));
        await ReadyAsync(page);

        var samples = Math.Min(options.Samples, 200);
        Log($"Timing {samples} dashboard loads as {options.ApiUser}");
        var stats = new LatencyStats();
        for (var i = 0; i < samples; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await page.GotoAsync(new Uri(app, "dashboard").ToString());
            await ReadyAsync(page);
            stats.Record(Stopwatch.GetElapsedTime(started));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"### Dashboard in Chromium (headless) as {options.ApiUser}"));
        Console.WriteLine();
        Console.WriteLine(LatencySummary.Header);
        Console.WriteLine(stats.Summarize().ToRow("/dashboard: navigation start → circuit interactive with figures shown"));
        return 0;
    }

    private static async Task ReadyAsync(IPage page)
    {
        await page.Locator("[data-testid=circuit-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.GetByTestId("total-balance").WaitForAsync();
    }

    private static void Log(string message) =>
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{DateTime.Now:HH:mm:ss}] {message}"));
}
