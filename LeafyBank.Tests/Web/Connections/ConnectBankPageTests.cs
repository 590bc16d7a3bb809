using Bunit;
using LeafyBank.Core.Banking;
using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence;
using LeafyBank.Web.Components.Pages.Connections;
using MudBlazor;
using MudBlazor.Extensions;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace LeafyBank.Tests.Web.Connections;

public sealed class ConnectBankPageTests : ConnectionPageContext
{
    private IRenderedComponent<ConnectBank> RenderPage(string? bank = null)
    {
        if (bank is not null)
        {
            Services.GetRequiredService<NavigationManager>().NavigateTo($"/connections/new?bank={bank}");
        }
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

        cut.WaitForAssertion(() => Assert.Equal(BankTroubleWords.NotAnswering("Thames Bank"), cut.Find("[data-testid=connect-error]").TextContent.Trim()),
            TimeSpan.FromSeconds(10));
        Assert.NotNull(cut.Find("[data-testid=review]"));
        Assert.Empty(await Store.Collection(OpenFinanceCollections.AuthorizationRequests).FindAsync(Frida.UserId, cancellationToken: Cancel));
        Assert.Empty(await Store.Collection(OpenFinanceCollections.Consents).FindAsync(Frida.UserId, cancellationToken: Cancel));
    }

    [Fact]
    public async Task Renew_opens_the_review_of_that_bank_with_the_current_expiry_and_what_is_shared_today()
    {
        await ConnectedAsync(GreenBank, daysLeft: 5);
        var consents = Store.Collection(OpenFinanceCollections.Consents);
        var consent = (await consents.FindAsync(Frida.UserId, cancellationToken: Cancel))[0];
        consent.Permissions = ["accounts", "balances"];
        await consents.UpsertAsync(consent, Cancel);

        var cut = RenderPage("greenbank");

        Assert.Equal("Renew your consent at Green Bank", cut.Find("[data-testid=connect-title]").TextContent.Trim());
        var renewal = cut.Find("[data-testid=renewal]").TextContent;
        Assert.Contains($"runs until {Day(Now.AddDays(5))}", renewal, StringComparison.Ordinal);
        Assert.Contains("Everything already in Leafy Bank is kept", renewal, StringComparison.Ordinal);
        Assert.Contains("if you decline, nothing changes", renewal, StringComparison.Ordinal);
        var ticked = cut.FindComponents<MudCheckBox<bool>>().Where(box => box.Instance.GetState(x => x.Value)).Select(box => box.Instance.Label).ToList();
        Assert.Equal(["Accounts", "Balances"], ticked);
        Assert.Equal("Continue to Green Bank", cut.Find("[data-testid=continue]").TextContent.Trim());
        Assert.Equal("Keep the current consent", cut.Find("[data-testid=back]").TextContent.Trim());
    }

    [Fact]
    public async Task Reconnecting_an_expired_consent_says_when_it_ended()
    {
        await ConnectedAsync(GreenBank, daysLeft: -3);

        var cut = RenderPage("greenbank");

        Assert.Contains($"ended on {Day(Now.AddDays(-3))}", cut.Find("[data-testid=renewal]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bank_only_another_customer_is_connected_to_is_a_new_connection_showing_nothing_of_theirs()
    {
        await ConnectedAsync(GreenBank, daysLeft: 5, owner: Grace);

        var cut = RenderPage("greenbank");

        Assert.Equal("Connect a bank", cut.Find("[data-testid=connect-title]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=renewal]"));
        Assert.DoesNotContain(Day(Now.AddDays(5)), cut.Markup, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("[data-testid=review]"));
    }

    [Fact]
    public void An_unknown_bank_in_the_link_says_so_and_offers_the_list()
    {
        var cut = RenderPage("no-such-bank");

        Assert.Contains("does not know a bank called 'no-such-bank'", cut.Find("[data-testid=connect-error]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("[data-testid=bank-list]"));
    }
}
