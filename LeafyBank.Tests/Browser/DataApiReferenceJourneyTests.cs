using LeafyBank.Web.Api;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LeafyBank.Tests.Browser;

/// <summary>
/// The data API reference page in Chromium (the suite's app runs in Development): Scalar renders
/// the data API's routes from the app's own script, offline, under the app's policy, on a desktop
/// and a phone.
/// </summary>
public sealed class DataApiReferenceJourneyTests(BrowserApp app, Chromium chromium) : BrowserTest(app, chromium)
{
    private const float RenderTimeoutMs = 30_000;

    /// <summary>
    /// Scalar's bundle includes Zod 4, which probes once whether it may compile validators
    /// (<c>try { Function("") } catch { jitless }</c>). The policy refuses eval, the probe reports
    /// that refusal, and Zod runs without compiling; the page and its request client work (asserted
    /// below). That probe is the one violation expected; any other fails the journey.
    /// </summary>
    private const string ZodEvalProbe = "script-src eval";

    private const string CollectViolations =
        "window.__violations = []; document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));";

    [Fact]
    public Task The_reference_page_shows_the_data_API_without_a_policy_violation_or_a_request_elsewhere() => RunJourneyAsync(async page =>
    {
        var origin = BaseAddress.GetLeftPart(UriPartial.Authority);
        var elsewhere = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(origin, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                elsewhere.Add(request.Url);
            }
        };
        await page.AddInitScriptAsync(CollectViolations);

        foreach (var (width, height) in new[] { (1280, 800), (390, 844) })
        {
            await page.SetViewportSizeAsync(width, height);
            await OpenReferenceAsync(page);

            // Scalar fetches and renders the document after its script loads: slower than a click on a busy machine.
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Leafy Bank Open Finance — data API" }))
                .ToBeVisibleAsync(new() { Timeout = RenderTimeoutMs });
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "The customer's global position" }))
                .ToBeAttachedAsync(new() { Timeout = RenderTimeoutMs });
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), $"leafybank-data-api-reference-{width}.png") });
            // Scalar's developer toolbar would offer to share the document with scalar.com.
            await Expect(page.GetByText("Generate SDK")).ToHaveCountAsync(0);
            await Expect(page.GetByText("Share", new() { Exact = true })).ToHaveCountAsync(0);
            var violations = (await page.EvaluateAsync<string[]>("() => window.__violations ?? []")).Where(v => v != ZodEvalProbe).ToArray();
            Assert.True(violations.Length == 0, $"policy violations at {width}×{height}: {string.Join("; ", violations)}");
        }

        Assert.True(elsewhere.Count == 0, $"requests to other origins: {string.Join(", ", elsewhere)}");
    });

    /// <summary>
    /// The request client runs under the same policy (no eval): a request sent without a token gets
    /// the API's own answer, a 401 problem. Chromium logs that 401 as a console error, which is the
    /// answer expected here, so this journey does not fail on console errors; policy violations still fail it.
    /// </summary>
    [Fact]
    public Task The_request_client_sends_a_request_under_the_policy() => RunJourneyAsync(async page =>
    {
        await page.AddInitScriptAsync(CollectViolations);
        await page.SetViewportSizeAsync(1280, 800);
        await OpenReferenceAsync(page);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "The customer's global position" }))
            .ToBeAttachedAsync(new() { Timeout = RenderTimeoutMs });

        await page.GetByRole(AriaRole.Button, new() { Name = "Test Request" }).First.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).First.ClickAsync();

        await Expect(page.GetByText("401 Unauthorized").First).ToBeVisibleAsync(new() { Timeout = RenderTimeoutMs });
        await Expect(page.GetByText("Authentication required").First).ToBeVisibleAsync();
        var violations = (await page.EvaluateAsync<string[]>("() => window.__violations ?? []")).Where(v => v != ZodEvalProbe).ToArray();
        Assert.True(violations.Length == 0, $"policy violations in the request client: {string.Join("; ", violations)}");
    }, assertNoConsoleErrors: false);

    /// <summary>
    /// Opens the reference and waits for its load event, kept here: no Blazor page (no circuit to wait for), and the policy and
    /// the requests are judged once the page has loaded all it asks for. Scalar's bundle is most of that load, and the page can
    /// show nothing before it, so its wait gets the render budget.
    /// </summary>
    private Task OpenReferenceAsync(IPage page) =>
        page.GotoAsync(new Uri(BaseAddress, DataApiReference.Path.TrimStart('/')).ToString(), new() { Timeout = RenderTimeoutMs });
}
