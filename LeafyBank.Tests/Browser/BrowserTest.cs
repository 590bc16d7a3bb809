using Microsoft.Playwright;

namespace LeafyBank.Tests.Browser;

/// <summary>
/// Base of every browser journey: a fresh browser context and page per test (cookies and storage
/// never leak between tests), the page's console errors, uncaught script errors and failed
/// requests to the app's own origin collected, and screenshots plus the console log saved under
/// <c>LeafyBank.Tests/TestResults/browser/&lt;test&gt;/</c> when a journey fails.
/// </summary>
public abstract class BrowserTest(BrowserApp app, Chromium chromium) : IClassFixture<BrowserApp>, IAsyncLifetime
{
    /// <summary>Set to 1 to save the journeys' named screenshots to docs/screenshots/.</summary>
    public const string ScreenshotsVariable = "LEAFYBANK_SCREENSHOTS";

    private const float DefaultTimeoutMs = 15_000;
    private const float SignInTimeoutMs = 45_000;

    private readonly ConcurrentQueue<string> consoleLog = new();
    private readonly ConcurrentQueue<string> errors = new();
    private IBrowserContext? context;
    private IPage? page;

    protected BrowserApp App => app;

    protected Chromium Chromium => chromium;

    protected Uri BaseAddress => app.BaseAddress;

    protected IPage Page => page ?? throw new InvalidOperationException("No page (Chromium missing?).");

    /// <summary>Console errors, uncaught page errors and failed requests to the app's origin seen so far.</summary>
    protected IReadOnlyCollection<string> ConsoleErrors => errors.ToArray();

