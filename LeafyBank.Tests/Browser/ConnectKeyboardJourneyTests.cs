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
    /// Continue pressed with Enter while the bank is slow (here it hangs until Leafy Bank gives up on it): the button keeps the
    /// focus the whole time, says it is busy to assistive technology (aria-disabled, never disabled, which drops the focus to the
    /// page's body), and the status line says what is happening. When the bank's trouble is known, the focus moves to it.
    /// </summary>
    [Fact]
    public Task Pressing_Continue_keeps_the_focus_on_it_while_the_bank_is_contacted_and_a_status_line_says_so() => RunJourneyAsync(async page =>
    {
        await SignInAtLeafyBankAsync(page, "claumon");
        await page.AddInitScriptAsync(RecordFocusDrops);
        // The bank's details are known before it hangs: it is the consent the customer waits for, not the directory.
        var thames = await App.Service<IBankDirectory>().GetAsync("thamesbank", Cancel);
        await App.Service<BankOAuthClient>().GetMetadataAsync(thames, Cancel);
        App.Service<SandboxFaults>().Set("thamesbank", new SandboxFault(SandboxFaultMode.Hang));
        try
        {
            await GotoAndWaitForCircuitAsync("/connections/new?bank=thamesbank");
            await TabToAsync(page, page.GetByTestId("continue"));
            await page.Keyboard.PressAsync("Enter");

            var proceed = page.GetByTestId("continue");
            await Expect(proceed).ToContainTextAsync("Contacting Thames Bank");
            await Expect(proceed).ToHaveAttributeAsync("aria-disabled", "true");
            await Expect(page.GetByTestId("contacting-status")).ToHaveTextAsync(
                "Contacting Thames Bank. This can take a few seconds; then Thames Bank's sign-in page opens.");
            await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Contacting Thames Bank" })).ToBeVisibleAsync();
            await Expect(proceed).ToBeFocusedAsync();
            // A second Enter meanwhile does nothing more, and the focus stays.
            await page.Keyboard.PressAsync("Enter");
            await Expect(proceed).ToBeFocusedAsync();

            await Expect(page.GetByTestId("connect-error")).ToContainTextAsync("Thames Bank is not answering", new() { Timeout = 10_000 });
            await Expect(page.GetByTestId("connect-error-region")).ToBeFocusedAsync();
            await Expect(proceed).Not.ToHaveAttributeAsync("aria-disabled", "true");
            Assert.Empty(await page.EvaluateAsync<string[]>("() => window.focusDrops"));
        }
        finally
        {
            App.Service<SandboxFaults>().ClearAll();
        }
    });

    /// <summary>
    /// Reads the focus ring the page draws around the focused control: its colour against the page outside it and against the
    /// control's own fill, and the band a filled control draws between itself and the ring (a box shadow without blur that
    /// fills the gap), against both. Colours are composited over what lies beneath them; ratios are WCAG's.
    /// </summary>
    private const string MeasureFocusRing = """
        () => {
            const parse = c => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null; const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number); return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; };
            const over = (top, bottom) => ({ r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a), b: top.b * top.a + bottom.b * (1 - top.a), a: 1 });
            const fillOf = el => { const layers = []; for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor); if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; } } let col = { r: 255, g: 255, b: 255, a: 1 }; for (const l of layers.reverse()) col = over(l, col); return col; };
            const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
            const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
            const el = document.activeElement;
            const style = getComputedStyle(el);
            const outside = fillOf(el.parentElement);
            const fill = fillOf(el);
            const ring = over(parse(style.outlineColor), outside);
            const offset = parseFloat(style.outlineOffset);
            const shadow = style.boxShadow.match(/^(rgba?\([^)]+\)) 0px 0px 0px (\d+(?:\.\d+)?)px$/);
            const band = shadow && parseFloat(shadow[2]) >= offset ? over(parse(shadow[1]), outside) : null;
            return {
                style: style.outlineStyle, width: parseFloat(style.outlineWidth), offset,
                ringAgainstOutside: ratio(ring, outside), ringAgainstFill: ratio(ring, fill),
                bandAgainstRing: band ? ratio(band, ring) : 0, bandAgainstFill: band ? ratio(band, fill) : 0,
            };
        }
        """;

    /// <summary>
    /// The focus ring on each kind of button on the review, in light and dark mode: 2 px, outside the control, at least 3:1
    /// against the page (WCAG 1.4.11), and told apart from the control's own fill, by 3:1 itself or by a band between them that
    /// stands 3:1 from both. Before, a filled primary button's ring was its own green (1.5:1 against the focused dark primary, 1.8:1
    /// in light mode), and the outlined Sign out on the app bar's green had a grey ring (1.5:1).
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task The_focus_ring_on_every_kind_of_button_stands_3_to_1_from_the_page_and_from_the_controls_own_fill(bool dark) => RunJourneyAsync(async page =>
    {
        await SignInAtLeafyBankAsync(page, "claumon");
        if (dark)
        {
            await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        }
        await GotoAndWaitForCircuitAsync("/connections/new?bank=thamesbank");
        await Expect(page.GetByTestId("review")).ToBeVisibleAsync();
        // The ring as it settles: MudBlazor eases a focused button's shade and shadow in.
        await page.AddStyleTagAsync(new() { Content = "*, *::before, *::after { transition: none !important; }" });

        foreach (var (control, kind) in new[]
                 {
                     (page.GetByTestId("sign-out"), "the outlined Sign out on the app bar"),
                     (page.GetByTestId("continue"), "the filled primary Continue"),
                     (page.GetByTestId("back"), "the text button Choose another bank"),
                 })
        {
            // Reached by the keyboard, as :focus-visible wants: from the control before it, with Tab.
            await control.FocusAsync();
            await page.Keyboard.PressAsync("Shift+Tab");
            await page.Keyboard.PressAsync("Tab");
            await Expect(control).ToBeFocusedAsync();
            var ring = await page.EvaluateAsync<FocusRing>(MeasureFocusRing);
            Assert.True(ring is { Style: "solid", Width: >= 2, Offset: >= 2 }, $"{kind}: {ring}");
            Assert.True(ring.RingAgainstOutside >= 3, $"{kind}: the ring against the page, {ring.RingAgainstOutside:0.00}:1");
            Assert.True(ring.RingAgainstFill >= 3 || (ring.BandAgainstRing >= 3 && ring.BandAgainstFill >= 3),
                $"{kind}: the ring against the control's fill, {ring.RingAgainstFill:0.00}:1, with no band between them that stands out from both " +
                $"({ring.BandAgainstRing:0.00}:1 against the ring, {ring.BandAgainstFill:0.00}:1 against the fill)");
        }
    });

    /// <summary>What <see cref="MeasureFocusRing"/> returns (Playwright fills it by property name).</summary>
    private sealed record FocusRing
    {
        public string Style { get; init; } = "";
        public double Width { get; init; }
        public double Offset { get; init; }
        public double RingAgainstOutside { get; init; }
        public double RingAgainstFill { get; init; }
        public double BandAgainstRing { get; init; }
        public double BandAgainstFill { get; init; }
    }

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
