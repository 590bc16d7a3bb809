using LeafyBank.Core.Banking.Authorization;
using LeafyBank.Core.Banking.Sync;
using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence;
using LeafyBank.Sandbox.Customers;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Playwright;
using MongoDB.Bson;
using static Microsoft.Playwright.Assertions;

namespace LeafyBank.Tests.Browser;

/// <summary>
/// Issue 6, journeys 2 and 3 in a real browser: signed in at Leafy Bank, the customer chooses a
/// bank, reviews what will be shared, approves (or declines) on the bank's own pages, watches the
/// first update and finds the bank on the dashboard.
/// </summary>
public sealed class BankConsentJourneyTests(BrowserAppFixture app) : BrowserTest(app)
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
        await page.WaitForURLAsync(url => url.Contains("/connections/result", StringComparison.Ordinal));
        await WaitForCircuitAsync();
        await Expect(page.GetByTestId("result-title")).ToHaveTextAsync("Green Bank is connected");
        await Expect(page.GetByTestId("sync-summary")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("sync-summary")).ToContainTextAsync("accounts");
        await SaveDocsScreenshotAsync("connect-result");

        await page.GetByTestId("to-dashboard").ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/dashboard", StringComparison.Ordinal));
        await Expect(page.GetByTestId("by-institution")).ToContainTextAsync("Green Bank");
        await SaveDocsScreenshotAsync("dashboard-with-bank");

        var accounts = await App.Service<IDocumentStore>().Collection(OpenFinanceCollections.ExternalAccounts)
            .FindAsync(frida.UserId, a => a.AccountBank == "Green Bank", Cancel);
        Assert.NotEmpty(accounts);
    });

    [Fact]
    public Task Frida_declines_at_the_bank_is_told_so_and_nothing_is_linked() => RunJourneyAsync(async page =>
    {
        await SignInAtLeafyBankAsync(page, "fridaklo");
        await ChooseAndReviewAsync(page, "mongodbbank");
        await page.GetByTestId("continue").ClickAsync();

        await SignInAtBankAsync(page);
        await Expect(page.GetByTestId("requesting-party")).ToHaveTextAsync("Leafy Bank");
        await page.GetByRole(AriaRole.Button, new() { Name = "Decline" }).ClickAsync();

        await page.WaitForURLAsync(url => url.Contains("/connections/result", StringComparison.Ordinal) && url.Contains("outcome=declined", StringComparison.Ordinal));
        await WaitForCircuitAsync();
        await Expect(page.GetByTestId("result-declined")).ToContainTextAsync("nothing was shared");
        Assert.Empty(await App.Service<IDocumentStore>().Collection(OpenFinanceCollections.ExternalAccounts)
            .FindAsync(frida.UserId, a => a.AccountBank == "MongoDB Bank", Cancel));
    });

    [Fact]
    public Task Claude_disconnects_a_bank_choosing_delete_its_accounts_leave_the_dashboard_and_the_ledger_shows_each_step() => RunJourneyAsync(async page =>
    {
        await SignInAtLeafyBankAsync(page, "claumon");
        await ChooseAndReviewAsync(page, "donaubank");
        await page.GetByTestId("continue").ClickAsync();
        await SignInAtBankAsync(page, "claude");
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/connections/result", StringComparison.Ordinal));
        await WaitForCircuitAsync();
        await Expect(page.GetByTestId("sync-summary")).ToBeVisibleAsync(new() { Timeout = 30_000 });

        await page.GetByTestId("to-dashboard").ClickAsync();
        await Expect(page.GetByTestId("by-institution")).ToContainTextAsync("Donau Bank");

        // Connections: the card, then Disconnect → delete the bank's data now.
        await GotoAndWaitForCircuitAsync("/connections");
        await Expect(page.GetByTestId("connection-donaubank")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("connection-donaubank").GetByTestId("status")).ToContainTextAsync("Active");
        await SaveDocsScreenshotAsync("connections");
        await page.GetByTestId("connection-donaubank").GetByTestId("disconnect").ClickAsync();
        await Expect(page.GetByTestId("disconnect-dialog")).ToBeVisibleAsync();
        await page.GetByTestId("disconnect-delete").ClickAsync();
        await Expect(page.GetByTestId("connection-donaubank").GetByTestId("status")).Not.ToContainTextAsync("Active");

        // The bank's accounts have left the dashboard.
        await GotoAndWaitForCircuitAsync("/dashboard");
        await Expect(page.GetByTestId("welcome")).ToHaveTextAsync("Welcome, Claude Monet");
        await Expect(page.GetByTestId("by-institution")).Not.ToContainTextAsync("Donau Bank");

        // The ledger shows every step, newest first.
        await GotoAndWaitForCircuitAsync("/ledger");
        var kinds = page.GetByTestId("ledger-kind");
        await Expect(kinds.First).ToHaveTextAsync("Bank data deleted");
        foreach (var step in new[] { "Consent requested", "Consent granted", "Data read from the bank", "Consent ended", "Bank data deleted" })
        {
            await Expect(kinds.Filter(new() { HasTextString = step })).Not.ToHaveCountAsync(0);
        }
        await SaveDocsScreenshotAsync("ledger");
    });

    private async Task ChooseAndReviewAsync(IPage page, string bankId)
    {
        await GotoAndWaitForCircuitAsync("/connections/new");
        await page.GetByTestId($"choose-{bankId}").ClickAsync();
        await Expect(page.GetByTestId("review")).ToBeVisibleAsync();
    }

    private async Task SignInAtBankAsync(IPage page, string customer = "frida")
    {
        // The bank's pages are plain server-rendered HTML: no Blazor circuit to wait for.
        await Expect(page.GetByLabel("Customer id")).ToBeVisibleAsync();
        await page.GetByLabel("Customer id").FillAsync(customer);
        await page.GetByLabel("Password").FillAsync(SandboxCustomers.DemoPassword);
        await SaveDocsScreenshotAsync("bank-signin");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    private static async Task ExpectConsentPageAsync(IPage page)
    {
        await Expect(page.GetByTestId("requesting-party")).ToHaveTextAsync("Leafy Bank");
        await Expect(page.GetByTestId("consent-title")).ToContainTextAsync("Green Bank");
        await Expect(page.GetByTestId("permissions").GetByRole(AriaRole.Listitem)).ToHaveCountAsync(4); // the review step leaves all four kinds of data ticked
        await Expect(page.GetByTestId("permissions")).ToContainTextAsync("Your account balances");
        var accounts = page.GetByTestId("accounts").GetByRole(AriaRole.Checkbox);
        Assert.True(await accounts.CountAsync() > 0, "the consent page lists Frida's accounts at the bank");
        foreach (var account in await accounts.AllAsync())
        {
            await Expect(account).ToBeCheckedAsync();
        }
    }
}
