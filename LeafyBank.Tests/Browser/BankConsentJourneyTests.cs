using LeafyBank.Sandbox.Customers;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LeafyBank.Tests.Browser;

/// <summary>
/// Issue 6, journeys 2 and 3 in a real browser: signed in at Leafy Bank, the customer chooses a
/// bank, reviews what will be shared, approves (or declines) on the bank's own pages, watches the
/// first update and finds the bank on the dashboard.
/// </summary>
public sealed class BankConsentJourneyTests(BrowserApp app, Chromium chromium) : BrowserTest(app, chromium)
{
    private readonly PartyReference frida = new() { UserId = ObjectId.Parse("65a546ae4a8f64e8f88fb89e"), UserName = "fridaklo" };

    [Fact]
    public Task Frida_connects_Green_Bank_approves_at_the_bank_watches_the_first_update_and_sees_it_on_her_dashboard() => RunJourneyAsync(async page =>
    {
        await SignInAtLeafyBankAsync(page, "fridaklo");
        await ChooseAndReviewAsync(page, "greenbank");
        await SaveDocsScreenshotAsync("connect-review");
        await page.GetByTestId("continue").ClickAsync();

        await SignInAtBankAsync(page);
        await ExpectConsentPageAsync(page);
        await SaveDocsScreenshotAsync("bank-consent");
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();

        // Back at Leafy Bank: the first update runs and says what was linked.
        await AtResultPageAsync(page, "connected");
        await Expect(page.GetByTestId("result-title")).ToHaveTextAsync("Green Bank is connected");
        await Expect(page.GetByTestId("sync-summary")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("sync-summary")).ToContainTextAsync("accounts");
        await SaveDocsScreenshotAsync("connect-result");
        var counts = await page.GetByTestId("sync-counts").TextContentAsync();

        // Reloading the result page shows the same counts and reads nothing from the bank.
        // Addresses and circuits, not load events (see GotoAndWaitForCircuitAsync), here and below.
        await page.ReloadAsync(new() { WaitUntil = WaitUntilState.Commit });
        await WaitForCircuitAsync();
        await Expect(page.GetByTestId("sync-counts")).ToHaveTextAsync(counts!);

        await page.GetByTestId("to-dashboard").ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/dashboard", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        await Expect(page.GetByTestId("by-institution")).ToContainTextAsync("Green Bank");
        await SaveDocsScreenshotAsync("dashboard-with-bank");

        // And so does going Back to it.
        await page.GoBackAsync(new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForURLAsync(url => url.Contains("/connections/result", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        await WaitForCircuitAsync();
        await Expect(page.GetByTestId("sync-counts")).ToHaveTextAsync(counts!);
        var pulls = await App.Service<IDocumentStore>().Collection(OpenFinanceCollections.AuditEvents)
            .FindAsync(frida.UserId, e => e.Kind == AuditKinds.DataPulled && e.Bank == "greenbank", Cancel);
        Assert.Single(pulls);

        var accounts = await App.Service<IDocumentStore>().Collection(OpenFinanceCollections.ExternalAccounts)
            .FindAsync(frida.UserId, a => a.AccountBank == "Green Bank", Cancel);
        Assert.NotEmpty(accounts);
    });

    [Fact]
    public Task Frida_declines_at_the_bank_is_told_so_and_nothing_is_linked() => RunJourneyAsync(async page =>
    {
        await SignInAtLeafyBankAsync(page, "fridaklo");
        await ChooseAndReviewAsync(page, "mongodbbank");
        // Back from the bank's sign-in page returns to the review as she left it, not to the list of banks with everything ticked.
        await page.GetByLabel("Balances (what your accounts hold)").UncheckAsync();
        await page.GetByTestId("continue").ClickAsync();
        await Expect(page.GetByLabel("Customer id")).ToBeVisibleAsync(new() { Timeout = SlowTimeoutMs });
        await page.GoBackAsync(new() { WaitUntil = WaitUntilState.Commit });
        await WaitForCircuitAsync();
        await Expect(page.GetByLabel("Balances (what your accounts hold)")).Not.ToBeCheckedAsync();
        await page.GetByTestId("continue").ClickAsync();

        await SlipAtTheBanksSignInAsync(page);
        await Expect(page.GetByTestId("requesting-party")).ToHaveTextAsync("Leafy Bank");
        await page.GetByRole(AriaRole.Button, new() { Name = "Decline" }).ClickAsync();

        await AtResultPageAsync(page, "declined");
        await Expect(page.GetByTestId("result-declined")).ToContainTextAsync("nothing was shared");
        Assert.Empty(await App.Service<IDocumentStore>().Collection(OpenFinanceCollections.ExternalAccounts)
            .FindAsync(frida.UserId, a => a.AccountBank == "MongoDB Bank", Cancel));
    });

    /// <summary>
    /// Issue 6, journey 4: two banks connected; the banner warns that one consent ends soon and its
    /// Renew goes through the bank's consent page (the new expiry shows on the card); the other is
    /// disconnected choosing delete, so its accounts leave the dashboard; the ledger shows each step.
    /// </summary>
    [Fact]
    public Task Claude_renews_one_bank_from_the_banner_disconnects_the_other_choosing_delete_and_the_ledger_shows_each_step() => RunJourneyAsync(async page =>
    {
        await SignInAtLeafyBankAsync(page, "claumon");
        var claude = new PartyReference { UserId = ObjectId.Parse("671ff2451ec726b417352703"), UserName = "claumon" };
        foreach (var bank in new[] { "donaubank", "greenbank" })
        {
            await ChooseAndReviewAsync(page, bank);
            await page.GetByTestId("continue").ClickAsync();
            await ApproveAtBankAsync(page, "claude");
            await AtResultPageAsync(page, "connected");
            await Expect(page.GetByTestId("sync-summary")).ToBeVisibleAsync(new() { Timeout = SlowTimeoutMs });
        }
        await page.GetByTestId("to-dashboard").ClickAsync();
        await Expect(page.GetByTestId("by-institution")).ToContainTextAsync("Donau Bank");
        await Expect(page.GetByTestId("by-institution")).ToContainTextAsync("Green Bank");

        // Time passes: Green Bank's consent now ends in 3 days, and every page says so.
        var consents = App.Service<IDocumentStore>().Collection(OpenFinanceCollections.Consents);
        var green = Assert.Single(await consents.FindAsync(claude.UserId, c => c.Bank == "greenbank", Cancel));
        green.ValidUntil = App.Service<TimeProvider>().GetUtcNow().UtcDateTime.AddDays(3);
        await consents.UpsertAsync(green, Cancel);
        await GotoAndWaitForCircuitAsync("/dashboard");
        var banner = page.GetByTestId("banner-greenbank");
        await Expect(banner).ToContainTextAsync("Your consent at Green Bank ends in 3 days");
        await Expect(page.GetByTestId("connection-banner").Locator("[data-kind]")).ToHaveCountAsync(1);
        await SaveDocsScreenshotAsync("banner");

        // One click from the banner: the review page for Green Bank, as a renewal, then the bank's consent page.
        await banner.GetByTestId("banner-renew").ClickAsync();
        // The address, not the load event (see GotoAndWaitForCircuitAsync): the dashboard's may still be held back.
        await page.WaitForURLAsync(url => url.Contains("/connections/new?bank=greenbank", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        await WaitForCircuitAsync();
        await Expect(page.GetByTestId("renewal")).ToContainTextAsync("Everything already in Leafy Bank is kept");
        await page.GetByTestId("validity").ClickAsync();
        await page.GetByText("180 days", new() { Exact = true }).ClickAsync();
        // The choice reaches the server before Continue is pressed (the select's handler is asynchronous).
        var askedUntil = App.Service<TimeProvider>().GetUtcNow().UtcDateTime.Date.AddDays(180).ToString("d MMM yyyy", CultureInfo.InvariantCulture);
        await Expect(page.GetByTestId("valid-until")).ToContainTextAsync(askedUntil);
        await SaveDocsScreenshotAsync("renew-review");
        await page.GetByTestId("continue").ClickAsync();
        await ApproveAtBankAsync(page, "claude");
        await AtResultPageAsync(page, "renewed");
        await Expect(page.GetByTestId("result-title")).ToHaveTextAsync("Your consent at Green Bank is renewed");
        await Expect(page.GetByTestId("sync-summary")).ToBeVisibleAsync(new() { Timeout = SlowTimeoutMs });

        // The card shows the new expiry (the banner, quiet on this page, has nothing left to say: checked on the dashboard below).
        await GotoAndWaitForCircuitAsync("/connections");
        var newExpiry = App.Service<TimeProvider>().GetUtcNow().UtcDateTime.Date.AddDays(180).ToString("d MMM yyyy", CultureInfo.InvariantCulture);
        await Expect(page.GetByTestId("connection-greenbank").GetByTestId("expires")).ToContainTextAsync(newExpiry);
        await Expect(page.GetByTestId("connection-greenbank").GetByTestId("status")).ToHaveTextAsync("Active");
        await Expect(page.GetByTestId("connection-banner")).ToHaveCountAsync(0);
        Assert.Equal(ConsentStatuses.TerminatedByTpp, (await consents.FindAsync(claude.UserId, c => c.ConsentId == green.ConsentId, Cancel))[0].Status);

        // Disconnect Donau Bank → delete its data now.
        await Expect(page.GetByTestId("connection-donaubank").GetByTestId("status")).ToContainTextAsync("Active");
        await page.GetByTestId("connection-donaubank").GetByTestId("disconnect").ClickAsync();
        await Expect(page.GetByTestId("disconnect-dialog")).ToBeVisibleAsync();
        // The keyboard starts on Cancel, stays in the dialog, and Escape closes it with nothing done.
        await Expect(page.GetByTestId("disconnect-cancel")).ToBeFocusedAsync();
        await page.GetByTestId("disconnect-delete").FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        Assert.True(await page.EvaluateAsync<bool>("() => document.activeElement?.closest('.mud-dialog-container') !== null"),
            "Tab from the dialog's last button left the dialog");
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByTestId("disconnect-dialog")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("connection-donaubank").GetByTestId("status")).ToContainTextAsync("Active");
        await page.GetByTestId("connection-donaubank").GetByTestId("disconnect").ClickAsync();
        await Expect(page.GetByTestId("disconnect-dialog")).ToBeVisibleAsync();
        // On a phone each of the dialog's buttons keeps its words on one line (they wrap as whole buttons).
        await page.SetViewportSizeAsync(390, 844);
        foreach (var button in new[] { "disconnect-cancel", "disconnect-keep", "disconnect-delete" })
        {
            var box = await page.GetByTestId(button).BoundingBoxAsync();
            Assert.True(box is not null && box.Height < 44 && box.X + box.Width <= 390, $"{button}: {box?.Width} x {box?.Height} at {box?.X}");
        }
        await page.SetViewportSizeAsync(1280, 800);
        await page.GetByTestId("disconnect-delete").ClickAsync();
        await Expect(page.GetByTestId("connection-donaubank").GetByTestId("status")).ToHaveTextAsync("Disconnected");
        await Expect(page.GetByTestId("connection-donaubank").GetByTestId("accounts")).ToHaveTextAsync("None kept in Leafy Bank");

        // Donau Bank's accounts have left the dashboard; Green Bank's stay.
        await GotoAndWaitForCircuitAsync("/dashboard");
        await Expect(page.GetByTestId("welcome")).ToHaveTextAsync("Welcome, Claude Monet");
        await Expect(page.GetByTestId("connection-banner")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("by-institution")).Not.ToContainTextAsync("Donau Bank");
        await Expect(page.GetByTestId("by-institution")).ToContainTextAsync("Green Bank");

        // The ledger shows every step, newest first.
        await GotoAndWaitForCircuitAsync("/ledger");
        var kinds = page.GetByTestId("ledger-kind");
        await Expect(kinds.First).ToHaveTextAsync("Bank data deleted");
        foreach (var step in new[] { "Consent requested", "Consent granted", "Data read from the bank", "Consent renewed", "Consent ended", "Bank data deleted" })
        {
            await Expect(kinds.Filter(new() { HasTextString = step })).Not.ToHaveCountAsync(0);
        }
        await SaveDocsScreenshotAsync("ledger");

        // On a phone each event is one block: its outcome and bank in words, no column of labels.
        await page.SetViewportSizeAsync(390, 844);
        await GotoAndWaitForCircuitAsync("/ledger");
        var first = page.GetByTestId("ledger").Locator("tbody tr").First;
        await Expect(first.GetByTestId("ledger-phone")).ToBeVisibleAsync();
        await Expect(first.GetByTestId("ledger-phone")).ToContainTextAsync("Donau Bank");
        await Expect(first.GetByTestId("ledger-outcome").Filter(new() { Visible = true })).ToHaveTextAsync("Succeeded");
        await Expect(page.GetByTestId("ledger").Locator("thead")).Not.ToBeVisibleAsync();
        await SaveDocsScreenshotAsync("ledger-phone", fullPage: false);
    });

    [Fact]
    public Task Grace_deletes_all_her_linked_data_from_the_ledger_and_her_dashboard_shows_only_Leafy_Bank() => RunJourneyAsync(async page =>
    {
        await SignInAtLeafyBankAsync(page, "gracehop");
        await ChooseAndReviewAsync(page, "thamesbank");
        // Longer than Thames Bank grants (90 days at most): the result says the bank shortened it.
        await page.GetByTestId("validity").ClickAsync();
        await page.GetByText("180 days", new() { Exact = true }).ClickAsync();
        var today = App.Service<TimeProvider>().GetUtcNow().UtcDateTime.Date;
        await Expect(page.GetByTestId("valid-until")).ToContainTextAsync(today.AddDays(180).ToString("d MMM yyyy", CultureInfo.InvariantCulture));
        await page.GetByTestId("continue").ClickAsync();
        await ApproveAtBankAsync(page, "grace");
        await AtResultPageAsync(page, "connected");
        await Expect(page.GetByTestId("granted-differs")).ToHaveTextAsync(
            $"You asked for 180 days; Thames Bank allows at most 90, so access ends on {today.AddDays(90).ToString("d MMM yyyy", CultureInfo.InvariantCulture)}.");
        await Expect(page.GetByTestId("sync-summary")).ToBeVisibleAsync(new() { Timeout = 30_000 });

        await GotoAndWaitForCircuitAsync("/ledger");
        await page.GetByTestId("delete-all").ClickAsync();
        await Expect(page.GetByTestId("delete-all-what")).ToContainTextAsync("end your consent at Thames Bank");
        await page.GetByTestId("delete-all-confirm").ClickAsync();
        await Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("Consents ended at Thames Bank");
        await Expect(page.GetByTestId("ledger-kind").First).ToHaveTextAsync("Bank data deleted");

        // Her connections say what ended Thames Bank: the deletion, not a disconnect she never made.
        await GotoAndWaitForCircuitAsync("/connections");
        await Expect(page.GetByTestId("connection-thamesbank").GetByTestId("explanation")).ToContainTextAsync("You deleted all your linked data on");

        await GotoAndWaitForCircuitAsync("/dashboard");
        await Expect(page.GetByTestId("welcome")).ToHaveTextAsync("Welcome, Grace Hopper");
        await Expect(page.GetByTestId("no-links")).ToContainTextAsync("Only your Leafy Bank accounts so far");
        await Expect(page.GetByTestId("by-institution")).ToContainTextAsync("Leafy Bank");
        await Expect(page.GetByTestId("by-institution")).Not.ToContainTextAsync("Thames Bank");
        var grace = ObjectId.Parse("66fe219d625d93a100528224");
        Assert.Empty(await App.Service<IDocumentStore>().Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(grace, cancellationToken: Cancel));
        Assert.Empty(await App.Service<IDocumentStore>().Collection(OpenFinanceCollections.Tokens).FindAsync(grace, cancellationToken: Cancel));
    });

    /// <summary>At the bank: signs in (every consent asks afresh, with a one-time code), then approves.</summary>
    private async Task ApproveAtBankAsync(IPage page, string customer)
    {
        await SignInAtBankAsync(page, customer);
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
    }

    /// <summary>
    /// A wrong password (the id stays, the cursor waits in the password field), then a wrong code, then the right one; Back from
    /// the consent page and Forward again open pages, never the browser's "Confirm Form Resubmission": every answer was a redirect.
    /// </summary>
    private static async Task SlipAtTheBanksSignInAsync(IPage page)
    {
        await Expect(page.GetByLabel("Customer id")).ToBeVisibleAsync(new() { Timeout = SlowTimeoutMs });
        await page.GetByLabel("Customer id").FillAsync("frida");
        await page.GetByLabel("Password").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByTestId("signin-error")).ToHaveTextAsync("That password is not right. Your customer id is kept: type the password again.");
        await Expect(page.GetByLabel("Customer id")).ToHaveValueAsync("frida");
        await Expect(page.GetByLabel("Password")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(SandboxCustomers.DemoPassword);
        await page.Keyboard.PressAsync("Enter");

        var code = (await page.GetByTestId("sandbox-code").TextContentAsync())!;
        await page.GetByLabel("One-time code").FillAsync(code == "000000" ? "111111" : "000000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Expect(page.GetByTestId("code-error")).ToHaveTextAsync("That code is not right. You have 2 more tries.");
        await Expect(page.GetByLabel("One-time code")).ToBeFocusedAsync();
        await page.GetByLabel("One-time code").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Expect(page.GetByTestId("consent-title")).ToBeVisibleAsync();

        // The bank's pages are plain HTML (no circuit): the load event says the page is there.
        await page.GoBackAsync(new() { WaitUntil = WaitUntilState.Load });
        Assert.Contains("/sandbox/mongodbbank/signin", page.Url, StringComparison.Ordinal);
        // The session has passed the code for this request: the bank says who is signed in instead of an empty form.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You are signed in" })).ToBeVisibleAsync();
        await page.GoForwardAsync(new() { WaitUntil = WaitUntilState.Load });
        await Expect(page.GetByTestId("consent-title")).ToBeVisibleAsync();
    }

    private async Task ChooseAndReviewAsync(IPage page, string bankId)
    {
        await GotoAndWaitForCircuitAsync("/connections/new");
        await page.GetByTestId($"choose-{bankId}").ClickAsync();
        await Expect(page.GetByTestId("review")).ToBeVisibleAsync();
    }

    /// <summary>The bank's sign-in page comes after Leafy Bank has asked the bank for a consent: on a busy machine that takes more than a click.</summary>
    private Task SignInAtBankAsync(IPage page, string customer = "frida") =>
        SignInAtBankAsync(page, customer, SlowTimeoutMs,
            atPasswordPage: () => SaveDocsScreenshotAsync("bank-signin"), atCodePage: () => SaveDocsScreenshotAsync("bank-code"));

    private static async Task ExpectConsentPageAsync(IPage page)
    {
        await Expect(page.GetByTestId("requesting-party")).ToHaveTextAsync("Leafy Bank");
        await Expect(page.GetByTestId("consent-title")).ToContainTextAsync("Green Bank");
        await Expect(page.GetByTestId("permissions").GetByRole(AriaRole.Listitem)).ToHaveCountAsync(4); // the review step leaves all four kinds of data ticked
        await Expect(page.GetByTestId("permissions")).ToContainTextAsync("Your account balances");
        // Accounts and loans in their own groups, every box ticked at first.
        await Expect(page.GetByTestId("share-accounts")).ToBeVisibleAsync();
        var accounts = page.Locator("[data-testid=share-accounts], [data-testid=share-loans]").GetByRole(AriaRole.Checkbox);
        Assert.True(await accounts.CountAsync() > 0, "the consent page lists Frida's accounts at the bank");
        foreach (var account in await accounts.AllAsync())
        {
            await Expect(account).ToBeCheckedAsync();
        }
    }
}
