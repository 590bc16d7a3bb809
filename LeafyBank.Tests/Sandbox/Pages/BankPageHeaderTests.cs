using LeafyBank.Tests.Browser;
using LeafyBank.Tests.Sandbox.Authorization;
using Microsoft.Playwright;

namespace LeafyBank.Tests.Sandbox.Pages;

/// <summary>
/// The header every bank page carries, drawn by Chromium at a phone's width and a laptop's: the bank's name and the
/// "demo data only" tag each stay on one line, inside the screen, the tag under the name on a phone rather than
/// broken across lines beside it. The page is the bank's own HTML (its styles are inline), set into the browser.
/// </summary>
[Collection(SandboxWithTestAccounts.Collection)]
public sealed class BankPageHeaderTests(SandboxWithTestAccounts sandbox, Chromium chromium) : IAsyncDisposable
{
    private readonly SandboxTestHost host = sandbox.NewSession();

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    [Theory]
    [InlineData("greenbank", 390, 844)]
    [InlineData("mongodbbank", 390, 844)]
    [InlineData("donaubank", 390, 844)]
    [InlineData("thamesbank", 390, 844)]
    [InlineData("mongodbbank", 320, 640)]
    [InlineData("mongodbbank", 1280, 800)]
    public async Task The_bank_name_and_the_demo_data_tag_each_stay_on_one_line_inside_the_screen(string bankId, int width, int height)
    {
        if (Chromium.SkipReason is { } reason)
        {
            Assert.Skip(reason);
        }
        var html = await host.Browser.GetStringAsync($"/sandbox/{bankId}/signin", Ct);
        await using var context = await chromium.Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        await page.SetContentAsync(html);

        var name = await LinesAsync(page, "header strong");
        var tag = await LinesAsync(page, "header .sandbox");

        Assert.True(name.Lines == 1, $"{bankId} at {width} px: the bank's name takes {name.Lines} lines");
        Assert.True(tag.Lines == 1, $"{bankId} at {width} px: the tag takes {tag.Lines} lines");
        Assert.Equal("Sandbox bank — demo data only", tag.Text);
        Assert.True(tag.Right <= width && name.Right <= width, $"{bankId} at {width} px: the header reaches {Math.Max(tag.Right, name.Right)} px");
        if (width < 480)
        {
            Assert.True(tag.Top >= name.Bottom, $"{bankId} at {width} px: the tag sits beside the name, not under it");
        }
    }

    /// <summary>What the page measured (Playwright fills it by property name, so it needs a parameterless constructor).</summary>
    private sealed class Box
    {
        public double Lines { get; set; }

        public double Top { get; set; }

        public double Bottom { get; set; }

        public double Right { get; set; }

        public string Text { get; set; } = "";
    }

    /// <summary>How many lines of its own font an element's text takes, and where it is.</summary>
    private static async Task<Box> LinesAsync(IPage page, string selector) => await page.EvalOnSelectorAsync<Box>(selector, """
        element => {
            const box = element.getBoundingClientRect();
            const style = getComputedStyle(element);
            const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.2;
            return { lines: Math.round(box.height / line), top: box.top, bottom: box.bottom, right: box.right, text: element.textContent };
        }
        """);
}
