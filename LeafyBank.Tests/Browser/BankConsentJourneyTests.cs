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
/// A sandbox bank's own sign-in and consent pages in a real browser. Leafy Bank's side of the
/// connect flow (start, callback, sync) is driven through its services until its pages exist.
/// </summary>
public sealed class BankConsentJourneyTests(BrowserAppFixture app) : BrowserTest(app)
{
    private const string Bank = "greenbank";
    private static readonly string[] Permissions = ["accounts", "balances", "transactions", "products"];
    private readonly PartyReference frida = new() { UserId = ObjectId.Parse("65a546ae4a8f64e8f88fb89e"), UserName = "fridaklo" };

    [Fact]
    public Task Frida_approves_at_Green_Bank_in_the_browser_and_her_accounts_sync_into_the_store() => RunJourneyAsync(async page =>
    {
        var start = await StartConnectionAsync();

        await SignInAtBankAsync(page, start.AuthorizeUrl);
        await ExpectConsentPageAsync(page);
        await SaveDocsScreenshotAsync("bank-consent");
        AssertNoConsoleErrors();

        await page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        var query = await WaitForCallbackAsync(page);
        Assert.True(query.ContainsKey("code"), page.Url);
        Assert.False(query.ContainsKey("error"), page.Url);

        var connections = App.Service<ConnectionService>();
        var connected = await connections.CompleteAsync(frida, query["state"], query["code"], null, Cancel);
        Assert.True(connected.Outcome == ConnectionOutcome.Connected, connected.Message);
        var synced = await App.Service<SyncService>().SyncAsync(frida, Bank, unattended: false, Cancel);
        Assert.True(synced.Outcome == SyncOutcome.Succeeded, synced.Message);

        var accounts = await App.Service<IDocumentStore>().Collection(OpenFinanceCollections.ExternalAccounts)
            .FindAsync(frida.UserId, a => a.AccountBank == "Green Bank", Cancel);
        Assert.NotEmpty(accounts);
        Assert.All(accounts, a => Assert.Equal(("fridaklo", start.ConsentId), (a.AccountUser.UserName, a.Source!.ConsentId)));
    });

    [Fact]
    public Task Frida_declines_at_Green_Bank_and_is_sent_back_with_access_denied() => RunJourneyAsync(async page =>
    {
        var start = await StartConnectionAsync();

        await SignInAtBankAsync(page, start.AuthorizeUrl);
        await ExpectConsentPageAsync(page);
        AssertNoConsoleErrors();
        await page.GetByRole(AriaRole.Button, new() { Name = "Decline" }).ClickAsync();
        var query = await WaitForCallbackAsync(page);
        Assert.Equal("access_denied", query["error"].ToString());
        Assert.False(query.ContainsKey("code"), page.Url);

        var declined = await App.Service<ConnectionService>().CompleteAsync(frida, query["state"], null, query["error"], Cancel);
        Assert.Equal(ConnectionOutcome.Declined, declined.Outcome);
    });

    private Task<AuthorizationStart> StartConnectionAsync()
    {
        // Leafy Bank's callback page comes with the connect pages; until then it is a 404 and
        // the browser says so in its console. That one message is expected, nothing else.
        TolerateMissingPage("connections/callback");
        return App.Service<ConnectionService>().StartAsync(frida,
            new ConnectionRequest(Bank, Permissions, 90, new Uri(BaseAddress, "connections/callback")), Cancel);
    }

    private async Task SignInAtBankAsync(IPage page, Uri authorizeUrl)
    {
        // The bank's pages are plain server-rendered HTML: no Blazor circuit to wait for.
        await page.GotoAsync(authorizeUrl.ToString());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to Green Bank" })).ToBeVisibleAsync();
        await page.GetByLabel("Customer id").FillAsync("frida");
        await page.GetByLabel("Password").FillAsync(SandboxCustomers.DemoPassword);
        await SaveDocsScreenshotAsync("bank-signin");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    private static async Task ExpectConsentPageAsync(IPage page)
    {
        await Expect(page.GetByTestId("requesting-party")).ToHaveTextAsync("Leafy Bank");
        await Expect(page.GetByTestId("consent-title")).ToContainTextAsync("Green Bank");
        await Expect(page.GetByTestId("permissions").GetByRole(AriaRole.Listitem)).ToHaveCountAsync(Permissions.Length);
        await Expect(page.GetByTestId("permissions")).ToContainTextAsync("Your account balances");
        var accounts = page.GetByTestId("accounts").GetByRole(AriaRole.Checkbox);
        Assert.True(await accounts.CountAsync() > 0, "the consent page lists Frida's accounts at the bank");
        foreach (var account in await accounts.AllAsync())
        {
            await Expect(account).ToBeCheckedAsync();
        }
    }

    /// <summary>Waits for the bank's redirect back to Leafy Bank's callback (whatever that page shows) and returns its query.</summary>
    private async Task<Dictionary<string, Microsoft.Extensions.Primitives.StringValues>> WaitForCallbackAsync(IPage page)
    {
        var callback = new Uri(BaseAddress, "connections/callback").ToString();
        await page.WaitForURLAsync(url => url.StartsWith(callback + "?", StringComparison.Ordinal));
        var query = QueryHelpers.ParseQuery(new Uri(page.Url).Query);
        Assert.True(query.ContainsKey("state"), page.Url);
        return query;
    }
}
