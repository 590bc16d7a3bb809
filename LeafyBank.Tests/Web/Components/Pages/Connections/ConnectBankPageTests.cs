using MudBlazor;
using MudBlazor.Extensions;

namespace LeafyBank.Tests.Web.Components.Pages.Connections;

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
    public void Lists_the_banks_by_name_and_initials_without_protocol_names()
    {
        var cut = RenderPage();

        var green = cut.Find("[data-testid=bank-greenbank]");
        Assert.Contains("Green Bank", green.TextContent, StringComparison.Ordinal);
        Assert.Contains("GB", green.TextContent, StringComparison.Ordinal);
        Assert.Contains("Not connected", green.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Open Banking", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("API", cut.Find("[data-testid=bank-list]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_picker_marks_banks_already_connected_and_says_what_choosing_them_does()
    {
        await ConnectedAsync(GreenBank, daysLeft: 80);
        await ConnectedAsync(ThamesBank, daysLeft: -2);
        await LinkedDataAsync(ThamesBank, Frida);

        var cut = RenderPage();

        var green = cut.Find("[data-testid=bank-greenbank]");
        Assert.Equal("Active", green.QuerySelector("[data-testid=already]")!.TextContent.Trim());
        Assert.Contains("Choosing it renews your consent", green.QuerySelector("[data-testid=already-note]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Renew", cut.Find("[data-testid=choose-greenbank]").TextContent.Trim());
        var thames = cut.Find("[data-testid=bank-thamesbank]");
        Assert.Equal("Expired", thames.QuerySelector("[data-testid=already]")!.TextContent.Trim());
        Assert.Contains("connects it again", thames.QuerySelector("[data-testid=already-note]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Connect again", cut.Find("[data-testid=choose-thamesbank]").TextContent.Trim());
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
    public async Task Reconnecting_an_ended_consent_is_a_new_connection_that_keeps_the_validity_chosen_before()
    {
        // Chosen for 180 days, 183 days ago: it ended three days ago.
        await ConnectedAsync(GreenBank, daysLeft: -3);
        var consents = Store.Collection(OpenFinanceCollections.Consents);
        var consent = (await consents.FindAsync(Frida.UserId, cancellationToken: Cancel))[0];
        consent.CreatedAt = Now.AddDays(-183);
        await consents.UpsertAsync(consent, Cancel);
        await LinkedDataAsync(GreenBank, Frida);

        var cut = RenderPage("greenbank");

        Assert.Equal("Connect Green Bank again", cut.Find("[data-testid=connect-title]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=renewal]"));
        var reconnecting = cut.Find("[data-testid=reconnecting]").TextContent;
        Assert.Contains($"ended on {Day(Now.AddDays(-3))}", reconnecting, StringComparison.Ordinal);
        Assert.Contains("Connecting again asks Green Bank for a new consent", reconnecting, StringComparison.Ordinal);
        Assert.DoesNotContain("runs until", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("Renew", cut.Find("[data-testid=connect-title]").TextContent, StringComparison.Ordinal);
        Assert.Equal(180, cut.FindComponent<MudSelect<int>>().Instance.GetState(x => x.Value));
        Assert.Equal("Back to your connections", cut.Find("[data-testid=back]").TextContent.Trim());
    }

    [Fact]
    public async Task The_interactive_render_takes_the_prerendered_connections_instead_of_reading_them_again()
    {
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        RenderPage();
        PersistentState.TriggerOnPersisting();
        Assert.True(PersistentState.TryTake<ConnectionsPageState>("connect-bank-page", out var handed));
        Assert.Empty(handed!.Connections);
        PersistentState.Persist("connect-bank-page", handed);

        // Connected after the prerender: an interactive render that read again would mark Green Bank.
        await ConnectedAsync(GreenBank, daysLeft: 80);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var cut = RenderPage();

        Assert.Null(cut.Find("[data-testid=bank-greenbank]").QuerySelector("[data-testid=already]"));
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
