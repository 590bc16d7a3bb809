using MudBlazor;
using ConnectionsPage = LeafyBank.Web.Components.Pages.Connections.Connections;

namespace LeafyBank.Tests.Web.Components.Pages.Connections;

public sealed class ConnectionsPageTests : PersonasTestContext
{
    private IRenderedComponent<ConnectionsPage> RenderPage()
    {
        var cut = Render<ConnectionsPage>();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=connections-loading]")), TimeSpan.FromSeconds(10));
        return cut;
    }

    /// <summary>The page with a dialog provider, for the questions Disconnect asks.</summary>
    private IRenderedComponent<IComponent> RenderWithDialogs() => Render(builder =>
    {
        builder.OpenComponent<MudDialogProvider>(0);
        builder.CloseComponent();
        builder.OpenComponent<ConnectionsPage>(1);
        builder.CloseComponent();
    });

    [Fact]
    public void Without_connections_it_says_so_and_offers_to_connect_a_bank()
    {
        var cut = RenderPage();

        Assert.NotNull(cut.Find("[data-testid=connections-empty]"));
        // One button, in the invitation, not a second one beside the title.
        var connect = Assert.Single(cut.FindAll("a[href='connections/new']"));
        Assert.Equal("connections/new", cut.Find("[data-testid=connect-bank]").GetAttribute("href"));
        Assert.Equal("Connect your first bank", connect.TextContent.Trim());
        // True for a customer with no Leafy Bank accounts too.
        Assert.DoesNotContain("Leafy Bank accounts", cut.Find("[data-testid=connections-empty-why]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_active_connection_shows_its_bank_permissions_dates_and_actions()
    {
        await ConnectedAsync(GreenBank, daysLeft: 80, lastSuccess: Now.AddHours(-2));
        await LinkedDataAsync(GreenBank, Frida);

        var cut = RenderPage();

        var card = cut.Find("[data-testid=connection-greenbank]");
        Assert.Equal("Active", card.GetAttribute("data-status"));
        Assert.Contains("Green Bank", card.TextContent, StringComparison.Ordinal);
        Assert.Equal("Active", card.QuerySelector("[data-testid=status]")!.TextContent.Trim());
        Assert.Contains("Accounts, Balances, Transactions, Loans and mortgages", card.QuerySelector("[data-testid=permissions]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(Day(Now.AddDays(-10)), card.QuerySelector("[data-testid=granted]")!.TextContent.Trim());
        Assert.Equal($"{Day(Now.AddDays(80))} (80 days left)", card.QuerySelector("[data-testid=expires]")!.TextContent.Trim());
        Assert.Equal(Moment(Now.AddHours(-2)), card.QuerySelector("[data-testid=last-success]")!.TextContent.Trim());
        // With the consent's allowance, so a next update hours away does not read as a fault beside the bank's "up to 4 times a day".
        Assert.Equal($"Not before {Moment(Now.AddHours(6))}", card.QuerySelector("[data-testid=next-allowed]")!.TextContent.Trim());
        Assert.Equal("Up to 4 a day, spread over the day", card.QuerySelector("[data-testid=updates-per-day]")!.TextContent.Trim());
        Assert.Null(card.QuerySelector("[data-testid=last-error]"));
        Assert.NotNull(card.QuerySelector("[data-testid=sync-now]"));
        Assert.NotNull(card.QuerySelector("[data-testid=disconnect]"));
    }

    [Fact]
    public async Task A_consent_sharing_loans_under_which_the_bank_sent_none_says_none_shared_and_does_not_claim_to_share_them()
    {
        // The customer unticked every loan at the bank (or holds none there): the read brought an account and no loan.
        await ConnectedAsync(GreenBank, daysLeft: 80, lastSuccess: Now.AddHours(-2));
        await AddAsync(TestDocuments.Account(Frida.UserId, GreenBank.Name, "greenbank-acc-1", 1234.5m));

        var cut = RenderPage();

        var card = cut.Find("[data-testid=connection-greenbank]");
        Assert.Equal("None shared", card.QuerySelector("[data-testid=products]")!.TextContent.Trim());
        Assert.Equal("Accounts, Balances, Transactions", card.QuerySelector("[data-testid=permissions]")!.TextContent.Trim());
    }

    [Fact]
    public async Task Before_the_first_read_the_card_names_what_the_consent_shares_and_no_loans_row()
    {
        // Nothing read yet: whether the bank will send loans is not known, so the consent's words stand.
        await ConnectedAsync(GreenBank, daysLeft: 80);

        var cut = RenderPage();

        var card = cut.Find("[data-testid=connection-greenbank]");
        Assert.Null(card.QuerySelector("[data-testid=products]"));
        Assert.Equal("Accounts, Balances, Transactions, Loans and mortgages", card.QuerySelector("[data-testid=permissions]")!.TextContent.Trim());
    }

    [Fact]
    public async Task A_consent_ending_within_seven_days_is_expiring_soon_with_the_days_left()
    {
        await ConnectedAsync(GreenBank, daysLeft: 5, lastSuccess: Now.AddHours(-2));

        var cut = RenderPage();

        var card = cut.Find("[data-testid=connection-greenbank]");
        Assert.Equal("ExpiringSoon", card.GetAttribute("data-status"));
        Assert.Equal("Expiring soon", card.QuerySelector("[data-testid=status]")!.TextContent.Trim());
        Assert.Contains("ends in 5 days", card.QuerySelector("[data-testid=explanation]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("5 days left", card.QuerySelector("[data-testid=expires]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_connection_shows_the_last_error_in_plain_words()
    {
        await ConnectedAsync(ThamesBank, daysLeft: 60, lastError: "Thames Bank could not be reached. Try again later.");

        var cut = RenderPage();

        var card = cut.Find("[data-testid=connection-thamesbank]");
        Assert.Equal("Failing", card.GetAttribute("data-status"));
        Assert.Equal("Updating Thames Bank failed: Thames Bank could not be reached. Try again later.", card.QuerySelector("[data-testid=explanation]")!.TextContent.Trim());
        Assert.Equal("Not yet", card.QuerySelector("[data-testid=last-success]")!.TextContent.Trim());
        Assert.Equal("Try again", card.QuerySelector("[data-testid=sync-now]")!.TextContent.Trim());
    }

    [Fact]
    public async Task An_expired_consent_offers_to_reconnect_and_a_revoked_one_to_connect_again_instead_of_sync()
    {
        await ConnectedAsync(GreenBank, daysLeft: -1);
        await Store.Collection(OpenFinanceCollections.Consents).UpsertAsync(TestDocuments.Consent(Frida, ThamesBank.Id, "consent-thames", Now.AddDays(-20), Now.AddDays(70),
            status: ConsentStatuses.TerminatedByTpp, permissions: ["accounts"], statusChangedAt: Now.AddDays(-1)), Cancel);

        var cut = RenderPage();

        Assert.Equal("Expired", cut.Find("[data-testid=connection-greenbank]").GetAttribute("data-status"));
        // Ended by the customer, nothing stored from it: disconnected, nothing kept.
        Assert.Equal("Deleted", cut.Find("[data-testid=connection-thamesbank]").GetAttribute("data-status"));
        Assert.Empty(cut.FindAll("[data-testid=sync-now]"));
        Assert.Empty(cut.FindAll("[data-testid=disconnect]"));
        Assert.Empty(cut.FindAll("[data-testid=renew]"));
        Assert.Empty(cut.FindAll("[data-testid=expires]"));
        var reconnect = cut.Find("[data-testid=connection-greenbank] [data-testid=reconnect]");
        Assert.Equal("Reconnect", reconnect.TextContent.Trim());
        Assert.Equal("connections/new?bank=greenbank", reconnect.GetAttribute("href"));
        Assert.Equal(Day(Now.AddDays(-1)), cut.Find("[data-testid=connection-greenbank] [data-testid=ended]").TextContent.Trim());
        Assert.Equal("Connect again", cut.Find("[data-testid=connection-thamesbank] [data-testid=reconnect]").TextContent.Trim());
        Assert.Equal("connections/new?bank=thamesbank", cut.Find("[data-testid=connection-thamesbank] [data-testid=reconnect]").GetAttribute("href"));
    }

    [Fact]
    public async Task A_connection_ended_by_deleting_all_linked_data_says_so_instead_of_calling_it_a_disconnect()
    {
        await ConnectedAsync(GreenBank, daysLeft: 80);
        await LinkedDataAsync(GreenBank, Frida);
        await Services.GetRequiredService<LinkedDataEraser>().EraseAsync(Frida, Cancel);

        var cut = RenderPage();

        Assert.Equal($"You deleted all your linked data on {Day(Now)}, which ended the consent at Green Bank. No Green Bank data is kept in Leafy Bank.",
            cut.Find("[data-testid=connection-greenbank] [data-testid=explanation]").TextContent.Trim());
    }

    [Fact]
    public async Task A_bank_disconnected_keeping_its_data_then_emptied_by_deleting_all_linked_data_says_both_with_their_days()
    {
        await Store.Collection(OpenFinanceCollections.Consents).UpsertAsync(TestDocuments.Consent(Frida, GreenBank.Id, "consent-greenbank-fridaklo",
            Now.AddDays(-10), Now.AddDays(80), ConsentStatuses.TerminatedByTpp, statusChangedAt: Now.AddDays(-1)), Cancel);
        await LinkedDataAsync(GreenBank, Frida);
        await Services.GetRequiredService<LinkedDataEraser>().EraseAsync(Frida, Cancel);

        var cut = RenderPage();

        // Not only "No Green Bank data is kept": the customer had chosen to keep it, and should read where it went.
        Assert.Equal($"You disconnected Green Bank on {Day(Now.AddDays(-1))} and kept its data; you deleted it on {Day(Now)} when you deleted all your linked data.",
            cut.Find("[data-testid=connection-greenbank] [data-testid=explanation]").TextContent.Trim());
        Assert.Equal("Deleted", cut.Find("[data-testid=connection-greenbank]").GetAttribute("data-status"));
    }

    [Fact]
    public async Task A_live_connection_offers_to_renew_its_consent_once_renewal_is_due()
    {
        // A 90-day consent 60 days in: renewal opened today. Thames Bank ends in 3 days.
        await Store.Collection(OpenFinanceCollections.Consents).UpsertAsync(
            TestDocuments.Consent(Frida, GreenBank.Id, "consent-greenbank-fridaklo", Now.AddDays(-60), Now.AddDays(30)), Cancel);
        await ConnectedAsync(ThamesBank, daysLeft: 3);

        var cut = RenderPage();

        var green = cut.Find("[data-testid=connection-greenbank]");
        var renew = green.QuerySelector("[data-testid=renew]")!;
        Assert.Equal("Renew consent", renew.TextContent.Trim());
        Assert.Equal("connections/new?bank=greenbank", renew.GetAttribute("href"));
        Assert.Equal("Renew consent at Green Bank", renew.GetAttribute("aria-label"));
        Assert.DoesNotContain("mud-button-filled", renew.ClassName, StringComparison.Ordinal);
        Assert.Equal($"{Day(Now.AddDays(30))} (30 days left)", green.QuerySelector("[data-testid=expires]")!.TextContent.Trim());
        Assert.Null(green.QuerySelector("[data-testid=renewal-opens]"));
        // Expiring soon: the renew button is the card's main action.
        Assert.Contains("mud-button-filled", cut.Find("[data-testid=connection-thamesbank] [data-testid=renew]").ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Before_renewal_is_due_the_card_says_until_when_access_runs_and_when_renewal_opens_instead_of_offering_it()
    {
        // Connected today for 90 days: a renewal would end on the same day.
        await Store.Collection(OpenFinanceCollections.Consents).UpsertAsync(
            TestDocuments.Consent(Frida, GreenBank.Id, "consent-greenbank-fridaklo", Now, Now.Date.AddDays(90)), Cancel);

        var cut = RenderPage();

        var green = cut.Find("[data-testid=connection-greenbank]");
        Assert.Equal("Active", green.GetAttribute("data-status"));
        Assert.Equal($"{Day(Now.AddDays(90))} (90 days left)", green.QuerySelector("[data-testid=expires]")!.TextContent.Trim());
        Assert.Equal($"Opens on {Day(Now.AddDays(60))}", green.QuerySelector("[data-testid=renewal-opens]")!.TextContent.Trim());
        Assert.DoesNotContain("Renew consent", green.TextContent, StringComparison.Ordinal);
        // The same review page is still one click away, for what a new consent can change now.
        var change = green.QuerySelector("[data-testid=renew]")!;
        Assert.Equal("Change what you share", change.TextContent.Trim());
        Assert.Equal("Change what you share with Green Bank", change.GetAttribute("aria-label"));
        Assert.Equal("connections/new?bank=greenbank", change.GetAttribute("href"));
    }

    [Fact]
    public async Task Tampered_bank_ids_in_the_sync_and_disconnect_handlers_never_reach_another_customers_connection()
    {
        // Grace is connected to Green Bank, with data; Frida only to Thames Bank.
        await ConnectedAsync(GreenBank, daysLeft: 80, lastSuccess: Now.AddHours(-3), owner: Grace);
        await LinkedDataAsync(GreenBank, Grace);
        await ConnectedAsync(ThamesBank, daysLeft: 80);
        var graceState = await Store.Collection(OpenFinanceCollections.SyncStates).FindByKeyAsync([Grace.UserId, GreenBank.Id], Cancel);
        var cut = Render(builder =>
        {
            builder.OpenComponent<MudDialogProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<MudSnackbarProvider>(1);
            builder.CloseComponent();
            builder.OpenComponent<ConnectionsPage>(2);
            builder.CloseComponent();
        });
        cut.WaitForElement("[data-testid=connection-thamesbank]", TimeSpan.FromSeconds(10));
        Assert.Empty(cut.FindAll("[data-testid=connection-greenbank]"));
        var page = cut.FindComponent<ConnectionsPage>();

        // What a tampered circuit could send: Grace's bank id to Frida's handlers.
        await cut.InvokeAsync(() => page.Instance.SyncNowAsync(GreenBank.Id));
        await cut.InvokeAsync(() => page.Instance.DisconnectAsync(GreenBank.Id));

        cut.WaitForAssertion(() => Assert.Contains("You have no", cut.Find(".mud-snackbar").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Empty(cut.FindAll("[data-testid=disconnect-dialog]"));
        var graceConsent = Assert.Single(await Store.Collection(OpenFinanceCollections.Consents).FindAsync(Grace.UserId, cancellationToken: Cancel));
        Assert.Equal(ConsentStatuses.Valid, graceConsent.Status);
        var after = await Store.Collection(OpenFinanceCollections.SyncStates).FindByKeyAsync([Grace.UserId, GreenBank.Id], Cancel);
        Assert.Equal((graceState!.LastAttemptAt, graceState.LastSuccessAt, graceState.LastError), (after!.LastAttemptAt, after.LastSuccessAt, after.LastError));
        Assert.Single(await Store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(Grace.UserId, cancellationToken: Cancel));
        Assert.Empty(await Store.Collection(OpenFinanceCollections.AuditEvents).FindAsync(Grace.UserId, cancellationToken: Cancel));
        // Frida's own connection was not touched either: a wrong id is not "the nearest" connection.
        Assert.Null((await Store.Collection(OpenFinanceCollections.SyncStates).FindByKeyAsync([Frida.UserId, ThamesBank.Id], Cancel))!.LastError);
    }

    [Fact]
    public async Task Sync_now_reports_a_failure_on_the_banks_card_once_and_not_in_a_snackbar_over_the_page()
    {
        await ConnectedAsync(GreenBank, daysLeft: 80);
        var cut = Render(builder =>
        {
            builder.OpenComponent<MudSnackbarProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<ConnectionsPage>(1);
            builder.CloseComponent();
        });
        cut.WaitForElement("[data-testid=sync-now]", TimeSpan.FromSeconds(10)).Click();

        // No connector reads Green Bank in this test: the sync fails and the card says so, in its failing state's explanation.
        cut.WaitForAssertion(() => Assert.Equal("Failing", cut.Find("[data-testid=connection-greenbank]").GetAttribute("data-status")), TimeSpan.FromSeconds(10));
        Assert.Contains("cannot read Green Bank", cut.Find("[data-testid=connection-greenbank] [data-testid=explanation]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=connection-greenbank] [data-testid=sync-result]"));
        Assert.Empty(cut.FindAll(".mud-snackbar"));
    }

    [Fact]
    public async Task Disconnect_asks_first_and_cancelling_changes_nothing()
    {
        await ConnectedAsync(GreenBank, daysLeft: 80);
        // With data from the bank there is a choice to make: keep it read-only or delete it.
        await LinkedDataAsync(GreenBank, Frida);
        var cut = RenderWithDialogs();
        cut.WaitForElement("[data-testid=disconnect]", TimeSpan.FromSeconds(10)).Click();

        cut.WaitForElement("[data-testid=disconnect-delete]", TimeSpan.FromSeconds(10));
        Assert.NotNull(cut.Find("[data-testid=disconnect-keep]"));
        cut.Find("[data-testid=disconnect-cancel]").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=disconnect-delete]")), TimeSpan.FromSeconds(10));
        var consent = Assert.Single(await Store.Collection(OpenFinanceCollections.Consents).FindAsync(Frida.UserId, cancellationToken: Cancel));
        Assert.Equal(ConsentStatuses.Valid, consent.Status);
    }

    [Fact]
    public async Task Disconnecting_a_bank_with_nothing_stored_only_asks_to_confirm()
    {
        await ConnectedAsync(GreenBank, daysLeft: 80);
        var cut = RenderWithDialogs();
        cut.WaitForElement("[data-testid=disconnect]", TimeSpan.FromSeconds(10)).Click();

        // Nothing to keep or delete: a plain question, not the keep-or-delete choice.
        cut.WaitForAssertion(() => Assert.Contains("Nothing from Green Bank is kept in Leafy Bank", cut.Find(".mud-dialog").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Empty(cut.FindAll("[data-testid=disconnect-delete]"));
        Assert.Empty(cut.FindAll("[data-testid=disconnect-keep]"));
        cut.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Cancel").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".mud-dialog")), TimeSpan.FromSeconds(10));
        var consent = Assert.Single(await Store.Collection(OpenFinanceCollections.Consents).FindAsync(Frida.UserId, cancellationToken: Cancel));
        Assert.Equal(ConsentStatuses.Valid, consent.Status);
    }
}
