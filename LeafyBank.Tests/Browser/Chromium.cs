using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(LeafyBank.Tests.Browser.Chromium))]

namespace LeafyBank.Tests.Browser;

/// <summary>
/// One headless Debian Chromium driven by Playwright for the whole run (an assembly fixture):
/// every browser test opens its own context in it, so launching it once costs nothing in isolation.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    /// <summary>Set to another Chromium executable than Debian's.</summary>
    public const string ChromiumVariable = "LEAFYBANK_CHROMIUM";

    /// <summary>Debian's Chromium (<c>apt-get install chromium</c>) unless <see cref="ChromiumVariable"/> says otherwise; Playwright's own browser download is never used.</summary>
    public static readonly string ChromiumPath = Environment.GetEnvironmentVariable(ChromiumVariable) is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private IPlaywright? playwright;
    private IBrowser? browser;

    /// <summary>Null when Chromium is installed; otherwise why the browser tests are skipped.</summary>
    public static string? SkipReason { get; } = File.Exists(ChromiumPath)
        ? null
        : $"Browser tests need Debian's Chromium at {ChromiumPath} (apt-get install -y chromium; .ci/run installs it; or set {ChromiumVariable}).";

    public IBrowser Browser => browser ?? throw new InvalidOperationException("Chromium is not launched.");

    public async ValueTask InitializeAsync()
    {
        if (SkipReason is not null)
        {
            return;
        }
        playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true, Args = ChromiumArgs });
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }
        playwright?.Dispose();
    }
}
