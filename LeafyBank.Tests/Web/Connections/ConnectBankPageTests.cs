using Bunit;
using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence;
using LeafyBank.Web.Components.Pages.Connections;
using MudBlazor;
using MudBlazor.Extensions;

namespace LeafyBank.Tests.Web.Connections;

public sealed class ConnectBankPageTests : ConnectionPageContext
{
    private IRenderedComponent<ConnectBank> RenderPage()
    {
        var cut = Render<ConnectBank>();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=banks-loading]")), TimeSpan.FromSeconds(10));
        return cut;
    }

    [Fact]
    public void Lists_the_banks_with_initials_and_their_api_in_words()
    {
        var cut = RenderPage();

        var green = cut.Find("[data-testid=bank-greenbank]");
        Assert.Contains("Green Bank", green.TextContent, StringComparison.Ordinal);
        Assert.Contains("GB", green.TextContent, StringComparison.Ordinal);
        Assert.Contains("UK Open Banking 3.1", cut.Find("[data-testid=bank-thamesbank]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Choosing_a_bank_shows_the_review_with_everything_shared_for_90_days()
    {
        var cut = RenderPage();

        cut.Find("[data-testid=choose-greenbank]").Click();

        var review = cut.Find("[data-testid=review]");
        Assert.Contains("revoke this at any time", review.TextContent, StringComparison.Ordinal);
        Assert.Contains("Why:", review.TextContent, StringComparison.Ordinal);
        Assert.All(cut.FindComponents<MudCheckBox<bool>>(), box => Assert.True(box.Instance.GetState(x => x.Value)));
        Assert.Equal(4, cut.FindComponents<MudCheckBox<bool>>().Count);
        Assert.Equal(90, cut.FindComponent<MudSelect<int>>().Instance.GetState(x => x.Value));
        Assert.Equal("Continue to Green Bank", cut.Find("[data-testid=continue]").TextContent.Trim());
    }

    [Fact]
    public async Task An_unreachable_bank_is_explained_in_plain_words_and_nothing_is_stored()
    {
        var cut = RenderPage();
        cut.Find("[data-testid=choose-thamesbank]").Click();

        await cut.Find("[data-testid=continue]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("could not reach Thames Bank", cut.Find("[data-testid=connect-error]").TextContent, StringComparison.Ordinal),
            TimeSpan.FromSeconds(10));
        Assert.NotNull(cut.Find("[data-testid=review]"));
        Assert.Empty(await Store.Collection(OpenFinanceCollections.AuthorizationRequests).FindAsync(Frida.UserId, cancellationToken: Cancel));
        Assert.Empty(await Store.Collection(OpenFinanceCollections.Consents).FindAsync(Frida.UserId, cancellationToken: Cancel));
    }
}
