using LeafyBank.Tests.Web.Components.Pages.Connections;
using MudBlazor;
using LedgerPage = LeafyBank.Web.Components.Pages.Ledger.Ledger;

namespace LeafyBank.Tests.Web.Components.Pages.Ledger;

/// <summary>The ledger page in its states, and "Delete all my linked data" (ask with the counts → erase → snackbar; cancel → nothing).</summary>
public sealed class LedgerPageTests : ConnectionPageContext
{
    private IRenderedComponent<Bunit.Rendering.ContainerFragment> RenderPage()
    {
        var cut = Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<MudDialogProvider>(1);
            builder.CloseComponent();
            builder.OpenComponent<MudSnackbarProvider>(2);
            builder.CloseComponent();
            builder.OpenComponent<LedgerPage>(3);
            builder.CloseComponent();
        });
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=ledger-loading]")), TimeSpan.FromSeconds(10));
        return cut;
    }

    private Task RecordAsync(PartyReference who, string kind, string detail, int minutesAgo) =>
        Store.Collection(OpenFinanceCollections.AuditEvents).InsertAsync(new AuditEvent
        {
            EventUser = who,
            Kind = kind,
            Bank = GreenBank.Id,
            ConsentId = "c-1",
            At = Now.AddMinutes(-minutesAgo),
            Outcome = AuditOutcomes.Succeeded,
            Detail = detail,
        }, Cancel);

    [Fact]
    public void With_nothing_recorded_it_says_what_will_appear_here()
    {
        var cut = RenderPage();

        Assert.Contains("Nothing yet", cut.Find("[data-testid=ledger-empty]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("[data-testid=delete-all]"));
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
        Assert.Contains("end your consent at Green Bank, at the bank", what, StringComparison.Ordinal);
        Assert.Contains("erase 2 accounts, 2 loans and mortgages and 2 payments", what, StringComparison.Ordinal);
        Assert.Contains("forget the keys that let it read your banks", what, StringComparison.Ordinal);
        Assert.DoesNotContain("sign-in attempt", what, StringComparison.Ordinal);
        Assert.Contains("this ledger", dialog.TextContent, StringComparison.Ordinal);

        await cut.Find("[data-testid=delete-all-confirm]").ClickAsync(new());

        // The banks cannot be reached in these tests: the data is erased anyway and the snackbar names the bank.
        cut.WaitForAssertion(() => Assert.Contains("Deleted 2 accounts, 2 loans and mortgages and 2 payments", cut.Find(".mud-snackbar").TextContent, StringComparison.Ordinal),
            TimeSpan.FromSeconds(10));
        Assert.Contains("Green Bank could not be reached", cut.Find(".mud-snackbar").TextContent, StringComparison.Ordinal);
        Assert.Empty(await Store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(Frida.UserId, cancellationToken: Cancel));
        Assert.Empty(await Store.Collection(OpenFinanceCollections.SyncStates).FindAsync(Frida.UserId, cancellationToken: Cancel));
        Assert.Equal(ConsentStatuses.TerminatedByTpp, Assert.Single(await Store.Collection(OpenFinanceCollections.Consents).FindAsync(Frida.UserId, cancellationToken: Cancel)).Status);
        // Grace keeps everything.
        Assert.Single(await Store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(Grace.UserId, cancellationToken: Cancel));
        Assert.Equal(ConsentStatuses.Valid, Assert.Single(await Store.Collection(OpenFinanceCollections.Consents).FindAsync(Grace.UserId, cancellationToken: Cancel)).Status);
        // The ledger on the page now shows the erase, newest first.
        cut.WaitForAssertion(() => Assert.Equal("Bank data deleted", cut.FindAll("[data-testid=ledger-kind]")[0].TextContent.Trim()), TimeSpan.FromSeconds(10));
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
