using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LeafyBank.Tests.Browser;

/// <summary>
/// Issue 6, journeys 1 and 5 in a real browser: sign in as a persona through the identity
/// provider's own page and be greeted on the dashboard; sign out and find the dashboard protected.
/// </summary>
public sealed class SignInJourneyTests(BrowserApp app, Chromium chromium) : BrowserTest(app, chromium)
{
    [Fact]
    public Task Frida_signs_in_through_the_identity_provider_is_greeted_and_signing_out_protects_the_dashboard_again() => RunJourneyAsync(async page =>
    {
        await GotoAndWaitForCircuitAsync("/");
        await page.GetByTestId("landing-sign-in").ClickAsync();

        // The identity provider's page, on its own origin.
        await Expect(page.GetByLabel("User name")).ToBeVisibleAsync();
        Assert.NotEqual(BaseAddress.Authority, new Uri(page.Url).Authority);
        Assert.DoesNotContain("{Styles}", await page.ContentAsync(), StringComparison.Ordinal);
        await Expect(page.GetByText("fridaklo")).Not.ToHaveCountAsync(0);
        await page.GetByLabel("User name").FillAsync("fridaklo");
        await page.GetByLabel("Password").FillAsync("leafy");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        // Back at Leafy Bank, on the dashboard, greeted by name with her balance. The address and the circuit, not load events
        // (see GotoAndWaitForCircuitAsync), here and below; a cold app's first sign-in gets the slow budget (as SignInAtLeafyBankAsync).
        await page.WaitForURLAsync(url => url.StartsWith(new Uri(BaseAddress, "dashboard").ToString(), StringComparison.Ordinal),
            new() { WaitUntil = WaitUntilState.Commit, Timeout = SlowTimeoutMs });
        await WaitForCircuitAsync(timeoutMs: SlowTimeoutMs);
        await Expect(page.GetByTestId("welcome")).ToHaveTextAsync("Welcome, Frida Kahlo");
        await Expect(page.GetByTestId("total-balance")).ToContainTextAsync("4,625");
        await Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Frida Kahlo");
        // On a wide screen the name is in the bar only, not again in the menu.
        await Expect(page.GetByTestId("menu-signed-in-as")).Not.ToBeVisibleAsync();

        await page.GetByTestId("sign-out").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).Authority == BaseAddress.Authority && new Uri(url).AbsolutePath == "/",
            new() { WaitUntil = WaitUntilState.Commit });
        await WaitForCircuitAsync();
        await Expect(page.GetByTestId("landing-sign-in")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("signed-out")).ToContainTextAsync("You are signed out of Leafy Bank");

        // The protected page now sends the visitor to sign in again.
        // The provider's sign-in page: no circuit; its field is waited for.
        await page.GotoAsync(new Uri(BaseAddress, "dashboard").ToString(), new() { WaitUntil = WaitUntilState.Commit });
        await Expect(page.GetByLabel("Password")).ToBeVisibleAsync();
        Assert.NotEqual(BaseAddress.Authority, new Uri(page.Url).Authority);
    });

    [Fact]
    public Task Two_personas_in_two_browsers_each_see_only_their_own_position() => RunJourneyAsync(async fridasPage =>
    {
        // A second, separate browser context: its own cookies, as another person's browser.
        await using var gracesBrowser = await Chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseAddress.ToString() });
        var gracesPage = await gracesBrowser.NewPageAsync();

        await SignInAtLeafyBankAsync(fridasPage, "fridaklo");
        await SignInAtLeafyBankAsync(gracesPage, "gracehop");

        await Expect(fridasPage.GetByTestId("welcome")).ToHaveTextAsync("Welcome, Frida Kahlo");
        await Expect(gracesPage.GetByTestId("welcome")).ToHaveTextAsync("Welcome, Grace Hopper");
        await Expect(fridasPage.GetByTestId("total-balance")).ToContainTextAsync("4,625");
        await Expect(gracesPage.GetByTestId("total-balance")).ToContainTextAsync("3,150");

        // Each reloads (up once its circuit is, not at the load event): still their own, never the other's.
        await fridasPage.ReloadAsync(new() { WaitUntil = WaitUntilState.Commit });
        await WaitForCircuitAsync(fridasPage);
        await gracesPage.ReloadAsync(new() { WaitUntil = WaitUntilState.Commit });
        await WaitForCircuitAsync(gracesPage);
        await Expect(fridasPage.GetByTestId("user-name")).ToHaveTextAsync("Frida Kahlo");
        await Expect(gracesPage.GetByTestId("user-name")).ToHaveTextAsync("Grace Hopper");
        Assert.DoesNotContain("Grace Hopper", await fridasPage.ContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("Frida Kahlo", await gracesPage.ContentAsync(), StringComparison.Ordinal);
    });

    /// <summary>
    /// The app follows the device's dark setting, so its sign-in page does too: it was white between two dark pages. Dark
    /// here, and axe's colour rules find nothing on it.
    /// </summary>
    [Fact]
    public Task On_a_device_set_to_dark_the_sign_in_page_is_dark_and_readable() => RunJourneyAsync(async page =>
    {
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await page.GotoAsync(new Uri(BaseAddress, "dashboard").ToString(), new() { WaitUntil = WaitUntilState.Commit });
        await Expect(page.GetByLabel("User name")).ToBeVisibleAsync();
        Assert.NotEqual(BaseAddress.Authority, new Uri(page.Url).Authority);

        // Mean of the body's red, green and blue: the light page's is 249 or more.
        var brightness = await page.EvaluateAsync<double>(
            "() => getComputedStyle(document.body).backgroundColor.match(/\\d+/g).slice(0, 3).map(Number).reduce((a, b) => a + b) / 3");
        Assert.True(brightness < 60, $"The sign-in page's background is {brightness:0} of 255 bright in dark mode.");
        Assert.Empty(await PageFindings.CheckAsync(page, "sign-in (dark)", coloursOnly: true));
    });
}
