using LeafyBank.Sandbox.Customers;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LeafyBank.Tests.Browser;

/// <summary>
/// How journeys link a bank as a customer would: Leafy's pages, then the bank's own sign-in (customer
/// id and password, then the one-time code the sandbox shows on the page in place of a text message)
/// and consent pages.
/// </summary>
public static class BankLinking
{
    /// <summary>Generous: the machine running the suite is shared and slow at times; waits end as soon as the element is there.</summary>
    public const float SlowTimeoutMs = 45_000;

    /// <summary>Connect a bank → review → the bank's sign-in and consent pages → Approve → the first update.</summary>
    public static async Task ConnectThroughThePagesAsync(IPage page, Uri baseAddress, string bankId, string bankName, string bankCustomerId)
    {
        await page.GotoAsync(new Uri(baseAddress, "connections/new").ToString());
        await page.Locator("[data-testid=circuit-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.GetByTestId($"choose-{bankId}").ClickAsync();
        await Expect(page.GetByTestId("review")).ToBeVisibleAsync();
        await page.GetByTestId("continue").ClickAsync();

        // The bank's own pages: plain HTML, no circuit.
        await SignInAtBankAsync(page, bankCustomerId, SlowTimeoutMs);
        await Expect(page.GetByTestId("consent-title")).ToContainTextAsync(bankName);
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();

        await page.WaitForURLAsync(new Regex("/connections/result\\?.*outcome=connected"));
        await page.Locator("[data-testid=circuit-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Expect(page.GetByTestId("result-title")).ToHaveTextAsync($"{bankName} is connected");
        await Expect(page.GetByTestId("sync-summary")).ToBeVisibleAsync(new() { Timeout = SlowTimeoutMs });
    }

    /// <summary>Console errors and uncaught script errors of a page the harness does not watch.</summary>
    public static ConcurrentQueue<string> ErrorsOf(IPage page)
    {
        var errors = new ConcurrentQueue<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Enqueue($"console.error: {message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => errors.Enqueue("uncaught: " + error);
        return errors;
    }

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
