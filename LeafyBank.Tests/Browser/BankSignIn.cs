using LeafyBank.Sandbox.Customers;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LeafyBank.Tests.Browser;

/// <summary>
/// The bank's sign-in as a customer does it in the browser: customer id and password, then the
/// one-time code (the sandbox shows it on the page in place of a text message).
/// </summary>
public static class BankSignIn
{
    /// <summary>Signs in; <paramref name="atPasswordPage"/> and <paramref name="atCodePage"/> run on each page before it is submitted (e.g. a screenshot).</summary>
    public static async Task SignInAtBankAsync(IPage page, string customer = "frida", float timeoutMs = 5_000,
        Func<Task>? atPasswordPage = null, Func<Task>? atCodePage = null)
    {
        // The bank's pages are plain server-rendered HTML: no Blazor circuit to wait for.
        await Expect(page.GetByLabel("Customer id")).ToBeVisibleAsync(new() { Timeout = timeoutMs });
        await page.GetByLabel("Customer id").FillAsync(customer);
        await page.GetByLabel("Password").FillAsync(SandboxCustomers.DemoPassword);
        if (atPasswordPage is not null)
        {
            await atPasswordPage();
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await EnterCodeAsync(page, atCodePage);
    }

    public static async Task EnterCodeAsync(IPage page, Func<Task>? atCodePage = null)
    {
        var code = await page.GetByTestId("sandbox-code").TextContentAsync();
        await page.GetByLabel("One-time code").FillAsync(code!);
        if (atCodePage is not null)
        {
            await atCodePage();
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
    }
}
