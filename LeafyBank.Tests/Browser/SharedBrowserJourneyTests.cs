using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LeafyBank.Tests.Browser;

/// <summary>
/// Issue 12, "shared browser": Frida connects Green Bank and signs out of Leafy Bank; Grace, in
/// the same browser, connects Green Bank too. The bank must ask who is there (password and
/// one-time code), and Grace must get her own accounts, never Frida's. Then the bank's own pages
/// as a customer sees them: My consents at desktop and phone width, revoking after confirming.
/// </summary>
public sealed class SharedBrowserJourneyTests(BrowserApp app, Chromium chromium) : BrowserTest(app, chromium)
{
    private static readonly ObjectId Frida = ObjectId.Parse("65a546ae4a8f64e8f88fb89e");
    private static readonly ObjectId Grace = ObjectId.Parse("66fe219d625d93a100528224");

    [Fact]
    public Task Grace_connecting_after_Frida_in_the_same_browser_signs_in_at_the_bank_herself_and_gets_her_own_accounts() => RunJourneyAsync(async page =>
    {
        await SignInAtLeafyBankAsync(page, "fridaklo");
        await ConnectAsync(page, "greenbank", "frida");
        await page.GetByTestId("sign-out").ClickAsync();
        // Addresses and circuits, not load events (see GotoAndWaitForCircuitAsync), here and below.
        await page.WaitForURLAsync(url => !url.Contains("/connections", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        await WaitForCircuitAsync();

        await SignInAtLeafyBankAsync(page, "gracehop");
        await GotoAndWaitForCircuitAsync("/connections/new");
        await page.GetByTestId("choose-greenbank").ClickAsync();
        await page.GetByTestId("continue").ClickAsync();

        // The bank asks again: no "Signed in as Frida Kahlo", no Approve button.
        await Expect(page.GetByLabel("Customer id")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("approve")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("signed-in-as")).ToHaveCountAsync(0);
        await SignInAtBankAsync(page, "grace");
        await Expect(page.GetByTestId("signed-in-as")).ToContainTextAsync("Grace Hopper");
        await page.GetByTestId("approve").ClickAsync();
        await AtResultPageAsync(page, "connected");
        await Expect(page.GetByTestId("sync-summary")).ToBeVisibleAsync(new() { Timeout = 30_000 });

        var accounts = App.Service<IDocumentStore>().Collection(OpenFinanceCollections.ExternalAccounts);
        var fridas = (await accounts.FindAsync(Frida, a => a.AccountBank == "Green Bank", Cancel)).Select(a => a.AccountId).ToHashSet();
        var graces = (await accounts.FindAsync(Grace, a => a.AccountBank == "Green Bank", Cancel)).Select(a => a.AccountId).ToList();
        Assert.NotEmpty(fridas);
        Assert.NotEmpty(graces);
        Assert.DoesNotContain(graces, fridas.Contains);
    });

    [Theory]
    [InlineData(1280, 800, "donaubank", "bank-my-consents")]
    [InlineData(390, 844, "thamesbank", "bank-my-consents-phone")]
    public Task My_consents_at_the_bank_names_Leafy_Bank_and_the_accounts_fits_the_screen_and_asks_before_revoking(int width, int height, string bankId, string screenshot) =>
        RunJourneyAsync(async page =>
        {
            // Each case at its own bank: the class's tests share one app, and a second consent at a bank is a renewal.
            await page.SetViewportSizeAsync(width, height);
            await SignInAtLeafyBankAsync(page, "fridaklo");
            await ConnectAsync(page, bankId, "frida", width == 1280 ? "bank-consent" : "bank-consent-phone");

            // The load event, kept: the overflow check below needs the whole page, which is plain HTML with its styles inline
            // (nothing to fetch can hold the event back, and no circuit).
            await page.GotoAsync(new Uri(BaseAddress, $"sandbox/{bankId}/my-consents").ToString());
            var consent = page.GetByTestId("consent");
            await Expect(consent).ToHaveCountAsync(1);
            await Expect(consent.GetByTestId("consent-party")).ToHaveTextAsync("Leafy Bank");
            await Expect(consent.GetByTestId("consent-status")).ToHaveTextAsync("Active");
            var shared = await consent.GetByTestId("consent-accounts").Locator("li").AllTextContentsAsync();
            Assert.NotEmpty(shared);
            Assert.All(shared, name => Assert.DoesNotMatch("[0-9a-f]{8}-|cns-|[A-Z]{2}-frida", name));
            await Expect(page.Locator("main")).Not.ToContainTextAsync("cns-");
            var overflow = await page.EvaluateAsync<int>("() => [...document.querySelectorAll('main, main *')].filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible').length + (document.documentElement.scrollWidth > window.innerWidth ? 1 : 0)");
            Assert.Equal(0, overflow);
            await SaveDocsScreenshotAsync(screenshot);

            await consent.GetByTestId("revoke").ClickAsync();
            await Expect(page.GetByTestId("confirm-title")).ToHaveTextAsync("Stop sharing with Leafy Bank?");
            await page.GetByTestId("keep").ClickAsync();
            await Expect(page.GetByTestId("consent-status")).ToHaveTextAsync("Active");

            await page.GetByTestId("revoke").ClickAsync();
            await page.GetByTestId("confirm-revoke").ClickAsync();
            await Expect(page.GetByTestId("consent-status")).ToHaveTextAsync("Stopped by you");
            await Expect(page.GetByTestId("revoke")).ToHaveCountAsync(0);
        });

    private async Task ConnectAsync(IPage page, string bankId, string bankCustomer, string? consentScreenshot = null)
    {
        await GotoAndWaitForCircuitAsync("/connections/new");
        await page.GetByTestId($"choose-{bankId}").ClickAsync();
        await page.GetByTestId("continue").ClickAsync();
        await SignInAtBankAsync(page, bankCustomer,
            atPasswordPage: consentScreenshot is null ? null : () => SaveDocsScreenshotAsync(consentScreenshot.Replace("consent", "signin", StringComparison.Ordinal)),
            atCodePage: consentScreenshot is null ? null : () => SaveDocsScreenshotAsync(consentScreenshot.Replace("consent", "code", StringComparison.Ordinal)));
        await Expect(page.GetByTestId("approve")).ToBeVisibleAsync();
        if (consentScreenshot is not null)
        {
            await SaveDocsScreenshotAsync(consentScreenshot);
        }
        await page.GetByTestId("approve").ClickAsync();
        await AtResultPageAsync(page, "connected");
        await Expect(page.GetByTestId("sync-summary")).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }
}
