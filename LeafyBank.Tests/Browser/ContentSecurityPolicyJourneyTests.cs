using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LeafyBank.Tests.Browser;

/// <summary>
/// The app and a bank's pages work under the strict policy (<c>script-src 'self'</c>, no eval):
/// Blazor's circuit connects, MudBlazor renders and reacts, and the browser reports no
/// <c>securitypolicyviolation</c> and no console error.
/// </summary>
public sealed class ContentSecurityPolicyJourneyTests(BrowserApp app, Chromium chromium) : BrowserTest(app, chromium)
{
    // Collected in the page itself: a violation is reported as an event as well as a console message.
    private const string CollectViolations =
        "window.__violations = []; document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));";

    [Fact]
    public Task The_app_and_a_banks_sign_in_page_run_under_the_policy_without_a_single_violation() => RunJourneyAsync(async page =>
    {
        await page.AddInitScriptAsync(CollectViolations);

        var landing = await GotoAndWaitForCircuitAsync("/");
        Assert.Contains("script-src 'self'", await landing!.HeaderValueAsync("content-security-policy"), StringComparison.Ordinal);
        await AssertNoViolationsAsync(page, "/");

        await SignInAtLeafyBankAsync(page, "fridaklo");
        // An interactive MudBlazor control works: the circuit runs under the policy.
        await Expect(page.GetByTestId("circuit-ready")).ToBeAttachedAsync();
        await AssertNoViolationsAsync(page, "/dashboard");

        // The load event, kept: the policy is judged once the page has loaded all it asks for (a plain HTML page with its styles
        // inline, so nothing can hold the event back).
        var bankPage = await page.GotoAsync(new Uri(BaseAddress, "sandbox/greenbank/signin").ToString());
        Assert.Contains("frame-ancestors 'none'", await bankPage!.HeaderValueAsync("content-security-policy"), StringComparison.Ordinal);
        await Expect(page.GetByLabel("Password")).ToBeVisibleAsync();
        await AssertNoViolationsAsync(page, "the bank's sign-in page");
    });

    private static async Task AssertNoViolationsAsync(IPage page, string where)
    {
        var violations = await page.EvaluateAsync<string[]>("() => window.__violations ?? []");
        Assert.True(violations.Length == 0, $"policy violations on {where}: {string.Join("; ", violations)}");
    }
}
