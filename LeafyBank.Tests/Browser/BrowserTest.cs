using LeafyBank.DevIdentityProvider;
using LeafyBank.Sandbox.Customers;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LeafyBank.Tests.Browser;

/// <summary>
/// Base of every browser journey: a fresh browser context and page per test (cookies and storage
/// never leak between tests), the page's console errors, uncaught script errors and failed
/// requests to the app's own origin collected, and screenshots plus the console log saved under
/// <c>LeafyBank.Tests/TestResults/browser/&lt;test&gt;/</c> when a journey fails. It also holds the
/// steps journeys share: signing in at Leafy Bank, and linking a bank as a customer would (Leafy's
/// pages, then the bank's own sign-in, one-time code and consent pages).
/// </summary>
public abstract class BrowserTest(BrowserApp app, Chromium chromium) : IClassFixture<BrowserApp>, IAsyncLifetime
{
    /// <summary>Set to 1 to save the journeys' named screenshots to docs/screenshots/.</summary>
    public const string ScreenshotsVariable = "LEAFYBANK_SCREENSHOTS";

    /// <summary>Generous: the machine running the suite is shared and slow at times; waits end as soon as the element is there.</summary>
    protected const float SlowTimeoutMs = 45_000;

    private const float DefaultTimeoutMs = 15_000;

    private readonly ConcurrentQueue<string> consoleLog = new();
    private ConcurrentQueue<string> errors = new();
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
        // Expect(…) has its own clock, 5 s by default: on CI's two loaded cores a circuit's render can
        // take longer, so assertions wait as long as actions do. One that holds returns at once.
        Assertions.SetDefaultExpectTimeout(DefaultTimeoutMs);
        page = await context.NewPageAsync();
        errors = Watch(page);
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

    /// <summary>
    /// Opens a path of the app (on this test's page unless told another) and waits until the Blazor circuit has rendered
    /// interactively: the page's address, then the circuit's marker, not the browser's load event, which a busy machine can
    /// hold back behind a slow static file long after the page works.
    /// </summary>
    protected async Task<IResponse?> GotoAndWaitForCircuitAsync(string path, IPage? page = null)
    {
        // Every context the journeys open has the app as its BaseURL, so the path is resolved against it.
        var response = await (page ?? Page).GotoAsync(path, new() { WaitUntil = WaitUntilState.Commit });
        await WaitForCircuitAsync(page);
        return response;
    }

