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
    [InlineData("rejected", "result-rejected", "does not belong to a connection you started")]
    [InlineData("something-else", "result-rejected", "nothing was changed")]
    public void Each_way_a_connection_can_fail_says_what_happened_and_offers_to_start_again(string outcome, string testId, string words)
    {
        var cut = RenderResult("greenbank", outcome);

        cut.WaitForAssertion(() => Assert.Contains(words, cut.Find($"[data-testid={testId}]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Equal("connections/new", cut.Find("[data-testid=connect-again]").GetAttribute("href"));
    }

    [Fact]
    public async Task An_answer_used_twice_for_a_bank_that_is_not_connected_offers_to_try_again_with_that_bank_and_what_was_chosen()
    {
        // Frida's attempt moments ago at Thames Bank, answered already; the bank's answer then arrived a second time.
        await Store.Collection(OpenFinanceCollections.AuthorizationRequests).UpsertAsync(new AuthorizationRequest
        {
            RequestUser = Frida,
            Bank = ThamesBank.Id,
            StateHash = "state-hash",
            ConsentId = "consent-answered",
            Permissions = [ConsentPermissions.Accounts, ConsentPermissions.Balances],
            ValidUntil = Now.Date.AddDays(180),
            RequestedValidUntil = Now.Date.AddDays(180),
            CreatedAt = Now.AddMinutes(-3),
            ExpiresAt = Now.AddMinutes(7),
            CompletedAt = Now.AddMinutes(-1),
        }, Cancel);

        var cut = RenderResult("thamesbank", "replayed");

        cut.WaitForAssertion(() => Assert.Equal("connections/new?bank=thamesbank&data=accounts,balances&days=180",
            cut.Find("[data-testid=try-again]").GetAttribute("href")), TimeSpan.FromSeconds(10));
        Assert.Equal("This answer was already used", cut.Find("[data-testid=result-title]").TextContent.Trim());
        Assert.Equal("This answer from Thames Bank was already used (perhaps the page was reloaded or opened twice), so it changed nothing, " +
                     "and Thames Bank is not connected. To connect it, try again.", cut.Find("[data-testid=result-replayed]").TextContent.Trim());
        Assert.Equal("Try again with Thames Bank", cut.Find("[data-testid=try-again]").TextContent.Trim());
        Assert.Equal("connections", cut.Find("[data-testid=to-connections]").GetAttribute("href"));
        Assert.Empty(cut.FindAll("[data-testid=connect-again]"));
    }

    [Fact]
    public void An_answer_used_twice_with_nothing_held_of_the_attempt_offers_that_banks_review_as_it_starts()
    {
        var cut = RenderResult("greenbank", "replayed");

        cut.WaitForAssertion(() => Assert.Equal("Try again with Green Bank", cut.Find("[data-testid=try-again]").TextContent.Trim()), TimeSpan.FromSeconds(10));
        Assert.Equal("connections/new?bank=greenbank", cut.Find("[data-testid=try-again]").GetAttribute("href"));
        Assert.Empty(cut.FindAll("[data-testid=connect-again]"));
    }

    [Fact]
    public async Task An_answer_used_twice_for_a_bank_that_is_connected_says_it_is_connected_and_leads_to_the_connections()
    {
        // The first delivery of the answer connected Green Bank; a reload delivered it again.
        await ConnectedAsync(GreenBank, daysLeft: 90);

        var cut = RenderResult("greenbank", "replayed");

        cut.WaitForAssertion(() => Assert.Equal("Green Bank is connected", cut.Find("[data-testid=result-title]").TextContent.Trim()), TimeSpan.FromSeconds(10));
        Assert.Equal("This answer from Green Bank was already used (perhaps the page was reloaded or opened twice), so opening it again changed nothing. " +
                     $"Green Bank is connected, until {Day(Now.AddDays(90))}: your connections show what Leafy Bank reads there.",
            cut.Find("[data-testid=result-replayed]").TextContent.Trim());
        var connections = Assert.Single(cut.FindAll("a[href]"));
        Assert.Equal(("connections", "Your connections"), (connections.GetAttribute("href"), connections.TextContent.Trim()));
        Assert.Contains("mud-button-filled", connections.ClassName, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=try-again]"));
        Assert.Empty(cut.FindAll("[data-testid=connect-again]"));
    }

    [Theory]
    [InlineData("declined", "result-declined", "You declined or cancelled at Green Bank, so nothing was shared")]
    [InlineData("expired", "result-expired", "longer than 10 minutes")]
    [InlineData("failed", "result-failed", "could not complete")]
    public void A_connection_the_bank_did_not_complete_offers_to_try_again_with_that_bank_and_the_way_back_to_connections(string outcome, string testId, string words)
    {
        var cut = RenderResult("greenbank", outcome);

        cut.WaitForAssertion(() => Assert.Contains(words, cut.Find($"[data-testid={testId}]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        // The customer chose Green Bank already: trying again opens its review, not the list of banks to choose from again.
        var tryAgain = cut.Find("[data-testid=try-again]");
        Assert.Equal("Try again with Green Bank", tryAgain.TextContent.Trim());
        Assert.Equal("connections/new?bank=greenbank", tryAgain.GetAttribute("href"));
        Assert.Equal("connections", cut.Find("[data-testid=to-connections]").GetAttribute("href"));
        Assert.Empty(cut.FindAll("[data-testid=connect-again]"));
    }

    [Fact]
    public async Task Trying_again_after_declining_opens_the_review_with_what_the_customer_had_chosen()
    {
        // Frida's attempt moments ago: accounts and transactions for 30 days, declined at the bank (the attempt is kept for a while).
        await Store.Collection(OpenFinanceCollections.AuthorizationRequests).UpsertAsync(new AuthorizationRequest
        {
            RequestUser = Frida,
            Bank = ThamesBank.Id,
            StateHash = "state-hash",
            ConsentId = "consent-declined",
            Permissions = [ConsentPermissions.Accounts, ConsentPermissions.Transactions],
            ValidUntil = Now.Date.AddDays(30),
            RequestedValidUntil = Now.Date.AddDays(30),
            CreatedAt = Now.AddMinutes(-2),
            ExpiresAt = Now.AddMinutes(8),
            CompletedAt = Now,
        }, Cancel);

        var cut = RenderResult("thamesbank", "declined");

        cut.WaitForAssertion(() => Assert.Equal("connections/new?bank=thamesbank&data=accounts,transactions&days=30",
            cut.Find("[data-testid=try-again]").GetAttribute("href")), TimeSpan.FromSeconds(10));
        Assert.Equal("Try again with Thames Bank", cut.Find("[data-testid=try-again]").TextContent.Trim());
    }

    [Theory]
    [InlineData("declined")]
    [InlineData("connected")]
    [InlineData("renewed")]
    [InlineData("failed")]
    public void A_bank_the_directory_does_not_know_is_said_in_words_never_by_the_id_from_the_address(string outcome)
    {
        var cut = RenderResult("nosuchbank", outcome);

        cut.WaitForAssertion(() => Assert.Equal("We could not tell which bank this was about", cut.Find("[data-testid=result-title]").TextContent.Trim()),
            TimeSpan.FromSeconds(10));
        Assert.Contains("names a bank Leafy Bank does not know", cut.Find("[data-testid=result-unknown-bank]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("nosuchbank", cut.Markup, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("connections", cut.Find("[data-testid=to-connections]").GetAttribute("href"));
        Assert.Equal("connections/new", cut.Find("[data-testid=connect-again]").GetAttribute("href"));
    }

    [Fact]
    public async Task A_declined_address_for_a_bank_that_is_connected_says_it_is_still_connected_not_that_the_customer_did_not_approve()
    {
        // The customer declined, then approved on a second try, and came back to the first result (Back, a restored tab).
        await ConnectedAsync(GreenBank, daysLeft: 80);

        var cut = RenderResult("greenbank", "declined");

        cut.WaitForAssertion(() => Assert.Equal("Green Bank is still connected", cut.Find("[data-testid=result-title]").TextContent.Trim()), TimeSpan.FromSeconds(10));
        var text = cut.Find("[data-testid=result-declined]").TextContent;
        Assert.Contains($"Your current consent stays as it was, until {Day(Now.AddDays(80))}, and Leafy Bank keeps reading your Green Bank data.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("You did not approve at", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("nothing was linked", cut.Markup, StringComparison.Ordinal);
        Assert.Equal("Try again with Green Bank", cut.Find("[data-testid=try-again]").TextContent.Trim());
    }

    [Fact]
    public async Task Connecting_again_after_a_consent_ran_out_says_connected_again_and_when_the_old_one_ended()
    {
        var consents = Store.Collection(OpenFinanceCollections.Consents);
        await consents.UpsertAsync(TestDocuments.Consent(Frida, GreenBank.Id, "consent-ended", Now.AddDays(-100), Now.AddDays(-10), ConsentStatuses.Expired,
            statusChangedAt: Now.AddDays(-10)), Cancel);
        await consents.UpsertAsync(TestDocuments.Consent(Frida, GreenBank.Id, "consent-new", Now, Now.Date.AddDays(90)), Cancel);

        var cut = RenderResult("greenbank", "connected");

        cut.WaitForAssertion(() => Assert.Equal("Green Bank is connected again", cut.Find("[data-testid=result-title]").TextContent.Trim()), TimeSpan.FromSeconds(10));
        Assert.Equal($"You approved at Green Bank, so Leafy Bank reads your Green Bank data again, under a new consent. Your previous consent there had ended on {Day(Now.AddDays(-10))}.",
            cut.Find("[data-testid=result-connected]").TextContent.Trim());
    }

    [Fact]
    public async Task A_first_connection_is_connected_not_connected_again()
    {
        await ConnectedAsync(GreenBank, daysLeft: 90);

        var cut = RenderResult("greenbank", "connected");

        cut.WaitForAssertion(() => Assert.Equal("Green Bank is connected", cut.Find("[data-testid=result-title]").TextContent.Trim()), TimeSpan.FromSeconds(10));
        Assert.DoesNotContain("again", cut.Find("[data-testid=result-connected]").TextContent, StringComparison.Ordinal);
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
