using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LeafyBank.Tests.Browser;

/// <summary>
/// Thames Bank through UK Open Banking 3.1.11 end to end, in a browser: Leafy creates an
/// account-access-consent under a client-credentials token, Frida authorises its intent id at the
/// bank, Leafy syncs, Frida revokes at the bank, and Leafy reads the consent's Revoked status from
/// the consent resource (on the next update, or when Connections is opened).
/// </summary>
public sealed class ThamesBankJourneyTests(BrowserApp app, Chromium chromium) : BrowserTest(app, chromium)
{
    [Fact]
    public Task A_customer_connects_syncs_and_revokes_Thames_Bank_through_the_UK_consent_flow() => RunJourneyAsync(async page =>
    {
        await SignInAtLeafyBankAsync(page, "fridaklo");
        await ConnectThroughThePagesAsync(page, "thamesbank", "Thames Bank", "frida");

        await GotoAndWaitForCircuitAsync("/connections");
        var thames = page.GetByTestId("connection-thamesbank");
        await Expect(thames.GetByTestId("account").First).ToBeVisibleAsync(new() { Timeout = SlowTimeoutMs });

        // At the bank: Frida stops sharing, after the bank's confirmation.
        // The bank's page is plain HTML with its styles inline: nothing to fetch can hold its load event back, and no circuit.
        await page.GotoAsync(new Uri(BaseAddress, "sandbox/thamesbank/my-consents").ToString());
        var revoke = page.GetByTestId("revoke").First;
        var bankSignIn = page.GetByLabel("Customer id");
        await Expect(revoke.Or(bankSignIn)).ToBeVisibleAsync(new() { Timeout = SlowTimeoutMs });
        if (await bankSignIn.IsVisibleAsync())
        {
            await SignInAtBankAsync(page, "frida", SlowTimeoutMs);
        }
        await revoke.ClickAsync();
        await page.GetByTestId("confirm-revoke").ClickAsync();
        await Expect(page.GetByTestId("consent-status").First).ToHaveTextAsync("Stopped by you");

        await GotoAndWaitForCircuitAsync("/connections");
        // Either way Leafy reads the consent resource: "Sync now", or opening Connections, which asks the bank in the
        // background at most every five minutes per bank and may already have turned the card (and removed the button).
        var status = thames.GetByTestId("status");
        try
        {
            await thames.GetByTestId("sync-now").ClickAsync(new() { Timeout = 10_000 });
        }
        catch (TimeoutException)
        {
            // Only the button's going away may excuse a click that never happened.
            Assert.Contains("Revoked at the bank", await status.TextContentAsync() ?? "", StringComparison.Ordinal);
        }
        await Expect(status).ToHaveTextAsync("Revoked at the bank", new() { Timeout = SlowTimeoutMs });
        await Expect(thames.GetByTestId("reconnect")).ToHaveTextAsync("Reconnect");
    });
}
