using LeafyBank.Core.Seeding;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LeafyBank.Tests.Browser;

/// <summary>The anonymous landing page in a real browser.</summary>
public sealed class LandingPageJourneyTests(BrowserAppFixture app) : BrowserTest(app)
{
    [Fact]
    public Task An_anonymous_visitor_sees_the_personas_and_the_embedded_store_and_can_switch_to_dark_mode() => RunJourneyAsync(async page =>
    {
        var response = await GotoAndWaitForCircuitAsync("/");
        Assert.Equal(200, response!.Status);
        await Expect(page).ToHaveTitleAsync("Leafy Bank Open Finance");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Leafy Bank Open Finance", Level = 1 })).ToBeVisibleAsync();

        var personas = page.GetByTestId("personas").GetByRole(AriaRole.Listitem);
        await Expect(personas).ToHaveCountAsync(Personas.All.Count);
        await Expect(page.GetByTestId("persona-username")).ToHaveTextAsync(Personas.All.Select(p => p.UserName).ToArray());

        // The store is probed once the circuit is up.
        await Expect(page.GetByTestId("store-engine")).ToHaveTextAsync("embedded");
        await Expect(page.GetByTestId("store-reachable")).ToBeVisibleAsync();
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

    private static Task<string> BodyBackgroundAsync(IPage page) =>
        page.Locator("body").EvaluateAsync<string>("element => getComputedStyle(element).backgroundColor");
}
