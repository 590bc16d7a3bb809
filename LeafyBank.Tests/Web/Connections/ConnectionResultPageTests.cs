using Bunit;
using LeafyBank.Web.Components.Pages.Connections;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace LeafyBank.Tests.Web.Connections;

public sealed class ConnectionResultPageTests : ConnectionPageContext
{
    private IRenderedComponent<ConnectionResultPage> RenderResult(string bank, string outcome)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/connections/result?bank={bank}&outcome={outcome}");
        return Render<ConnectionResultPage>();
    }

    [Theory]
    [InlineData("declined", "result-declined", "nothing was shared")]
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
    public async Task Connected_runs_the_first_sync_with_progress_and_reports_how_it_went()
    {
        await ConnectedAsync(GreenBank, daysLeft: 90);

        var cut = RenderResult("greenbank", "connected");

        cut.WaitForAssertion(() => Assert.Equal("Green Bank is connected", cut.Find("[data-testid=result-title]").TextContent.Trim()), TimeSpan.FromSeconds(10));
        // No connector reads Green Bank in this test, so the first sync fails and the page says what follows.
        cut.WaitForAssertion(() => Assert.Contains("cannot read Green Bank", cut.Find("[data-testid=sync-problem]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
    }
}
