using LeafyBank.Web.Components.Pages;
using Microsoft.AspNetCore.Components.Web;

namespace LeafyBank.Tests.Web.Components.Pages;

/// <summary>Every page's title names the page, then Leafy Bank, with the one separator the other pages use ("Accounts — Leafy Bank").</summary>
public sealed class PageTitleTests : MudTestContext
{
    private string TitleOf<TPage>() where TPage : class, IComponent
    {
        var page = Render<TPage>();
        var title = page.FindComponent<PageTitle>().Instance.ChildContent!;
        return Render(title).Markup.Trim();
    }

    [Fact]
    public void The_not_found_and_error_pages_use_the_same_separator_as_the_others() =>
        Assert.Equal(["Page not found — Leafy Bank", "Error — Leafy Bank"], [TitleOf<NotFound>(), TitleOf<Error>()]);
}
