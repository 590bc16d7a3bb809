using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LeafyBank.Tests.Browser;

/// <summary>
/// Issue 11, connection states that are true: with four banks linked, Frida revokes one at the
/// bank, disconnects one keeping its data, disconnects one deleting it, and lets one run out. Each
/// card then says what happened, with its one action and true dates, at desktop and phone width;
/// the picker marks the banks already connected; reconnecting is a new connection.
/// </summary>
public sealed class ConnectionStatesJourneyTests(BrowserApp app, Chromium chromium) : BrowserTest(app, chromium)
{
    private readonly PartyReference frida = new() { UserId = ObjectId.Parse("65a546ae4a8f64e8f88fb89e"), UserName = "fridaklo" };

    [Fact]
    public Task Each_way_a_connection_ends_shows_its_own_state_action_and_dates_at_both_widths() => RunJourneyAsync(async page =>
    {
        await SignInAtLeafyBankAsync(page, "fridaklo");
        foreach (var bank in new[] { "greenbank", "thamesbank", "donaubank", "mongodbbank" })
        {
            await GotoAndWaitForCircuitAsync("/connections/new");
            await page.GetByTestId($"choose-{bank}").ClickAsync();
            await page.GetByTestId("continue").ClickAsync();
            // Every consent is authorised afresh at the bank: password, then the one-time code.
            await SignInAtBankAsync(page, "frida", SlowTimeoutMs);
            await page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
            await AtResultPageAsync(page, "connected");
            await Expect(page.GetByTestId("sync-summary")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        }

        // The picker marks every bank as connected, and says choosing one renews it.
        await GotoAndWaitForCircuitAsync("/connections/new");
        await Expect(page.GetByTestId("already")).ToHaveCountAsync(4);
        await Expect(page.GetByTestId("bank-greenbank").GetByTestId("already-note")).ToContainTextAsync("Choosing it lets you change what you share");
        await Expect(page.GetByTestId("bank-list")).Not.ToContainTextAsync("Open Banking");

        // Green Bank: Frida revokes at the bank; opening Connections asks the bank, and the card says so without a sync.
        // The bank's page is plain HTML with its styles inline: nothing to fetch can hold its load event back, and no circuit.
        await page.GotoAsync(new Uri(BaseAddress, "sandbox/greenbank/my-consents").ToString());
        var revoke = page.GetByTestId("revoke").First;
        var bankSignIn = page.GetByLabel("Customer id");
        await Expect(revoke.Or(bankSignIn)).ToBeVisibleAsync(new() { Timeout = SlowTimeoutMs });
        if (await bankSignIn.IsVisibleAsync())
        {
            await SignInAtBankAsync(page, "frida", SlowTimeoutMs);
        }
        // The bank asks before it stops sharing.
        await revoke.ClickAsync();
        await page.GetByTestId("confirm-revoke").ClickAsync();
        await Expect(page.GetByTestId("consent-status").First).ToHaveTextAsync("Stopped by you");
        await GotoAndWaitForCircuitAsync("/connections");
        var green = page.GetByTestId("connection-greenbank");
        await Expect(green.GetByTestId("status")).ToHaveTextAsync("Revoked at the bank");
        await Expect(green.GetByTestId("reconnect")).ToHaveTextAsync("Reconnect");
        await Expect(green.GetByTestId("sync-now")).ToHaveCountAsync(0);
        await Expect(green.GetByTestId("expires")).ToHaveCountAsync(0);
        await Expect(green.GetByTestId("account").First).ToContainTextAsync("••••");

        // Thames Bank: disconnected, data kept read-only.
        await page.GetByTestId("connection-thamesbank").GetByTestId("disconnect").ClickAsync();
        await page.GetByTestId("disconnect-keep").ClickAsync();
        var thames = page.GetByTestId("connection-thamesbank");
        await Expect(thames.GetByTestId("status")).ToHaveTextAsync("Disconnected, read-only");
        await Expect(thames.GetByTestId("delete-data")).ToHaveTextAsync("Delete this bank's data");
        await Expect(thames.GetByTestId("ended")).Not.ToBeEmptyAsync();
        await Expect(thames).Not.ToContainTextAsync("Not yet");

        // Donau Bank: disconnected, data deleted; the card counts what is stored now.
        await page.GetByTestId("connection-donaubank").GetByTestId("disconnect").ClickAsync();
        await page.GetByTestId("disconnect-delete").ClickAsync();
        var donau = page.GetByTestId("connection-donaubank");
        await Expect(donau.GetByTestId("status")).ToHaveTextAsync("Disconnected");
        await Expect(donau.GetByTestId("accounts")).ToHaveTextAsync("None kept in Leafy Bank");

        // MongoDB Bank: its consent ran out.
        var consents = App.Service<IDocumentStore>().Collection(OpenFinanceCollections.Consents);
        var mongo = Assert.Single(await consents.FindAsync(frida.UserId, c => c.Bank == "mongodbbank" && c.Status == ConsentStatuses.Valid, Cancel));
        mongo.ValidUntil = App.Service<TimeProvider>().GetUtcNow().UtcDateTime.AddDays(-2);
        await consents.UpsertAsync(mongo, Cancel);

        await GotoAndWaitForCircuitAsync("/connections");
        await Expect(page.GetByTestId("connection-mongodbbank").GetByTestId("status")).ToHaveTextAsync("Expired");
        // Each card words its own state here, so the banner does not repeat them on this page.
        await Expect(page.GetByTestId("connection-banner")).ToHaveCountAsync(0);
        await SaveDocsScreenshotAsync("connections");
        await SaveWalkScreenshotsAsync(page, "connections");

        await GotoAndWaitForCircuitAsync("/connections/new");
        await SaveWalkScreenshotsAsync(page, "picker");

        // Reconnecting Green Bank is a new connection, not a renewal.
        await GotoAndWaitForCircuitAsync("/connections/new?bank=greenbank");
        await Expect(page.GetByTestId("connect-title")).ToHaveTextAsync("Connect Green Bank again");
        await Expect(page.GetByTestId("renewal")).ToHaveCountAsync(0);
        await SaveWalkScreenshotsAsync(page, "reconnect");

        // The dashboard marks Thames Bank as disconnected; the banner names the two banks to reconnect (revoked, expired), never "Try again".
        await GotoAndWaitForCircuitAsync("/dashboard");
        await Expect(page.GetByTestId("connection-banner").Locator("[data-kind]")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("banner-greenbank").GetByTestId("banner-reconnect")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("banner-mongodbbank").GetByTestId("banner-reconnect")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("banner-greenbank").GetByTestId("banner-sync")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-testid=freshness-item][data-bank='Thames Bank']")).ToHaveAttributeAsync("data-status", "Disconnected");
        await SaveWalkScreenshotsAsync(page, "dashboard", fullPage: false);

        await GotoAndWaitForCircuitAsync("/ledger");
        await Expect(page.GetByTestId("ledger")).ToContainTextAsync("Green Bank");
        await Expect(page.GetByTestId("ledger")).Not.ToContainTextAsync("greenbank");
        await SaveWalkScreenshotsAsync(page, "ledger", fullPage: false);
    });

    /// <summary>Desktop and phone screenshots for looking at, under TestResults (never committed).</summary>
    private static async Task SaveWalkScreenshotsAsync(IPage page, string name, bool fullPage = true)
    {
        var directory = Path.Combine(FailureArtifactsDirectory(), "walk");
        Directory.CreateDirectory(directory);
        await page.SetViewportSizeAsync(1280, 800);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, $"{name}-1280.png"), FullPage = fullPage });
        await page.SetViewportSizeAsync(390, 844);
        // Nothing may stick out sideways on a phone (this also waits for the layout to settle after the resize).
        await page.WaitForFunctionAsync("() => document.documentElement.scrollWidth <= window.innerWidth", null, new() { Timeout = 10_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, $"{name}-390.png"), FullPage = fullPage });
        await page.SetViewportSizeAsync(1280, 800);
    }
}
