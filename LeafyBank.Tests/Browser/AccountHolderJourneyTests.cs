using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LeafyBank.Tests.Browser;

/// <summary>
/// Issue 12, "the account holder is checked" and "sign out everywhere", in a real browser: Grace
/// connects Green Bank but signs in at the bank as Frida (she knows Frida's password and sees her
/// code); Leafy Bank stores none of Frida's accounts and says why. Frida ends her sessions in one
/// browser and her other browser is signed out.
/// </summary>
public sealed class AccountHolderJourneyTests(BrowserApp app, Chromium chromium) : BrowserTest(app, chromium)
{
    private static readonly ObjectId Grace = ObjectId.Parse("66fe219d625d93a100528224");

    [Fact]
    public Task Accounts_the_bank_holds_for_someone_else_are_refused_and_the_connections_page_says_why() => RunJourneyAsync(async page =>
    {
        await SignInAtLeafyBankAsync(page, "gracehop");
        await GotoAndWaitForCircuitAsync("/connections/new");
        await page.GetByTestId("choose-greenbank").ClickAsync();
        await page.GetByTestId("continue").ClickAsync();
        await SignInAtBankAsync(page, "frida");
        await page.GetByTestId("approve").ClickAsync();
        await AtResultPageAsync(page, "connected");

        await Expect(page.GetByTestId("sync-problem")).ToContainTextAsync("not in your name (Grace Hopper)", new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("result-title")).ToHaveTextAsync("Green Bank sent accounts that are not yours");
        await Expect(page.GetByTestId("disconnect")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("reconnect")).ToHaveTextAsync("Connect again");
        await Expect(page.GetByText("Sync now")).ToHaveCountAsync(0);
        await SaveDocsScreenshotAsync("connect-result-holder-refused");
        await OnAPhoneAsync(page, "connect-result-holder-refused-phone");
        await GotoAndWaitForCircuitAsync("/connections");
        var card = page.GetByTestId("connection-greenbank");
        await Expect(card.GetByTestId("explanation")).ToContainTextAsync("did not store them");
        await Expect(card.GetByTestId("explanation")).Not.ToContainTextAsync("Frida");
        await Expect(card.GetByTestId("status")).ToHaveTextAsync("Not your accounts");
        await Expect(card.GetByTestId("disconnect")).ToHaveTextAsync("Disconnect");
        await Expect(card.GetByTestId("reconnect")).ToHaveTextAsync("Connect again");
        await Expect(card.GetByTestId("sync-now")).ToHaveCountAsync(0);
        await Expect(card).Not.ToContainTextAsync("Try again");
        // The card says it all here; the banner says it on every other page.
        await Expect(page.GetByTestId("connection-banner")).ToHaveCountAsync(0);
        await SaveDocsScreenshotAsync("connections-holder-refused");
        await OnAPhoneAsync(page, "connections-holder-refused-phone", oneLine: card.GetByRole(AriaRole.Heading, new() { Name = "Green Bank" }));
        await GotoAndWaitForCircuitAsync("/dashboard");
        var banner = page.GetByTestId("banner-greenbank");
        await Expect(banner.GetByTestId("banner-reconnect")).ToHaveTextAsync("Connect again");
        await Expect(banner).Not.ToContainTextAsync("Try again");
        await GotoAndWaitForCircuitAsync("/connections");

        // Disconnecting ends the consent at the bank; with nothing kept, the card then offers a fresh connection.
        await card.GetByTestId("disconnect").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Disconnect", Exact = true }).Last.ClickAsync();
        await Expect(card.GetByTestId("status")).ToHaveTextAsync("Disconnected");
        await Expect(card.GetByTestId("reconnect")).ToHaveTextAsync("Connect again");
        await Expect(page.GetByTestId("banner-greenbank")).ToHaveCountAsync(0);

        var store = App.Service<IDocumentStore>();
        Assert.Empty(await store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(Grace, a => a.AccountBank == "Green Bank", Cancel));
        Assert.NotEmpty(await store.Collection(OpenFinanceCollections.AuditEvents).FindAsync(Grace, e => e.Kind == AuditKinds.AccountsRefused, Cancel));
    });

    /// <summary>
    /// The page at 390×844 scrolls only downwards (nothing wider than the phone) and <paramref name="oneLine"/>, if given,
    /// keeps to one line; saved for the docs when asked; then back to the desktop.
    /// </summary>
    private async Task OnAPhoneAsync(IPage page, string screenshot, ILocator? oneLine = null)
    {
        await page.SetViewportSizeAsync(390, 844);
        await page.WaitForFunctionAsync("() => document.documentElement.scrollWidth <= window.innerWidth");
        if (oneLine is not null)
        {
            // The lines a text takes are its ranges' distinct tops: the bank's name once wrapped, squeezed by a long status beside it.
            Assert.Equal(1, await oneLine.EvaluateAsync<int>(
                "e => { const r = document.createRange(); r.selectNodeContents(e); return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; }"));
        }
        await SaveDocsScreenshotAsync(screenshot);
        await page.SetViewportSizeAsync(1280, 800);
    }

    [Fact]
    public Task Sign_out_everywhere_asks_first_and_signs_out_the_customers_other_browser() => RunJourneyAsync(async page =>
    {
        await using var otherBrowser = await Chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseAddress.ToString() });
        var other = await otherBrowser.NewPageAsync();
        await SignInAtLeafyBankAsync(other, "claumon");
        Assert.Equal(200, (await otherBrowser.APIRequest.GetAsync("dashboard", new() { MaxRedirects = 0 })).Status);

        await SignInAtLeafyBankAsync(page, "claumon");
        await page.GetByTestId("sign-out-everywhere").ClickAsync();
        // Addresses and circuits, not load events (see GotoAndWaitForCircuitAsync), here and below.
        await page.WaitForURLAsync(url => url.Contains("/account/sessions", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        await WaitForCircuitAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign out everywhere" })).ToBeVisibleAsync();
        if (Environment.GetEnvironmentVariable(ScreenshotsVariable) == "1")
        {
            await SaveDocsScreenshotAsync("sign-out-everywhere");
            await page.SetViewportSizeAsync(390, 844);
            await SaveDocsScreenshotAsync("sign-out-everywhere-phone");
        }
        await page.GetByTestId("confirm-sign-out-everywhere").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/sessions", StringComparison.Ordinal) && url.StartsWith(BaseAddress.ToString(), StringComparison.Ordinal),
            new() { WaitUntil = WaitUntilState.Commit });
        await WaitForCircuitAsync();

        // The other browser's cookie now names no session: it is sent home (keeping the page, to return to once signed in
        // again), where it is told why, then asked to sign in again.
        var afterwards = await otherBrowser.APIRequest.GetAsync("dashboard", new() { MaxRedirects = 0 });
        Assert.Equal(302, afterwards.Status);
        Assert.Equal("/?returnUrl=%2Fdashboard", afterwards.Headers["location"]);
        var home = await otherBrowser.APIRequest.GetAsync("", new() { MaxRedirects = 0 });
        Assert.Contains("You were signed out because", System.Net.WebUtility.HtmlDecode(await home.TextAsync()), StringComparison.Ordinal);
        var signIn = await otherBrowser.APIRequest.GetAsync("dashboard", new() { MaxRedirects = 0 });
        Assert.Equal(302, signIn.Status);
        Assert.Contains("connect/authorize", signIn.Headers["location"], StringComparison.Ordinal);
    });
}
