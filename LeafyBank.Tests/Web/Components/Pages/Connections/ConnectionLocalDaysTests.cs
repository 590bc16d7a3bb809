using LeafyBank.Web.Components.Formatting;
using ConnectionsPage = LeafyBank.Web.Components.Pages.Connections.Connections;

namespace LeafyBank.Tests.Web.Components.Pages.Connections;

/// <summary>
/// The days on a connection card are the customer's: a moment (connected, disconnected, no longer shared) falls on the day it
/// was where the customer is, while a calendar date the bank granted (access until, renewal, the last day of a consent that
/// ran out) is the same day everywhere. The instants are chosen around the run's "now" so that UTC and the customer's zone
/// name different days on any date: 02:00 UTC is the evening before in New York, 20:00 UTC the next morning in Tokyo.
/// </summary>
public sealed class ConnectionLocalDaysTests : PersonasTestContext
{
    private DateTime Midnight => Now.Date;

    private IRenderedComponent<Bunit.Rendering.ContainerFragment> RenderPageIn(string zone)
    {
        Assert.True(Services.GetRequiredService<CustomerTimeZone>().Use(zone));
        var cut = RenderWithProviders<ConnectionsPage>();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=connections-loading]")), TimeSpan.FromSeconds(10));
        return cut;
    }

    private static string Text(AngleSharp.Dom.IElement card, string testId) => card.QuerySelector($"[data-testid={testId}]")!.TextContent.Trim();

    [Fact]
    public async Task A_customer_in_New_York_connected_at_two_UTC_sees_the_evening_before_as_the_day_connected()
    {
        var connectedAt = Midnight.AddDays(-1).AddHours(2);
        var validUntil = Midnight.AddDays(80);
        await GreenBankConsentAsync(ConsentStatuses.Valid, connectedAt, validUntil, connectedAt);

        var card = RenderPageIn("America/New_York").Find("[data-testid=connection-greenbank]");

        Assert.Equal(Day(Midnight.AddDays(-2)), Text(card, "granted"));
        // The bank's last day and the renewal opening derived from it stay the day the bank granted, not the evening before.
        Assert.StartsWith(Day(validUntil) + " (", Text(card, "expires"), StringComparison.Ordinal);
        Assert.StartsWith("Opens on " + Day(validUntil.AddDays(-27)), Text(card, "renewal-opens"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_consent_that_ran_out_expired_on_its_last_day_in_every_zone()
    {
        var validUntil = Midnight.AddDays(-1);
        await GreenBankConsentAsync(ConsentStatuses.Valid, validUntil.AddDays(-90), validUntil, validUntil.AddDays(-90));

        var card = RenderPageIn("America/New_York").Find("[data-testid=connection-greenbank]");

        Assert.Equal("Expired", card.GetAttribute("data-status"));
        Assert.Equal(Day(validUntil), Text(card, "ended"));
    }

    [Fact]
    public async Task A_customer_in_Tokyo_disconnected_at_twenty_UTC_sees_the_next_morning_as_the_day_it_ended_and_since_when_an_account_is_not_shared()
    {
        var endedAt = Midnight.AddDays(-1).AddHours(20);
        await GreenBankConsentAsync(ConsentStatuses.TerminatedByTpp, Midnight.AddDays(-30), Midnight.AddDays(60), endedAt);
        var kept = Account(Frida, "Green Bank", "green-acc-1", "CurrentAccount", 100m, "EUR", name: "Girokonto");
        var unshared = Account(Frida, "Green Bank", "green-acc-2", "Savings", 50m, "EUR", name: "Instant Saver");
        unshared.NoLongerSharedSince = endedAt;
        await AddAsync(kept);
        await AddAsync(unshared);

        var card = RenderPageIn("Asia/Tokyo").Find("[data-testid=connection-greenbank]");

        Assert.Equal("ReadOnly", card.GetAttribute("data-status"));
        Assert.Equal(Day(Midnight), Text(card, "ended"));
        Assert.EndsWith(", since " + Day(Midnight), Text(card, "no-longer-shared-item"), StringComparison.Ordinal);
        // The alert above the rows says the same day as "Ended on" beside it (it was the UTC day, the evening before).
        Assert.StartsWith($"You disconnected Green Bank on {Day(Midnight)}.", Text(card, "explanation"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_Leafy_Bank_last_read_a_bank_is_called_last_updated_on_a_live_card_and_an_ended_one_which_says_it_stays_so()
    {
        await ConnectedAsync(GreenBank, daysLeft: 60, lastSuccess: Now.AddHours(-2));
        await ConnectedAsync(ThamesBank, daysLeft: 60, lastSuccess: Now.AddDays(-2));
        await LinkedDataAsync(ThamesBank, Frida);
        var thames = (await Store.Collection(OpenFinanceCollections.Consents).FindAsync(Frida.UserId, c => c.Bank == ThamesBank.Id, Cancel)).Single();
        thames.Status = ConsentStatuses.TerminatedByTpp;
        thames.StatusChangedAt = Now.AddDays(-1);
        await Store.Collection(OpenFinanceCollections.Consents).UpsertAsync(thames, Cancel);

        var cut = RenderPageIn("Europe/London");
        var live = cut.Find("[data-testid=connection-greenbank]");
        var ended = cut.Find("[data-testid=connection-thamesbank]");

        string Label(AngleSharp.Dom.IElement card, string testId) =>
            card.QuerySelector($"[data-testid={testId}]")!.ParentElement!.QuerySelector("th")!.TextContent.Trim();
        Assert.Equal("Last updated", Label(live, "last-success"));
        Assert.Equal("Last updated", Label(ended, "data-as-of"));
        Assert.EndsWith("· no longer updated", Text(ended, "data-as-of"), StringComparison.Ordinal);
        Assert.DoesNotContain("Data as of", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("Last update<", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connecting_again_from_Tokyo_says_the_previous_connection_was_disconnected_on_the_day_it_was_there()
    {
        var endedAt = Midnight.AddDays(-1).AddHours(20);
        await GreenBankConsentAsync(ConsentStatuses.TerminatedByTpp, Midnight.AddDays(-30), Midnight.AddDays(60), endedAt);
        await LinkedDataAsync(GreenBank, Frida);
        Assert.True(Services.GetRequiredService<CustomerTimeZone>().Use("Asia/Tokyo"));
        Services.GetRequiredService<NavigationManager>().NavigateTo("/connections/new?bank=greenbank");

        var cut = Render<LeafyBank.Web.Components.Pages.Connections.ConnectBank>();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=banks-loading]")), TimeSpan.FromSeconds(10));

        Assert.StartsWith($"You disconnected Green Bank on {Day(Midnight)}", cut.Find("[data-testid=reconnecting]").TextContent.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connected_again_from_New_York_the_previous_consent_ended_on_the_evening_it_was_revoked_there()
    {
        var revokedAt = Midnight.AddDays(-1).AddHours(2);
        var consents = Store.Collection(OpenFinanceCollections.Consents);
        await consents.UpsertAsync(TestDocuments.Consent(Frida, GreenBank.Id, "consent-ended", Midnight.AddDays(-100), Midnight.AddDays(80),
            ConsentStatuses.RevokedByPsu, statusChangedAt: revokedAt), Cancel);
        await consents.UpsertAsync(TestDocuments.Consent(Frida, GreenBank.Id, "consent-new", Now, Midnight.AddDays(90)), Cancel);
        Assert.True(Services.GetRequiredService<CustomerTimeZone>().Use("America/New_York"));
        Services.GetRequiredService<NavigationManager>().NavigateTo("/connections/result?bank=greenbank&outcome=connected");

        var cut = Render<LeafyBank.Web.Components.Pages.Connections.ConnectionResultPage>();

        cut.WaitForAssertion(() => Assert.EndsWith($"Your previous consent there had ended on {Day(Midnight.AddDays(-2))}.",
            cut.Find("[data-testid=result-connected]").TextContent.Trim(), StringComparison.Ordinal), TimeSpan.FromSeconds(10));
    }
}
