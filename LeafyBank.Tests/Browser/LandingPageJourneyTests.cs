using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LeafyBank.Tests.Browser;

/// <summary>The anonymous landing page in a real browser.</summary>
public sealed class LandingPageJourneyTests(BrowserApp app, Chromium chromium) : BrowserTest(app, chromium)
{
    [Fact]
    public Task An_anonymous_visitor_sees_the_personas_in_a_customers_words_and_can_switch_to_dark_mode() => RunJourneyAsync(async page =>
    {
        var response = await GotoAndWaitForCircuitAsync("/");
        Assert.Equal(200, response!.Status);
        await Expect(page).ToHaveTitleAsync("Leafy Bank Open Finance");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Leafy Bank Open Finance", Level = 1 })).ToBeVisibleAsync();

        var personas = page.GetByTestId("personas").GetByRole(AriaRole.Listitem);
        await Expect(personas).ToHaveCountAsync(Personas.All.Count);
        await Expect(page.GetByTestId("persona-username")).ToHaveTextAsync(Personas.All.Select(p => p.UserName).ToArray());

        // Operator details (store engine, timings) are for /health, not for customers.
        await Expect(page.GetByTestId("benefit")).ToHaveCountAsync(4);
        await Expect(page.Locator("body")).Not.ToContainTextAsync("Data store");
        await Expect(page.Locator("body")).Not.ToContainTextAsync("MongoDB");
        await SaveDocsScreenshotAsync("landing");

        var toggle = page.GetByRole(AriaRole.Button, new() { Name = "Dark mode" });
        await Expect(toggle).ToHaveAttributeAsync("aria-pressed", "false");
        var lightBackground = await BodyBackgroundAsync(page);
        await toggle.ClickAsync();
        await Expect(toggle).ToHaveAttributeAsync("aria-pressed", "true");
        // The dark palette's background (#0B1A14) is applied to the page, not only the button state.
        await Expect(page.Locator("body")).ToHaveCSSAsync("background-color", "rgb(11, 26, 20)");
        Assert.Equal("rgb(249, 251, 250)", lightBackground);
        await SaveDocsScreenshotAsync("landing-dark");

        await toggle.ClickAsync();
        await Expect(toggle).ToHaveAttributeAsync("aria-pressed", "false");
        await Expect(page.Locator("body")).ToHaveCSSAsync("background-color", lightBackground);
    });

    [Fact]
    public Task Dark_mode_follows_the_system_and_a_choice_is_kept_across_reload_and_a_new_tab() => RunJourneyAsync(async page =>
    {
        const string dark = "rgb(11, 26, 20)";
        const string light = "rgb(249, 251, 250)";
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await GotoAndWaitForCircuitAsync("/");
        var toggle = page.GetByTestId("dark-mode-toggle");
        await Expect(page.Locator("body")).ToHaveCSSAsync("background-color", dark);
        await Expect(toggle).ToHaveAttributeAsync("aria-pressed", "true");

        // The customer prefers light: kept across a reload, from the first (prerendered) paint.
        await toggle.ClickAsync();
        await Expect(page.Locator("body")).ToHaveCSSAsync("background-color", light);
        // The parsed prerender, before any circuit: its stylesheets are in (the scripts after them waited for them), not the load event.
        await page.GotoAsync(BaseAddress.ToString(), new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        Assert.Equal(light, await BodyBackgroundAsync(page));
        await WaitForCircuitAsync();
        await Expect(page.Locator("body")).ToHaveCSSAsync("background-color", light);

        // ... and in a new tab.
        var tab = await page.Context.NewPageAsync();
        await tab.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await GotoAndWaitForCircuitAsync("/", tab);
        Assert.Equal(light, await BodyBackgroundAsync(tab));
        await Expect(tab.GetByTestId("dark-mode-toggle")).ToHaveAttributeAsync("aria-pressed", "false");

        // Choosing dark again, as the system shows, means following the system again.
        await tab.GetByTestId("dark-mode-toggle").ClickAsync();
        await Expect(tab.Locator("body")).ToHaveCSSAsync("background-color", dark);
        var cookies = await page.Context.CookiesAsync();
        Assert.Equal("system-dark", cookies.Single(cookie => cookie.Name == "leafybank-theme").Value);
        await tab.CloseAsync();
    });

    [Fact]
    public Task The_browsers_time_zone_is_kept_for_the_server() => RunJourneyAsync(async _ =>
    {
        // A browser in Auckland (the journeys' default context runs on the machine's zone).
        await using var auckland = await Chromium.Browser.NewContextAsync(new() { BaseURL = BaseAddress.ToString(), TimezoneId = "Pacific/Auckland" });
        var tab = await auckland.NewPageAsync();
        await GotoAndWaitForCircuitAsync("/", tab);

        var cookies = await auckland.CookiesAsync();
        Assert.Equal("Pacific/Auckland", Uri.UnescapeDataString(cookies.Single(cookie => cookie.Name == "leafybank-time-zone").Value));
    });

    [Fact]
    public Task A_first_page_shows_times_in_the_browsers_zone_without_a_reload() => RunJourneyAsync(async _ =>
    {
        // Straight to sign-in: no Leafy page has set the time zone cookie yet, so the dashboard is
        // prerendered in UTC and must switch to Auckland's time once the browser has said its zone.
        await using var auckland = await Chromium.Browser.NewContextAsync(new() { BaseURL = BaseAddress.ToString(), TimezoneId = "Pacific/Auckland" });
        var tab = await auckland.NewPageAsync();
        await SignInAtLeafyBankAsync(tab, "gracehop");

        await Expect(tab.GetByTestId("totals-as-of")).ToContainTextAsync(new Regex(@"\d{2}:\d{2} NZ[DS]T\)"));
        Assert.EndsWith("/dashboard", tab.Url, StringComparison.Ordinal);
    });

    private static Task<string> BodyBackgroundAsync(IPage page) =>
        page.Locator("body").EvaluateAsync<string>("element => getComputedStyle(element).backgroundColor");
}
