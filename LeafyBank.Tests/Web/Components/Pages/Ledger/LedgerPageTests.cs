using LeafyBank.Core.Ledger;
using MudBlazor;
using LedgerPage = LeafyBank.Web.Components.Pages.Ledger.Ledger;

namespace LeafyBank.Tests.Web.Components.Pages.Ledger;

/// <summary>
/// The ledger page in its states, consent requests in what they came to, and "Delete all my linked data" (ask with the
/// counts → erase → snackbar; cancel → nothing; nothing linked → off, saying why).
/// </summary>
public sealed class LedgerPageTests : PersonasTestContext
{
    private IRenderedComponent<Bunit.Rendering.ContainerFragment> RenderPage()
    {
        var cut = RenderWithProviders<LedgerPage>();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=ledger-loading]")), TimeSpan.FromSeconds(10));
        return cut;
    }

    private Task RecordAsync(PartyReference who, string kind, string detail, int minutesAgo, string consentId = "c-1") =>
        Store.Collection(OpenFinanceCollections.AuditEvents).InsertAsync(new AuditEvent
        {
            EventUser = who,
            Kind = kind,
            Bank = GreenBank.Id,
            ConsentId = consentId,
            At = Now.AddMinutes(-minutesAgo),
            Outcome = AuditOutcomes.Succeeded,
            Detail = detail,
        }, Cancel);

    /// <summary>The outcome chips of each row, top to bottom (one per row: the wide column's).</summary>
    private static List<string> Outcomes(IRenderedComponent<Bunit.Rendering.ContainerFragment> cut) =>
        [.. cut.FindAll("[data-testid=ledger] tbody tr").Select(row => row.QuerySelectorAll("[data-testid=ledger-outcome]")[^1].TextContent.Trim())];

    private static void AssertNothingToDelete(IRenderedComponent<Bunit.Rendering.ContainerFragment> cut)
    {
        var button = cut.Find("[data-testid=delete-all]");
        var why = cut.Find("[data-testid=delete-all-nothing]");
        Assert.True(button.HasAttribute("disabled"));
        Assert.Equal("Nothing to delete: no bank is linked and nothing from other banks is stored.", why.TextContent.Trim());
        // Read out with the button by a screen reader, and visible beside it for everyone else.
        Assert.Equal(why.Id, button.GetAttribute("aria-describedby"));
        Assert.Empty(cut.FindAll("[data-testid=delete-all-dialog]"));
    }

    [Fact]
    public void With_nothing_recorded_it_says_what_will_appear_here()
    {
        var cut = RenderPage();

        Assert.Contains("Nothing yet", cut.Find("[data-testid=ledger-empty]").TextContent, StringComparison.Ordinal);
        AssertNothingToDelete(cut);
    }

    [Fact]
    public async Task The_filters_have_a_row_of_their_own_and_the_buttons_another_so_the_search_is_never_squeezed_by_them()
    {
        await ConnectedAsync(GreenBank, daysLeft: 60);
        await RecordAsync(Frida, AuditKinds.ConsentGranted, "Green Bank granted accounts until 1 Mar 2027.", 5);

        var cut = RenderPage();

        // With a bank linked the delete button is live and wide; sharing the filters' row it cut the search's hint off at 1280 px.
        var filters = cut.Find("[data-testid=ledger-filters]");
        Assert.NotNull(filters.QuerySelector("[data-testid=ledger-search]"));
        Assert.NotNull(filters.QuerySelector("[data-testid=kind-filter]"));
        Assert.Null(filters.QuerySelector("[data-testid=delete-all]"));
        Assert.Null(filters.QuerySelector("[data-testid=ledger-download]"));
        var actions = cut.Find("[data-testid=ledger-actions]");
        Assert.False(actions.Contains(filters) || filters.Contains(actions));
        Assert.NotNull(actions.QuerySelector("[data-testid=delete-all]"));
        Assert.NotNull(actions.QuerySelector("[data-testid=ledger-download]"));
        // The search takes the larger share of its row (Ledger.razor.css).
        Assert.Contains("ledger-search-filter", filters.QuerySelector("[data-testid=ledger-search]")!.Closest(".ledger-filter")!.ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_consent_request_says_it_waits_at_the_bank_was_sent_there_or_was_not_finished_and_never_that_it_succeeded()
    {
        await RecordAsync(Frida, AuditKinds.ConsentRequested, "Asked Green Bank for accounts until 1 Mar 2027.", 60, consentId: "approved");
        await RecordAsync(Frida, AuditKinds.ConsentGranted, "Green Bank granted accounts until 1 Mar 2027.", 58, consentId: "approved");
        // Left at the bank: one minute past the ten the attempt stays open.
        await RecordAsync(Frida, AuditKinds.ConsentRequested, "Asked Green Bank for balances until 2 Mar 2027.", 11, consentId: "left");
        await RecordAsync(Frida, AuditKinds.ConsentRequested, "Asked Green Bank for payments until 3 Mar 2027.", 2, consentId: "open");

        var cut = RenderPage();

        Assert.Equal(["Waiting for you at the bank", "Not finished", "Succeeded", "Sent to the bank"], Outcomes(cut));
        var left = cut.FindAll("[data-testid=ledger] tbody tr")[1];
        // The reason, under the details on a wide screen and in the phone's block.
        Assert.Equal(2, left.QuerySelectorAll("[data-testid=ledger-note]").Length);
        Assert.All(left.QuerySelectorAll("[data-testid=ledger-note]"), note => Assert.Equal(
            "Not completed at the bank within 10 minutes, so this request shared nothing. You can connect the bank again at any time.", note.TextContent.Trim()));
        Assert.Empty(cut.FindAll("[data-testid=ledger] tbody tr")[3].QuerySelectorAll("[data-testid=ledger-note]"));
    }

    [Fact]
    public async Task The_search_box_says_what_it_searches()
    {
        await RecordAsync(Frida, AuditKinds.ConsentRequested, "Asked Green Bank for accounts until 1 Mar 2027.", 60);

        var cut = RenderPage();

        Assert.Equal("Bank, account or details", cut.Find("input[data-testid=ledger-search]").GetAttribute("placeholder"));
    }

    [Fact]
    public async Task A_consent_not_approved_at_the_bank_reads_as_the_customers_choice_and_a_failure_still_as_a_failure()
    {
        Task EndedAsync(string consentId, string detail, int minutesAgo, string kind = AuditKinds.ConsentRejected) => Store.Collection(OpenFinanceCollections.AuditEvents).InsertAsync(new AuditEvent
        {
            EventUser = Frida,
            Kind = kind,
            Bank = GreenBank.Id,
            ConsentId = consentId,
            At = Now.AddMinutes(-minutesAgo),
            Outcome = AuditOutcomes.Failed,
            Detail = detail,
        }, Cancel);
        // As ConnectionService records an access_denied answer now, and did before 1 Dec 2026 and 3 Dec 2026; then a bank's error.
        await EndedAsync("declined", "Not approved at Green Bank: declined or cancelled there.", 3, AuditKinds.ConsentDeclined);
        await EndedAsync("declined-earlier", "Not approved at Green Bank: declined or cancelled there.", 60 * 24 * 2);
        await EndedAsync("declined-before", "Declined at the bank.", 60 * 24 * 10);
        await EndedAsync("error", "The bank answered 'server_error'.", 5);

        var cut = RenderPage();

        Assert.Equal(["Not approved", "Failed", "Not approved", "Not approved"], Outcomes(cut));
        var rows = cut.FindAll("[data-testid=ledger] tbody tr");
        Assert.Equal(["Consent not approved", "Consent not completed", "Consent not approved", "Consent not approved"],
            rows.Select(row => row.QuerySelector("[data-testid=ledger-kind]")!.TextContent.Trim()));
        // Neutral, not the amber of a failure; the bank's error keeps it.
        Assert.All(rows[0].QuerySelectorAll("[data-testid=ledger-outcome]"), chip => Assert.DoesNotContain("warning", chip.ClassName, StringComparison.Ordinal));
        Assert.All(rows[1].QuerySelectorAll("[data-testid=ledger-outcome]"), chip => Assert.Contains("warning", chip.ClassName, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_granted_consent_names_the_accounts_shared_by_name_and_masked_number_and_an_older_grant_reads_as_before()
    {
        var consent = TestDocuments.Consent(Frida, GreenBank.Id, "approved", Now.AddMinutes(-60), Now.AddDays(90));
        consent.SharedAccounts = ["Classic Current Account •••• 0891", "Home Mortgage •••• 4484"];
        await Store.Collection(OpenFinanceCollections.Consents).UpsertAsync(consent, Cancel);
        await RecordAsync(Frida, AuditKinds.ConsentGranted, "Green Bank granted your accounts, balances and transactions until 1 Mar 2027.", 58, consentId: "approved");
        await RecordAsync(Frida, AuditKinds.ConsentGranted, "Green Bank granted accounts until 2 Dec 2026.", 60 * 24 * 90, consentId: "older");

        var cut = RenderPage();

        var rows = cut.FindAll("[data-testid=ledger] tbody tr");
        // Once beside the details on a wide screen and once in the phone's block.
        Assert.All(rows[0].QuerySelectorAll("[data-testid=ledger-shared-accounts]"), line => Assert.Equal(
            "You shared Classic Current Account •••• 0891 and Home Mortgage •••• 4484.", line.TextContent.Trim()));
        Assert.Equal(2, rows[0].QuerySelectorAll("[data-testid=ledger-shared-accounts]").Length);
        Assert.Empty(rows[1].QuerySelectorAll("[data-testid=ledger-shared-accounts]"));
        Assert.Contains("Green Bank granted accounts until 2 Dec 2026.", rows[1].TextContent, StringComparison.Ordinal);

        // The search finds a grant by an account it shared.
        cut.Find("input[data-testid=ledger-search]").Input("mortgage");
        Assert.Single(cut.FindAll("[data-testid=ledger] tbody tr"));
    }

    [Fact]
    public async Task A_request_still_open_reads_as_not_finished_once_the_page_is_read_after_the_attempt_closed()
    {
        await RecordAsync(Frida, AuditKinds.ConsentRequested, "Asked Green Bank for accounts until 1 Mar 2027.", 0, consentId: "open");
        Assert.Equal(["Waiting for you at the bank"], Outcomes(RenderPage()));
        await DisposeComponentsAsync();

        Clock.Advance(ConnectionService.CallbackLifetime + TimeSpan.FromSeconds(1));

        Assert.Equal(["Not finished"], Outcomes(RenderPage()));
    }

    [Fact]
    public async Task An_open_page_turns_a_waiting_request_into_not_finished_when_its_attempt_closes_without_a_reload()
    {
        await RecordAsync(Frida, AuditKinds.ConsentRequested, "Asked Green Bank for accounts until 1 Mar 2027.", 9, consentId: "open");
        var cut = RenderPage();
        Assert.Equal(["Waiting for you at the bank"], Outcomes(cut));

        // One tick short of the close, the bank would still take the answer.
        Clock.Advance(LedgerEntry.ClosesAt(Now.AddMinutes(-9)) - Now);
        Assert.Equal(["Waiting for you at the bank"], Outcomes(cut));
        Clock.Advance(TimeSpan.FromTicks(1));

        cut.WaitForAssertion(() => Assert.Equal(["Not finished"], Outcomes(cut)));
        Assert.Contains("Not completed at the bank within 10 minutes", cut.Find("[data-testid=ledger-note]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_given_at_the_bank_in_another_tab_shows_on_the_open_page_while_a_request_waits()
    {
        await RecordAsync(Frida, AuditKinds.ConsentRequested, "Asked Green Bank for accounts until 1 Mar 2027.", 1, consentId: "open");
        var cut = RenderPage();
        Assert.Equal(["Waiting for you at the bank"], Outcomes(cut));

        await RecordAsync(Frida, AuditKinds.ConsentGranted, "Green Bank granted accounts until 1 Mar 2027.", 0, consentId: "open");
        Clock.Advance(LedgerPage.RecheckEvery);

        cut.WaitForAssertion(() => Assert.Equal(["Succeeded", "Sent to the bank"], Outcomes(cut)));
    }

    [Fact]
    public async Task With_nothing_waiting_the_open_page_reads_again_only_when_a_bank_update_for_the_customer_ends()
    {
        await RecordAsync(Frida, AuditKinds.ConsentRequested, "Asked Green Bank for accounts until 1 Mar 2027.", 60, consentId: "approved");
        await RecordAsync(Frida, AuditKinds.ConsentGranted, "Green Bank granted accounts until 1 Mar 2027.", 58, consentId: "approved");
        var cut = RenderPage();
        var bankUpdates = Services.GetRequiredService<PositionChangeNotifier>();

        await RecordAsync(Frida, AuditKinds.DataPulled, "Read 2 accounts from Green Bank.", 0, consentId: "approved");
        Clock.Advance(TimeSpan.FromHours(1));
        // Another customer's update is not this page's business.
        bankUpdates.Publish(Grace.UserId);
        Assert.Equal(2, cut.FindAll("[data-testid=ledger] tbody tr").Count);

        bankUpdates.Publish(Frida.UserId);

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=ledger] tbody tr").Count));
        Assert.Equal("Data read from the bank", cut.Find("[data-testid=ledger-kind]").TextContent.Trim());
    }

    [Fact]
    public async Task A_connection_left_at_the_bank_is_nothing_to_delete()
    {
        await RecordAsync(Frida, AuditKinds.ConsentRequested, "Asked Green Bank for accounts until 1 Mar 2027.", 30, consentId: "left");
        // The attempt's own record (its PKCE verifier) outlives it until the store's next purge; it holds nothing from a bank.
        await Store.Collection(OpenFinanceCollections.AuthorizationRequests).UpsertAsync(new AuthorizationRequest
        {
            RequestUser = Frida,
            Bank = GreenBank.Id,
            StateHash = "left-at-the-bank",
            ConsentId = "left",
            CreatedAt = Now.AddMinutes(-30),
            ExpiresAt = Now.AddMinutes(-20),
        }, Cancel);

        AssertNothingToDelete(RenderPage());
    }

    [Fact]
    public async Task Data_erased_elsewhere_after_the_page_was_read_is_said_instead_of_asked_about()
    {
        await ConnectedAsync(GreenBank, daysLeft: 60);
        var cut = RenderPage();
        Assert.False(cut.Find("[data-testid=delete-all]").HasAttribute("disabled"));
        // Another tab erased everything meanwhile.
        await Services.GetRequiredService<LinkedDataEraser>().EraseAsync(Frida, Cancel);

        await cut.Find("[data-testid=delete-all]").ClickAsync(new());

        cut.WaitForAssertion(() => AssertNothingToDelete(cut), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Lists_only_the_customers_own_events_newest_first_in_words()
    {
        await RecordAsync(Frida, AuditKinds.ConsentGranted, "Green Bank granted accounts until 2027-02-18.", 10);
        await RecordAsync(Frida, AuditKinds.ConsentRenewed, "Renewed Green Bank: the consent ending on 2026-11-30 is replaced by one valid until 2027-02-23.", 5);
        await RecordAsync(Grace, AuditKinds.ConsentGranted, "A secret of Grace's.", 1);

        var cut = RenderPage();

        var kinds = cut.FindAll("[data-testid=ledger-kind]").Select(cell => cell.TextContent.Trim()).ToList();
        Assert.Equal(["Consent renewed", "Consent granted"], kinds);
        Assert.DoesNotContain("A secret of Grace", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_renewal_that_stopped_sharing_an_account_says_so_in_its_title_and_a_renewal_that_changed_nothing_stays_a_renewal()
    {
        var consents = Store.Collection(OpenFinanceCollections.Consents);
        // September: Giro and Instant Saver. October: renewed, Instant Saver ticked off at the bank. November: renewed, nothing changed.
        string[][] shared = [["Giro •••• 1234", "Instant Saver •••• 9907"], ["Giro •••• 1234"], ["Giro •••• 1234"]];
        for (var month = 0; month < 3; month++)
        {
            var createdAt = Now.AddDays(-90 + (30 * month));
            var consent = TestDocuments.Consent(Frida, GreenBank.Id, $"c-{month + 1}", createdAt, createdAt.AddDays(90),
                month < 2 ? ConsentStatuses.TerminatedByTpp : ConsentStatuses.Valid, statusChangedAt: month < 2 ? createdAt.AddDays(30) : createdAt);
            consent.SharedAccounts = [.. shared[month]];
            await consents.UpsertAsync(consent, Cancel);
        }
        await RecordAsync(Frida, AuditKinds.ConsentRenewed, "Renewed Green Bank: the consent ending on 28 Dec 2026 is replaced by one valid until 27 Jan 2027.",
            60 * 24 * 30, consentId: "c-2");
        await RecordAsync(Frida, AuditKinds.ConsentRenewed, "Renewed Green Bank: the consent ending on 27 Jan 2027 is replaced by one valid until 26 Feb 2027.",
            60, consentId: "c-3");

        var cut = RenderPage();

        Assert.Equal(["Consent renewed", "Renewed, and sharing changed: no longer shares Instant Saver •••• 9907"],
            cut.FindAll("[data-testid=ledger-kind]").Select(cell => cell.TextContent.Trim()));
        // The heading and the details agree: both say it was renewed (the details as recorded then).
        Assert.All(cut.FindAll("td.ledger-wide [data-testid=ledger-details]"), details => Assert.StartsWith("Renewed Green Bank:", details.TextContent.Trim(), StringComparison.Ordinal));
        Assert.Equal(["You shared Giro •••• 1234.", "You shared Giro •••• 1234. No longer shared: Instant Saver •••• 9907."],
            cut.FindAll("td.ledger-wide [data-testid=ledger-shared-accounts]").Select(line => line.TextContent.Trim()));
        // The one kind filter finds both titles.
        var kinds = cut.FindComponent<MudSelect<string>>();
        await cut.InvokeAsync(kinds.Instance.OpenMenu);
        Assert.Contains(cut.FindAll(".mud-list-item"), item => item.TextContent.Trim() == "Consent renewed or sharing changed");
        await cut.InvokeAsync(() => kinds.Instance.ValueChanged.InvokeAsync(AuditKinds.ConsentRenewed));
        Assert.Equal(2, cut.FindAll("[data-testid=ledger-kind]").Count);
    }

    [Fact]
    public async Task A_search_nothing_matches_says_so_instead_of_leaving_bare_column_headings()
    {
        await RecordAsync(Frida, AuditKinds.ConsentGranted, "Green Bank granted accounts until 2027-02-18.", 10);
        var cut = RenderPage();

        cut.Find("input[data-testid=ledger-search]").Input("zzz");

        Assert.Contains("No event matches this search", cut.WaitForElement("[data-testid=ledger-no-match]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=ledger-kind]"));
    }

    [Fact]
    public async Task Names_each_bank_by_its_name_not_its_id()
    {
        await RecordAsync(Frida, AuditKinds.ConsentGranted, "Granted.", 10);

        var cut = RenderPage();

        var row = cut.Find("[data-testid=ledger] tbody tr");
        Assert.Contains("Green Bank", row.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(GreenBank.Id, row.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_event_says_how_it_ended_in_words_and_carries_a_compact_block_for_a_phone()
    {
        await RecordAsync(Frida, AuditKinds.ConsentGranted, "Green Bank granted accounts until 1 Mar 2027.", 10);
        await Store.Collection(OpenFinanceCollections.AuditEvents).InsertAsync(new AuditEvent
        {
            EventUser = Frida,
            Kind = AuditKinds.DataPulled,
            Bank = GreenBank.Id,
            At = Now.AddMinutes(-1),
            Outcome = AuditOutcomes.Failed,
            Detail = "Green Bank did not answer in time.",
        }, Cancel);

        var cut = RenderPage();

        var rows = cut.FindAll("[data-testid=ledger] tbody tr");
        Assert.Equal(2, rows.Count);
        // Each row's outcome twice: its column (wide screens) and the phone block; the stored value never shows.
        Assert.Equal(["Failed", "Failed"], rows[0].QuerySelectorAll("[data-testid=ledger-outcome]").Select(chip => chip.TextContent.Trim()));
        Assert.Equal(["Succeeded", "Succeeded"], rows[1].QuerySelectorAll("[data-testid=ledger-outcome]").Select(chip => chip.TextContent.Trim()));
        var phone = rows[0].QuerySelector("[data-testid=ledger-phone]")!.TextContent;
        Assert.Contains("Green Bank", phone, StringComparison.Ordinal);
        Assert.Contains("did not answer in time", phone, StringComparison.Ordinal);
        Assert.DoesNotContain(AuditOutcomes.Failed, cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_interactive_render_takes_the_prerendered_ledger_instead_of_reading_it_again()
    {
        await RecordAsync(Frida, AuditKinds.ConsentGranted, "Granted before the prerender.", 10);
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Static", isInteractive: false));
        RenderPage();
        PersistentState.TriggerOnPersisting();
        Assert.True(PersistentState.TryTake<LeafyBank.Web.Components.Pages.Ledger.LedgerPageState>("ledger-page", out var handed));
        PersistentState.Persist("ledger-page", handed!);

        // Recorded after the prerender: an interactive render that read again would list it.
        await RecordAsync(Frida, AuditKinds.DataPulled, "Read after the prerender.", 1);
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        var cut = Render<LedgerPage>();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=ledger-loading]")), TimeSpan.FromSeconds(10));

        Assert.Equal(["Consent granted"], cut.FindAll("[data-testid=ledger-kind]").Select(cell => cell.TextContent.Trim()));
    }

    [Fact]
    public void A_signed_in_user_who_is_not_a_customer_is_told_so()
    {
        SignInNonCustomer("stranger");

        var cut = RenderPage();

        Assert.NotNull(cut.Find("[data-testid=unknown-customer]"));
        Assert.Empty(cut.FindAll("[data-testid=delete-all]"));
    }

    [Fact]
    public async Task Delete_all_names_every_connected_bank_as_a_sentence_does()
    {
        await ConnectedAsync(GreenBank, daysLeft: 60);
        await ConnectedAsync(ThamesBank, daysLeft: 30);
        var cut = RenderPage();

        cut.Find("[data-testid=delete-all]").Click();

        cut.WaitForElement("[data-testid=delete-all-dialog]", TimeSpan.FromSeconds(10));
        Assert.Contains("end your consents at Green Bank and Thames Bank and stop reading them;", cut.Find("[data-testid=delete-all-what]").TextContent,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_all_says_exactly_what_goes_then_erases_only_this_customers_linked_data_and_reports_it()
    {
        await ConnectedAsync(GreenBank, daysLeft: 60);
        await LinkedDataAsync(GreenBank, Frida);
        await LinkedDataAsync(ThamesBank, Frida);
        await ConnectedAsync(GreenBank, daysLeft: 60, owner: Grace);
        await LinkedDataAsync(GreenBank, Grace);
        var cut = RenderPage();

        cut.Find("[data-testid=delete-all]").Click();

        var dialog = cut.WaitForElement("[data-testid=delete-all-dialog]", TimeSpan.FromSeconds(10));
        var what = cut.Find("[data-testid=delete-all-what]").TextContent;
        Assert.Contains("end your consent at Green Bank and stop reading it;", what, StringComparison.Ordinal);
        Assert.Contains("erase 2 accounts, 2 loans or mortgages and 2 transactions", what, StringComparison.Ordinal);
        Assert.Contains("forget the keys that let it read your banks", what, StringComparison.Ordinal);
        Assert.DoesNotContain("sign-in attempt", what, StringComparison.Ordinal);
        Assert.Contains("this ledger", dialog.TextContent, StringComparison.Ordinal);

        await cut.Find("[data-testid=delete-all-confirm]").ClickAsync(new());

        // The banks cannot be reached in these tests: the data is erased anyway and the snackbar names the bank.
        cut.WaitForAssertion(() => Assert.Contains("Deleted 2 accounts, 2 loans or mortgages and 2 transactions", cut.Find(".mud-snackbar").TextContent, StringComparison.Ordinal),
            TimeSpan.FromSeconds(10));
        Assert.Contains("Green Bank could not be reached", cut.Find(".mud-snackbar").TextContent, StringComparison.Ordinal);
        Assert.Empty(await Store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(Frida.UserId, cancellationToken: Cancel));
        Assert.Empty(await Store.Collection(OpenFinanceCollections.SyncStates).FindAsync(Frida.UserId, cancellationToken: Cancel));
        Assert.Equal(ConsentStatuses.TerminatedByTpp, Assert.Single(await Store.Collection(OpenFinanceCollections.Consents).FindAsync(Frida.UserId, cancellationToken: Cancel)).Status);
        // Grace keeps everything.
        Assert.Single(await Store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(Grace.UserId, cancellationToken: Cancel));
        Assert.Equal(ConsentStatuses.Valid, Assert.Single(await Store.Collection(OpenFinanceCollections.Consents).FindAsync(Grace.UserId, cancellationToken: Cancel)).Status);
        // The ledger on the page now shows the erase, newest first, and there is nothing left to delete.
        cut.WaitForAssertion(() => Assert.Equal("Bank data deleted", cut.FindAll("[data-testid=ledger-kind]")[0].TextContent.Trim()), TimeSpan.FromSeconds(10));
        cut.WaitForAssertion(() => AssertNothingToDelete(cut), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Cancelling_delete_all_changes_nothing()
    {
        await ConnectedAsync(GreenBank, daysLeft: 60);
        await LinkedDataAsync(GreenBank, Frida);
        var cut = RenderPage();

        cut.Find("[data-testid=delete-all]").Click();
        cut.WaitForElement("[data-testid=delete-all-cancel]", TimeSpan.FromSeconds(10)).Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=delete-all-dialog]")), TimeSpan.FromSeconds(10));
        Assert.Single(await Store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(Frida.UserId, cancellationToken: Cancel));
        Assert.Single(await Store.Collection(OpenFinanceCollections.SyncStates).FindAsync(Frida.UserId, cancellationToken: Cancel));
        Assert.Equal(ConsentStatuses.Valid, Assert.Single(await Store.Collection(OpenFinanceCollections.Consents).FindAsync(Frida.UserId, cancellationToken: Cancel)).Status);
        Assert.Empty(await Store.Collection(OpenFinanceCollections.AuditEvents).FindAsync(Frida.UserId, cancellationToken: Cancel));
        Assert.Empty(cut.FindAll(".mud-snackbar"));
    }
}
