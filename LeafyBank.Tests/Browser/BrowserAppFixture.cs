using Microsoft.Playwright;

namespace LeafyBank.Tests.Browser;

/// <summary>
/// One per browser test class: the real app on a real loopback port (Kestrel, port 0) with the
/// embedded store in a fresh temporary directory and the sync scheduler off, and one headless
/// Debian Chromium driven by Playwright. Each test then opens its own browser context.
/// </summary>
public sealed class BrowserAppFixture : IAsyncLifetime
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

    private readonly KestrelFactory factory = new(new Dictionary<string, string> { [KestrelFactory.LogLevelKey] = "Information" });
    private IPlaywright? playwright;
    private IBrowser? browser;
    private Uri? baseAddress;

    /// <summary>Null when Chromium is installed; otherwise why the browser tests are skipped.</summary>
    public static string? SkipReason { get; } = File.Exists(ChromiumPath)
        ? null
        : $"Browser tests need Debian's Chromium at {ChromiumPath} (apt-get install -y chromium; .ci/run installs it; or set {ChromiumVariable}).";

    /// <summary>The app's origin, ending in '/'.</summary>
    public Uri BaseAddress => baseAddress ?? throw new InvalidOperationException("The app is not started (Chromium missing?).");

    public IBrowser Browser => browser ?? throw new InvalidOperationException("Chromium is not launched.");

    public string DataDirectory => factory.DataDirectory;

    public T Service<T>() where T : notnull => factory.Services.GetRequiredService<T>();

    public async ValueTask InitializeAsync()
    {
        if (SkipReason is not null)
        {
            return;
        }
        baseAddress = factory.Start();

        playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }
        playwright?.Dispose();
        await factory.DisposeAsync();
    }
}