    /// <summary>Waits for the marker MainLayout renders after its first interactive render (clicks before it are lost).</summary>
    protected Task WaitForCircuitAsync(IPage? page = null, float? timeoutMs = null) =>
        (page ?? Page).Locator("[data-testid=circuit-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = timeoutMs });

    /// <summary>
    /// Signs in at Leafy Bank through the identity provider's page; ends on <paramref name="returnUrl"/> if given, otherwise on
    /// the start page: the dashboard for a customer, the analytics for an analyst who is not a customer.
    /// </summary>
    protected async Task SignInAtLeafyBankAsync(IPage page, string userName, string? returnUrl = null)
    {
        // A cold app's first challenge (the provider's discovery and keys, everything's first run) comes before the sign-in
        // page's first byte: the slow budget, and the page's address rather than its load event (see GotoAndWaitForCircuitAsync).
        var login = returnUrl is null ? "/authentication/login" : $"/authentication/login?returnUrl={Uri.EscapeDataString(returnUrl)}";
        await page.GotoAsync(login, new() { WaitUntil = WaitUntilState.Commit, Timeout = SlowTimeoutMs });
        await page.GetByLabel("User name").FillAsync(userName);
        await page.GetByLabel("Password").FillAsync(DevIdentityEndpoints.DemoPassword);
        // A cold app's first sign-in (discovery, keys, the first page's data) can take longer than a click on a busy machine.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync(new() { Timeout = SlowTimeoutMs });
        string[] startPages = returnUrl is null ? ["dashboard", "analytics"] : [returnUrl.TrimStart('/')];
        await page.WaitForURLAsync(url => startPages.Any(start => url.StartsWith(BaseAddress + start, StringComparison.Ordinal)),
            new() { WaitUntil = WaitUntilState.Commit, Timeout = SlowTimeoutMs });
        await WaitForCircuitAsync(page, SlowTimeoutMs);
    }

    /// <summary>Connect a bank → review → the bank's sign-in and consent pages → Approve → the first update.</summary>
    protected async Task ConnectThroughThePagesAsync(IPage page, string bankId, string bankName, string bankCustomerId)
    {
        await GotoAndWaitForCircuitAsync("/connections/new", page);
        await page.GetByTestId($"choose-{bankId}").ClickAsync();
        await Expect(page.GetByTestId("review")).ToBeVisibleAsync();
        await page.GetByTestId("continue").ClickAsync();

        await SignInAtBankAsync(page, bankCustomerId, SlowTimeoutMs);
        await Expect(page.GetByTestId("consent-title")).ToContainTextAsync(bankName);
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();

        await AtResultPageAsync(page, "connected");
        await Expect(page.GetByTestId("result-title")).ToHaveTextAsync($"{bankName} is connected");
        await Expect(page.GetByTestId("sync-summary")).ToBeVisibleAsync(new() { Timeout = SlowTimeoutMs });
    }

    /// <summary>
    /// Back at Leafy Bank from the bank: on the result page, with <paramref name="outcome"/> in its address, once its circuit is up
    /// (see <see cref="GotoAndWaitForCircuitAsync"/>); the callback before it reads the bank's token and consent: the slow budget.
    /// </summary>
    protected async Task AtResultPageAsync(IPage page, string outcome)
    {
        await page.WaitForURLAsync(url => url.Contains("/connections/result", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit, Timeout = SlowTimeoutMs });
        Assert.Contains($"outcome={outcome}", page.Url, StringComparison.Ordinal);
        await WaitForCircuitAsync(page, SlowTimeoutMs);
    }

    /// <summary>
    /// Signs in at a bank with the customer id and password, then the one-time code the sandbox shows on the page in place
    /// of a text message; <paramref name="atPasswordPage"/> and <paramref name="atCodePage"/> run on each page before it is
    /// submitted (e.g. a screenshot).
    /// </summary>
    protected static async Task SignInAtBankAsync(IPage page, string customer, float timeoutMs = 5_000,
        Func<Task>? atPasswordPage = null, Func<Task>? atCodePage = null)
    {
        // The bank's pages are plain server-rendered HTML: no Blazor circuit to wait for.
        await Expect(page.GetByLabel("Customer id")).ToBeVisibleAsync(new() { Timeout = timeoutMs });
        await page.GetByLabel("Customer id").FillAsync(customer);
        await page.GetByLabel("Password").FillAsync(SandboxCustomers.DemoPassword);
        if (atPasswordPage is not null)
        {
            await atPasswordPage();
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByLabel("One-time code").FillAsync((await page.GetByTestId("sandbox-code").TextContentAsync())!);
        if (atCodePage is not null)
        {
            await atCodePage();
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
    }

    /// <summary>
    /// <paramref name="userName"/> signs in at Leafy Bank and links <paramref name="banks"/> through the
    /// pages as <paramref name="bankCustomer"/>, in a browser of their own (so each journey still
    /// signs in on its own page, as whoever it needs); no console error is allowed meanwhile.
    /// </summary>
    protected async Task LinkBanksInOwnBrowserAsync(string userName, string bankCustomer, params (string Id, string Name)[] banks)
    {
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseAddress.ToString(), Locale = "en-US" });
        context.SetDefaultTimeout(SlowTimeoutMs);
        var linking = await context.NewPageAsync();
        var linkingErrors = Watch(linking);
        await SignInAtLeafyBankAsync(linking, userName);
        foreach (var (id, name) in banks)
        {
            await ConnectThroughThePagesAsync(linking, id, name, bankCustomer);
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
        // A class's full name and a method's name: both safe as a folder name.
        var test = Xunit.TestContext.Current.Test;
        var name = test is null ? "unknown" : $"{test.TestCase.TestClassName}.{test.TestCase.TestMethodName}";
        return Path.Combine(RepositoryRoot(), "LeafyBank.Tests", "TestResults", "browser", name);
    }

    private async Task SaveFailureArtifactsAsync(Exception failure)
    {
        var directory = FailureArtifactsDirectory();
        Directory.CreateDirectory(directory);
        var log = new StringBuilder()
            .AppendLine($"Failure: {failure.GetType().Name}: {failure.Message}")
            .AppendLine($"Page URL: {page?.Url}")
            // Every error the guard reports is in the console log too (console errors, [pageerror], [requestfailed]).
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

    /// <summary>
    /// Adds <paramref name="watched"/>'s console to the log saved on failure, and returns its errors as they come: console
    /// errors, uncaught script errors and failed requests to the app's own origin.
    /// </summary>
    protected ConcurrentQueue<string> Watch(IPage watched)
    {
        var pageErrors = new ConcurrentQueue<string>();
        var origin = BaseAddress.GetLeftPart(UriPartial.Authority);
        watched.Console += (_, message) =>
        {
            var line = $"[{message.Type}] {message.Text} ({message.Location})";
            consoleLog.Enqueue(line);
            if (message.Type == "error")
            {
                pageErrors.Enqueue("console.error: " + line);
            }
        };
        watched.PageError += (_, error) =>
        {
            consoleLog.Enqueue("[pageerror] " + error);
            pageErrors.Enqueue("uncaught: " + error);
        };
        watched.RequestFailed += (_, request) =>
        {
            var line = $"{request.Method} {request.Url} failed: {request.Failure}";
            consoleLog.Enqueue("[requestfailed] " + line);
            if (request.Url.StartsWith(origin, StringComparison.Ordinal))
            {
                pageErrors.Enqueue("request failed: " + line);
            }
        };
        return pageErrors;
    }
}
