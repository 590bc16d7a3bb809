namespace LeafyBank.Tests.Web.Components.Pages.Connections;

public sealed class ConnectionResultPageTests : ConnectionPageContext
{
    private IRenderedComponent<ConnectionResultPage> RenderResult(string bank, string outcome)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/connections/result?bank={bank}&outcome={outcome}");
        return Render<ConnectionResultPage>();
    }

    [Theory]
    [InlineData("declined", "result-declined", "You declined or cancelled at Green Bank, so nothing was shared")]
    [InlineData("replayed", "result-replayed", "already used")]
    [InlineData("expired", "result-expired", "longer than 10 minutes")]
    [InlineData("failed", "result-failed", "could not complete")]
    [InlineData("rejected", "result-rejected", "does not belong to a connection you started")]
    [InlineData("something-else", "result-rejected", "nothing was changed")]
    public void Each_way_a_connection_can_fail_says_what_happened_and_offers_to_start_again(string outcome, string testId, string words)
    {
        var cut = RenderResult("greenbank", outcome);

        cut.WaitForAssertion(() => Assert.Contains(words, cut.Find($"[data-testid={testId}]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Equal("connections/new", cut.Find("[data-testid=connect-again]").GetAttribute("href"));
    }

    [Fact]
    public async Task Renewed_says_renewed_with_the_new_expiry_not_connected()
    {
        await ConnectedAsync(GreenBank, daysLeft: 90);

        var cut = RenderResult("greenbank", "renewed");

        cut.WaitForAssertion(() => Assert.Equal("Your consent at Green Bank is renewed", cut.Find("[data-testid=result-title]").TextContent.Trim()), TimeSpan.FromSeconds(10));
        var text = cut.Find("[data-testid=result-renewed]").TextContent;
        Assert.Contains($"until {Day(Now.AddDays(90))}", text, StringComparison.Ordinal);
        Assert.Contains("Everything already linked was kept", text, StringComparison.Ordinal);
        Assert.DoesNotContain("is connected", cut.Markup, StringComparison.Ordinal);
        // This connection has no first sync on record under its consent: the page says so rather than reading the bank.
        cut.WaitForAssertion(() => Assert.Contains("before the update could finish", cut.Find("[data-testid=sync-not-run]").TextContent, StringComparison.Ordinal),
            TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_declined_renewal_says_the_current_consent_stays()
    {
        await ConnectedAsync(GreenBank, daysLeft: 4);

        var cut = RenderResult("greenbank", "declined");

        cut.WaitForAssertion(() => Assert.Contains($"Your current consent stays as it was, until {Day(Now.AddDays(4))}",
            cut.Find("[data-testid=result-declined]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void A_result_link_without_a_bank_says_there_is_nothing_to_fetch_instead_of_waiting_forever()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/connections/result?outcome=connected");
        var cut = Render<ConnectionResultPage>();

        cut.WaitForAssertion(() => Assert.Contains("not connected", cut.Find("[data-testid=sync-problem]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Empty(cut.FindAll("[data-testid=first-sync]"));
    }

    [Fact]
    public async Task A_result_link_naming_another_customers_bank_shows_nothing_of_their_connection()
    {
        await ConnectedAsync(GreenBank, daysLeft: 4, owner: Grace);

        var cut = RenderResult("greenbank", "renewed");

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=result-renewed]")), TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(Day(Now.AddDays(4)), cut.Markup, StringComparison.Ordinal);
        // Frida has no connection there, so there is no update to show (and none to offer).
        cut.WaitForAssertion(() => Assert.Contains("not connected", cut.Find("[data-testid=sync-problem]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Empty(cut.FindAll("[data-testid=sync-now]"));
        Assert.Empty(await Store.Collection(OpenFinanceCollections.AuditEvents).FindAsync(Grace.UserId, cancellationToken: Cancel));
    }
}
