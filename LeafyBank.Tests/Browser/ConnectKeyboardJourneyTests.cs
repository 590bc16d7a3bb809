using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LeafyBank.Tests.Browser;

/// <summary>
/// Connecting a bank with the keyboard alone: the focus moves from control to control and never falls to the page's body,
/// neither between two Tabs nor when a step (the list of banks, the review) replaces the one whose button was just pressed.
/// Claude, who links no bank, only looks: nothing is connected.
/// </summary>
public sealed class ConnectKeyboardJourneyTests(BrowserApp app, Chromium chromium) : BrowserTest(app, chromium)
{
    /// <summary>
    /// Records each time the focus left an element for nowhere because the element went away (removed from the page, or
    /// disabled): the body then holds the focus, and the next Tab starts again from the top of the page. Leaving the page
    /// by Tab past its last control is the browser's own way round, not a drop, and its element stays.
    /// </summary>
    private const string RecordFocusDrops = """
        window.focusDrops = [];
        document.addEventListener('focusout', event => {
            if (event.relatedTarget) return;
            const left = event.target;
            const name = left.tagName + (left.dataset && left.dataset.testid ? '#' + left.dataset.testid : '');
            setTimeout(() => {
                if (document.activeElement === document.body && (!left.isConnected || left.disabled)) window.focusDrops.push(name);
            }, 0);
        }, true);
        """;

    [Fact]
    public Task Tabbing_through_the_bank_list_and_the_review_and_choosing_with_Enter_never_leaves_the_focus_on_the_page_body() => RunJourneyAsync(async page =>
    {
        await SignInAtLeafyBankAsync(page, "claumon");
        await page.AddInitScriptAsync(RecordFocusDrops);
        await GotoAndWaitForCircuitAsync("/connections/new");
        await Expect(page.GetByTestId("choose-thamesbank")).ToBeVisibleAsync();

        await TabToAsync(page, page.GetByTestId("choose-thamesbank"));
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByTestId("review")).ToBeVisibleAsync();
        await Expect(page.Locator(".connect-step-start")).ToBeFocusedAsync();

        // Through the review to its last control, ticking a box on the way (the review writes it into the address).
        await TabToAsync(page, page.GetByTestId("permission-transactions"));
        await page.Keyboard.PressAsync("Space");
        await Expect(page).ToHaveURLAsync(new Regex("data=accounts,balances,products"));
        await TabToAsync(page, page.GetByTestId("back"));
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByTestId("bank-list")).ToBeVisibleAsync();
        await Expect(page.Locator(".connect-step-start")).ToBeFocusedAsync();
        await TabToAsync(page, page.GetByTestId("choose-greenbank"));

        Assert.Empty(await page.EvaluateAsync<string[]>("() => window.focusDrops"));
    });

    /// <summary>
    /// Presses Tab until <paramref name="target"/> has the focus, checking after each press that a control has it, not the
    /// page's body (at most 30 presses: the page's controls before the end are fewer).
    /// </summary>
    private static async Task TabToAsync(IPage page, ILocator target)
    {
        for (var presses = 0; presses < 30; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
            Assert.False(await page.EvaluateAsync<bool>("() => document.activeElement === document.body"),
                $"After {presses + 1} Tab presses towards {target}, the focus was on the page's body");
            if (await target.EvaluateAsync<bool>("e => e === document.activeElement"))
            {
                return;
            }
        }
        Assert.Fail($"Tab never reached {target}");
    }
}