    protected static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    public virtual async ValueTask InitializeAsync()
    {
        if (Chromium.SkipReason is not null)
        {
            return;
        }
        // Artifacts of an earlier failed run of this test would mislead.
        var artifacts = FailureArtifactsDirectory();
        if (Directory.Exists(artifacts))
        {
            Directory.Delete(artifacts, recursive: true);
        }
        context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            ColorScheme = ColorScheme.Light,
            Locale = "en-US",
        });
        context.SetDefaultTimeout(DefaultTimeoutMs);
        context.SetDefaultNavigationTimeout(DefaultTimeoutMs);
        // Expect(…) has its own clock, 5 s by default: on CI's two loaded cores a circuit's render can
        // take longer, so assertions wait as long as actions do. One that holds returns at once.
        Assertions.SetDefaultExpectTimeout(DefaultTimeoutMs);
        page = await context.NewPageAsync();
        Watch(page);
    }

    public virtual async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (context is not null)
        {
            await context.DisposeAsync();
        }
    }

    /// <summary>
    /// Runs a journey on this test's page: skipped (with the reason) when Chromium is missing;
    /// on any failure saves a screenshot and the console log, then rethrows; by default ends
    /// with <see cref="AssertNoConsoleErrors"/>.
    /// </summary>
    protected async Task RunJourneyAsync(Func<IPage, Task> journey, bool assertNoConsoleErrors = true)
    {
        if (Chromium.SkipReason is { } reason)
        {
            Assert.Skip(reason);
        }
        try
        {
            await journey(Page);
            if (assertNoConsoleErrors)
            {
                AssertNoConsoleErrors();
            }
        }
        catch (Exception failure)
        {
            await SaveFailureArtifactsAsync(failure);
            throw;
        }
    }

    /// <summary>Opens a path of the app and waits until the Blazor circuit has rendered interactively.</summary>
    protected async Task<IResponse?> GotoAndWaitForCircuitAsync(string path)
    {
        var response = await Page.GotoAsync(new Uri(BaseAddress, path.TrimStart('/')).ToString());
        await WaitForCircuitAsync();
        return response;
    }

    /// <summary>Waits for the marker MainLayout renders after its first interactive render (clicks before it are lost).</summary>
    protected Task WaitForCircuitAsync() =>
        Page.Locator("[data-testid=circuit-ready]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    /// <summary>
    /// Signs in at Leafy Bank through the identity provider's page; ends on the start page: the
    /// dashboard for a customer, the analytics for an analyst who is not a customer.
    /// </summary>
    protected async Task SignInAtLeafyBankAsync(IPage page, string userName)
    {
        await page.GotoAsync(new Uri(BaseAddress, "authentication/login").ToString());
        await page.GetByLabel("User name").FillAsync(userName);
        await page.GetByLabel("Password").FillAsync("leafy");
        // A cold app's first sign-in (discovery, keys, the first page's data) can take longer than a click on a busy machine.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync(new() { Timeout = SignInTimeoutMs });
        string[] startPages = [new Uri(BaseAddress, "dashboard").ToString(), new Uri(BaseAddress, "analytics").ToString()];
        await page.WaitForURLAsync(url => startPages.Any(start => url.StartsWith(start, StringComparison.Ordinal)), new() { Timeout = SignInTimeoutMs });
        await page.Locator("[data-testid=circuit-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = SignInTimeoutMs });
    }

    /// <summary>
    /// <paramref name="userName"/> signs in at Leafy Bank and links <paramref name="banks"/> through the
    /// pages as <paramref name="bankCustomer"/>, in a browser of their own (so each journey still
    /// signs in on its own page, as whoever it needs); no console error is allowed meanwhile.
    /// </summary>
    protected async Task LinkBanksInOwnBrowserAsync(string userName, string bankCustomer, params (string Id, string Name)[] banks)
    {
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseAddress.ToString(), Locale = "en-US" });
        context.SetDefaultTimeout(BankLinking.SlowTimeoutMs);
        var linking = await context.NewPageAsync();
        var linkingErrors = BankLinking.ErrorsOf(linking);
        await SignInAtLeafyBankAsync(linking, userName);
        foreach (var (id, name) in banks)
        {
            await BankLinking.ConnectThroughThePagesAsync(linking, BaseAddress, id, name, bankCustomer);
        }
        Assert.True(linkingErrors.IsEmpty, $"while {userName} linked banks: " + string.Join('\n', linkingErrors));
    }

    /// <summary>Fails with every console error, uncaught script error and failed own-origin request seen.</summary>
    protected void AssertNoConsoleErrors()
    {
        var seen = errors.ToArray();
        Assert.True(seen.Length == 0, $"The browser reported {seen.Length} error(s):\n{string.Join('\n', seen)}");
    }

    /// <summary>Saves docs/screenshots/&lt;name&gt;.png when <see cref="ScreenshotsVariable"/> is 1; otherwise does nothing.</summary>
    /// <param name="fullPage">False: only what the screen shows (a phone's first screen, not a page many screens tall).</param>
    protected async Task SaveDocsScreenshotAsync(string name, bool fullPage = true)
    {
        if (Environment.GetEnvironmentVariable(ScreenshotsVariable) != "1")
        {
            return;
        }
        var directory = Path.Combine(RepositoryRoot(), "docs", "screenshots");
        Directory.CreateDirectory(directory);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name + ".png"), FullPage = fullPage });
    }

    /// <summary>The folder holding LeafyBank.Blazor.sln, found by walking up from the test binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LeafyBank.Blazor.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No LeafyBank.Blazor.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>Where a failed test's screenshot and console log go.</summary>
    protected static string FailureArtifactsDirectory()
    {
        var test = Xunit.TestContext.Current.Test;
        var name = test is null ? "unknown" : $"{test.TestCase.TestClassName}.{test.TestCase.TestMethodName}";
        var invalid = Path.GetInvalidFileNameChars();
        var safe = new string(name.Select(c => invalid.Contains(c) || char.IsWhiteSpace(c) ? '_' : c).ToArray());
        return Path.Combine(RepositoryRoot(), "LeafyBank.Tests", "TestResults", "browser", safe);
    }

    private async Task SaveFailureArtifactsAsync(Exception failure)
    {
        var directory = FailureArtifactsDirectory();
        Directory.CreateDirectory(directory);
        var log = new StringBuilder()
            .AppendLine($"Failure: {failure.GetType().Name}: {failure.Message}")
            .AppendLine($"Page URL: {page?.Url}")
            .AppendLine("--- errors ---")
            .AppendJoin("", errors.Select(error => error + Environment.NewLine))
            .AppendLine("--- console ---")
            .AppendJoin("", consoleLog.Select(line => line + Environment.NewLine));
        await File.WriteAllTextAsync(Path.Combine(directory, "console.log"), log.ToString(), CancellationToken.None);
        if (page is { IsClosed: false })
        {
            try
            {
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, "failure.png"), FullPage = true, Timeout = 5_000 });
            }
            catch (PlaywrightException screenshotFailure)
            {
                await File.AppendAllTextAsync(Path.Combine(directory, "console.log"), $"(no screenshot: {screenshotFailure.Message})\n", CancellationToken.None);
            }
        }
    }

    private void Watch(IPage watched)
    {
        var origin = BaseAddress.GetLeftPart(UriPartial.Authority);
        watched.Console += (_, message) =>
        {
            var line = $"[{message.Type}] {message.Text} ({message.Location})";
            consoleLog.Enqueue(line);
            if (message.Type == "error")
            {
                errors.Enqueue("console.error: " + line);
            }
        };
        watched.PageError += (_, error) =>
        {
            consoleLog.Enqueue("[pageerror] " + error);
            errors.Enqueue("uncaught: " + error);
        };
        watched.RequestFailed += (_, request) =>
        {
            var line = $"{request.Method} {request.Url} failed: {request.Failure}";
            consoleLog.Enqueue("[requestfailed] " + line);
            if (request.Url.StartsWith(origin, StringComparison.Ordinal))
            {
                errors.Enqueue("request failed: " + line);
            }
        };
    }
}
