using System.Text.RegularExpressions;

namespace LeafyBank.Tests.Web.Components.Pages.Connections;

public sealed class ConnectionResultPageTests : PersonasTestContext
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
        // Only the new consent is on record (the replaced one is not found): the page still says until when.
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
    public void Declined_or_cancelled_at_the_bank_gets_a_title_true_for_both_naming_the_bank()
    {
        var cut = RenderResult("greenbank", "declined");

        cut.WaitForAssertion(() => Assert.Equal("You did not approve at Green Bank", cut.Find("[data-testid=result-title]").TextContent.Trim()),
            TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_bank_that_granted_fewer_days_than_asked_is_said_plainly()
    {
        // Thames Bank caps consents at 90 days; Frida asked for 180 (the callback keeps what was asked only when it differs).
        var consent = TestDocuments.Consent(Frida, ThamesBank.Id, "consent-thames", Now, Now.Date.AddDays(90));
        consent.RequestedValidUntil = Now.Date.AddDays(180);
        await Store.Collection(OpenFinanceCollections.Consents).UpsertAsync(consent, Cancel);

        var cut = RenderResult("thamesbank", "connected");

        cut.WaitForAssertion(() => Assert.Equal($"You asked for 180 days; Thames Bank allows at most 90, so access ends on {Day(Now.Date.AddDays(90))}.",
            cut.Find("[data-testid=granted-differs]").TextContent.Trim()), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_bank_that_granted_what_was_asked_is_not_said_to_differ()
    {
        await ConnectedAsync(GreenBank, daysLeft: 90);

        var cut = RenderResult("greenbank", "connected");

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=result-connected]")), TimeSpan.FromSeconds(10));
        Assert.Empty(cut.FindAll("[data-testid=granted-differs]"));
    }

    /// <summary>Frida's consent at Green Bank replaced today by a new one, as the callback leaves them.</summary>
    private async Task RenewedAsync(string[] before, DateTime beforeUntil, string[] after, DateTime afterUntil)
    {
        var consents = Store.Collection(OpenFinanceCollections.Consents);
        await consents.UpsertAsync(TestDocuments.Consent(Frida, GreenBank.Id, "consent-before", Now.AddDays(-60), beforeUntil,
            ConsentStatuses.TerminatedByTpp, before, statusChangedAt: Now), Cancel);
        await consents.UpsertAsync(TestDocuments.Consent(Frida, GreenBank.Id, "consent-after", Now, afterUntil, permissions: after), Cancel);
    }

    [Fact]
    public async Task A_renewal_of_the_same_data_says_until_when_and_how_much_longer()
    {
        string[] everything = ["accounts", "balances", "transactions", "products"];
        await RenewedAsync(everything, Now.AddDays(20), everything, Now.Date.AddDays(90));

        var cut = RenderResult("greenbank", "renewed");

        cut.WaitForAssertion(() => Assert.Equal("renewal", cut.Find("[data-testid=result-renewed]").GetAttribute("data-change")), TimeSpan.FromSeconds(10));
        Assert.Equal("Your consent at Green Bank is renewed", cut.Find("[data-testid=result-title]").TextContent.Trim());
        var text = Regex.Replace(cut.Find("[data-testid=result-renewed]").TextContent, @"\s+", " ");
        Assert.Contains($"Leafy Bank reads your Green Bank accounts, balances, transactions, loans and mortgages until {Day(Now.AddDays(90))}, 70 days longer than before. " +
                        "Everything already linked was kept",
            text, StringComparison.Ordinal);
        Assert.DoesNotContain("no longer reads", text, StringComparison.Ordinal);
        Assert.DoesNotContain("also reads", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changing_what_is_shared_says_what_was_added_and_dropped_and_until_when_instead_of_renewed()
    {
        // Before renewal was due: transactions added, loans dropped, for 30 days instead of the 80 left.
        await RenewedAsync(["accounts", "balances", "products"], Now.AddDays(80), ["accounts", "balances", "transactions"], Now.Date.AddDays(30));

        var cut = RenderResult("greenbank", "renewed");

        cut.WaitForAssertion(() => Assert.Equal("change", cut.Find("[data-testid=result-renewed]").GetAttribute("data-change")), TimeSpan.FromSeconds(10));
        Assert.Equal("You changed what you share with Green Bank", cut.Find("[data-testid=result-title]").TextContent.Trim());
        var text = Regex.Replace(cut.Find("[data-testid=result-renewed]").TextContent, @"\s+", " ");
        Assert.Contains($"Leafy Bank now reads your Green Bank accounts, balances and transactions until {Day(Now.AddDays(30))}, 50 days sooner than before. " +
                        "It now also reads your transactions. " +
                        "It no longer reads your loans and mortgages; the ones already in Leafy Bank are kept, no longer updated. " +
                        "The previous consent has been replaced.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("is renewed", cut.Markup, StringComparison.Ordinal);
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
        Assert.Empty(cut.FindAll("[data-testid=result-connected]"));
    }

    [Fact]
    public async Task A_connected_result_opened_again_after_the_bank_was_disconnected_does_not_say_it_is_connected()
    {
        // Back, a reload or a restored tab brings the address of the day it was connected; the bank was disconnected since.
        await ConnectedAsync(GreenBank, daysLeft: 4);
        await Store.Collection(OpenFinanceCollections.Consents).DeleteAsync(FridaId, null, Cancel);
        await Store.Collection(OpenFinanceCollections.SyncStates).DeleteAsync(FridaId, null, Cancel);

        var cut = RenderResult("greenbank", "connected");

        cut.WaitForAssertion(() => Assert.Contains("not connected", cut.Find("[data-testid=sync-problem]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Equal("Green Bank is not connected", cut.Find("[data-testid=result-title]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=result-connected]"));
        Assert.DoesNotContain("You approved at Green Bank", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_result_link_naming_another_customers_bank_shows_nothing_of_their_connection()
    {
        await ConnectedAsync(GreenBank, daysLeft: 4, owner: Grace);

        var cut = RenderResult("greenbank", "renewed");

        // Frida has no connection there: the page says so instead of "renewed" (it claimed it before).
        cut.WaitForAssertion(() => Assert.Equal("Green Bank is not connected", cut.Find("[data-testid=result-title]").TextContent.Trim()), TimeSpan.FromSeconds(10));
        Assert.Empty(cut.FindAll("[data-testid=result-renewed]"));
        Assert.DoesNotContain(Day(Now.AddDays(4)), cut.Markup, StringComparison.Ordinal);
        // Frida has no connection there, so there is no update to show (and none to offer).
        cut.WaitForAssertion(() => Assert.Contains("not connected", cut.Find("[data-testid=sync-problem]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Empty(cut.FindAll("[data-testid=sync-now]"));
        Assert.Empty(await Store.Collection(OpenFinanceCollections.AuditEvents).FindAsync(Grace.UserId, cancellationToken: Cancel));
    }
}
