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

    private async Task ChooseAndReviewAsync(IPage page, string bankId)
    {
        await GotoAndWaitForCircuitAsync("/connections/new");
        await page.GetByTestId($"choose-{bankId}").ClickAsync();
        await Expect(page.GetByTestId("review")).ToBeVisibleAsync();
    }

    private async Task SignInAtBankAsync(IPage page)
    {
        // The bank's pages are plain server-rendered HTML: no Blazor circuit to wait for.
        await Expect(page.GetByLabel("Customer id")).ToBeVisibleAsync();
        await page.GetByLabel("Customer id").FillAsync("frida");
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
