using Microsoft.Playwright;

namespace LeafyBank.Tests.Browser;

/// <summary>The browser harness itself: its guards must fail on a broken page, or a journey could pass silently.</summary>
public sealed class BrowserHarnessTests(BrowserApp app, Chromium chromium) : BrowserTest(app, chromium)
{
    [Fact]
    public Task A_console_error_on_a_page_fails_the_console_guard() => RunJourneyAsync(async page =>
    {
        await GotoAndWaitForCircuitAsync("/");
        AssertNoConsoleErrors();

        await page.RunAndWaitForConsoleMessageAsync(() => page.EvaluateAsync("() => console.error('deliberately broken page')"),
            new PageRunAndWaitForConsoleMessageOptions { Predicate = message => message.Type == "error" });

        var failure = Assert.ThrowsAny<Exception>(AssertNoConsoleErrors);
        Assert.Contains("deliberately broken page", failure.Message, StringComparison.Ordinal);
    }, assertNoConsoleErrors: false);

    [Fact]
    public Task An_uncaught_script_error_fails_the_console_guard() => RunJourneyAsync(async page =>
    {
        await GotoAndWaitForCircuitAsync("/");

        var uncaught = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        page.PageError += (_, _) => uncaught.TrySetResult();
        await page.EvaluateAsync("() => { setTimeout(() => { throw new Error('uncaught in a timer'); }, 0); }");
        await uncaught.Task.WaitAsync(TimeSpan.FromSeconds(10), Cancel);

        var failure = Assert.ThrowsAny<Exception>(AssertNoConsoleErrors);
        Assert.Contains("uncaught in a timer", failure.Message, StringComparison.Ordinal);
    }, assertNoConsoleErrors: false);

    [Fact]
    public async Task A_failing_journey_rethrows_and_leaves_a_screenshot_and_the_console_log()
    {
        if (Chromium.SkipReason is { } reason)
        {
            Assert.Skip(reason);
        }
        var artifacts = FailureArtifactsDirectory();
        if (Directory.Exists(artifacts))
        {
            Directory.Delete(artifacts, recursive: true);
        }

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => RunJourneyAsync(async page =>
        {
            await GotoAndWaitForCircuitAsync("/");
            await page.EvaluateAsync("() => console.log('breadcrumb before the failure')");
            await page.GetByTestId("no-such-element").ClickAsync(new LocatorClickOptions { Timeout = 500 });
        }));

        Assert.IsType<TimeoutException>(failure);
        Assert.True(new FileInfo(Path.Combine(artifacts, "failure.png")).Length > 1000, "a screenshot of the page");
        var log = await File.ReadAllTextAsync(Path.Combine(artifacts, "console.log"), Cancel);
        Assert.Contains("breadcrumb before the failure", log, StringComparison.Ordinal);
        Assert.Contains(BaseAddress.ToString(), log, StringComparison.Ordinal);
        Directory.Delete(artifacts, recursive: true);
    }

    [Fact]
    public async Task The_page_checks_find_what_axe_and_the_overflow_scan_look_for()
    {
        if (Chromium.SkipReason is { } reason)
        {
            Assert.Skip(reason);
        }
        var page = await Chromium.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 390, Height = 844 } });
        await page.SetContentAsync("""
            <html lang="en"><head><title>Broken on purpose</title></head><body><main>
              <h1>Broken on purpose</h1>
              <button></button>
              <p style="color:#ddd;background:#fff">Faint text</p>
              <div data-testid="cut" style="width:100px;overflow:hidden;white-space:nowrap">A line far too long to fit in one hundred pixels</div>
            </main></body></html>
            """);

        var everything = await PageFindings.CheckAsync(page, "/broken");
        var colourOnly = await PageFindings.CheckAsync(page, "/broken", coloursOnly: true);
        await page.CloseAsync();

        // Axe names an element by the shortest selector that is unique on the page.
        Assert.Contains(everything, f => f is { Check: "axe:button-name", Selector: "button" });
        Assert.Contains(everything, f => f is { Check: "axe:color-contrast", Selector: "p" });
        Assert.Contains(everything, f => f is { Check: "cut", Selector: "[data-testid=cut]", Width: 390 });
        Assert.Equal(["axe:color-contrast"], colourOnly.Select(f => f.Check).Distinct());
    }
}
