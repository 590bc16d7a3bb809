using MudBlazor;
using MudBlazor.Extensions;

namespace LeafyBank.Tests.Web.Components.Pages.Connections;

/// <summary>
/// The review step of connecting a bank: accounts are always shared (the other kinds are read for them), and the step's
/// choices live in the page address, so Back from the bank's sign-in page and a refresh show the review as it was left.
/// </summary>
public sealed class ConnectBankReviewTests : PersonasTestContext
{
    private BunitNavigationManager Navigation => Services.GetRequiredService<BunitNavigationManager>();

    private IRenderedComponent<ConnectBank> RenderPage(string? query = null)
    {
        if (query is not null)
        {
            Navigation.NavigateTo($"/connections/new?{query}");
        }
        var cut = Render<ConnectBank>();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=banks-loading]")), TimeSpan.FromSeconds(10));
        return cut;
    }

    private static IEnumerable<bool> Ticked(IRenderedComponent<ConnectBank> cut) =>
        cut.FindComponents<MudCheckBox<bool>>().Select(box => box.Instance.GetState(x => x.Value));

    private static IEnumerable<bool> Disabled(IRenderedComponent<ConnectBank> cut) =>
        cut.FindComponents<MudCheckBox<bool>>().Select(box => box.Find("input").HasAttribute("disabled"));

    private static int Period(IRenderedComponent<ConnectBank> cut) => cut.FindComponent<MudSelect<int>>().Instance.GetState(x => x.Value);

    [Fact]
    public void Accounts_are_ticked_and_cannot_be_unticked_and_the_review_says_why()
    {
        var cut = RenderPage();
        cut.Find("[data-testid=choose-thamesbank]").Click();

        Assert.Equal([true, false, false, false], Disabled(cut));
        Assert.Equal("Always shared: the other choices are about these accounts.", cut.Find("[data-testid=accounts-always]").TextContent.Trim());

        // As Ada did: untick everything else, and try accounts too.
        ConnectBankPageTests.Tick(cut, "balances", false);
        ConnectBankPageTests.Tick(cut, "products", false);
        ConnectBankPageTests.Tick(cut, "accounts", false);

        Assert.Equal([true, false, true, false], Ticked(cut));
        Assert.Contains("to show your Thames Bank accounts and transactions in Leafy Bank", ConnectBankPageTests.Why(cut), StringComparison.Ordinal);
    }

    [Fact]
    public void Choosing_a_bank_puts_it_in_the_address_as_a_step_of_its_own_and_each_change_replaces_the_address()
    {
        var cut = RenderPage();

        cut.Find("[data-testid=choose-thamesbank]").Click();

        var chosen = Assert.Single(Navigation.History);
        Assert.Equal("connections/new?bank=thamesbank&data=accounts,balances,transactions,products&days=90&from=list", chosen.Uri);
        // Its own history entry: the browser's Back from the review returns to the list of banks.
        Assert.False(chosen.Options.ReplaceHistoryEntry);

        ConnectBankPageTests.Tick(cut, "balances", false);
        cut.InvokeAsync(() => cut.FindComponent<MudSelect<int>>().Instance.ValueChanged.InvokeAsync(180));

        Assert.Equal("connections/new?bank=thamesbank&data=accounts,transactions,products&days=180&from=list", Navigation.History.First().Uri);
        Assert.All(Navigation.History.Take(2), change => Assert.True(change.Options.ReplaceHistoryEntry));
        Assert.EndsWith("/connections/new?bank=thamesbank&data=accounts,transactions,products&days=180&from=list", Navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void The_review_has_the_same_heading_and_step_when_the_page_opens_again_at_its_address_after_Back_from_the_bank()
    {
        var first = RenderPage();
        first.Find("[data-testid=choose-thamesbank]").Click();
        var heading = first.Find("[data-testid=connect-title]").TextContent.Trim();
        var step = first.Find("[data-testid=review-step]").TextContent.Trim();
        var back = first.Find("[data-testid=back]").TextContent.Trim();
        var address = Navigation.Uri;

        // Back from the bank's sign-in page loads the page afresh at the address the review wrote.
        Navigation.NavigateTo(address);
        var again = RenderPage();

        Assert.Equal(("Connect a bank", "Step 2 of 2: review what you share with Leafy Bank. Then Thames Bank asks you to sign in there and approve it."),
            (heading, step));
        Assert.Equal((heading, step, back), (again.Find("[data-testid=connect-title]").TextContent.Trim(),
            again.Find("[data-testid=review-step]").TextContent.Trim(), again.Find("[data-testid=back]").TextContent.Trim()));
    }

    [Fact]
    public void A_page_opened_at_such_an_address_shows_the_review_as_it_was_left()
    {
        // Back from the bank's sign-in page, or a refresh, loads the page afresh at the address the review wrote.
        var cut = RenderPage("bank=thamesbank&data=accounts,transactions,products&days=180");

        Assert.Equal("Connect a bank", cut.Find("[data-testid=connect-title]").TextContent.Trim());
        Assert.Equal([true, false, true, true], Ticked(cut));
        Assert.Equal(180, Period(cut));
        Assert.False(cut.Find("[data-testid=continue]").HasAttribute("disabled"));
    }

    [Theory]
    [InlineData("bank=thamesbank&data=transactions&days=30", new[] { true, false, true, false }, 30)]
    [InlineData("bank=thamesbank&data=payments,Balances&days=45", new[] { true, true, false, false }, 90)]
    [InlineData("bank=thamesbank&data=nothing-known", new[] { true, true, true, true }, 90)]
    public void A_hand_made_address_shares_accounts_whatever_it_says_and_offers_only_the_periods_on_the_list(string query, bool[] ticked, int days)
    {
        var cut = RenderPage(query);

        Assert.Equal(ticked, Ticked(cut));
        Assert.Equal(days, Period(cut));
    }

    [Fact]
    public void The_browser_s_Back_and_Forward_between_the_list_and_the_review_show_each_as_it_was()
    {
        var cut = RenderPage();
        cut.Find("[data-testid=choose-greenbank]").Click();
        ConnectBankPageTests.Tick(cut, "balances", false);

        Navigation.NavigateTo("/connections/new");
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=bank-list]")));
        Navigation.NavigateTo("/connections/new?bank=greenbank&data=accounts,transactions,products&days=90");

        cut.WaitForAssertion(() => Assert.Equal([true, false, true, true], Ticked(cut)));
    }

    [Fact]
    public async Task A_consent_made_without_accounts_opens_its_review_with_them_added_and_ready_to_continue()
    {
        // What Ada's Thames Bank consent shared (here Frida's) before accounts were always shared: transactions alone, which linked nothing.
        await Store.Collection(OpenFinanceCollections.Consents).UpsertAsync(TestDocuments.Consent(Frida, ThamesBank.Id, "consent-thamesbank-fridaklo", Now,
            Now.Date.AddDays(90), permissions: [ConsentPermissions.Transactions]), Cancel);

        var cut = RenderPage("bank=thamesbank");

        Assert.Equal([true, false, true, false], Ticked(cut));
        Assert.Contains("Leafy Bank also reads your accounts", cut.Find("[data-testid=renewal-change]").TextContent, StringComparison.Ordinal);
        Assert.False(cut.Find("[data-testid=continue]").HasAttribute("disabled"));
    }
}
