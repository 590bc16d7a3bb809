using MudBlazor;
using MudBlazor.Extensions;

namespace LeafyBank.Tests.Web.Components.Pages.Connections;

public sealed class ConnectBankPageTests : PersonasTestContext
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
        // 80 days left of 90: renewal opens 30 days before the end.
        var note = green.QuerySelector("[data-testid=already-note]")!.TextContent;
        Assert.Contains($"renewal opens on {Day(Now.AddDays(50))}", note, StringComparison.Ordinal);
        Assert.Contains("Choosing it lets you change what you share or for how long.", note, StringComparison.Ordinal);
        Assert.Equal("Change what you share", cut.Find("[data-testid=choose-greenbank]").TextContent.Trim());
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
        // Each choice says what it covers: "Balances" is what the accounts hold; what a loan owes comes with loans and mortgages.
        Assert.Equal(["Accounts (names, types and numbers)", "Balances (what your accounts hold)", "Transactions (payments in and out)",
                "Loans and mortgages (amount owed, rate and terms)"],
            cut.FindComponents<MudCheckBox<bool>>().Select(box => box.Find("label").TextContent.Trim()));
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
    public async Task A_connect_error_takes_the_focus_so_a_phone_scrolls_to_it_and_a_screen_reader_announces_it()
    {
        var cut = RenderPage();
        cut.Find("[data-testid=choose-thamesbank]").Click();

        await cut.Find("[data-testid=continue]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=connect-error]")), TimeSpan.FromSeconds(10));
        Assert.Equal("alert", cut.Find("[data-testid=connect-error]").GetAttribute("role"));
        var region = cut.Find("[data-testid=connect-error-region]");
        Assert.Equal("-1", region.GetAttribute("tabindex"));
        cut.WaitForAssertion(() => JSInterop.VerifyFocusAsyncInvoke().Arguments[0].ShouldBeElementReferenceTo(region), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void A_reason_that_a_customer_without_Leafy_Bank_accounts_can_read_as_true()
    {
        SignInCustomer("adalove");
        var cut = RenderPage();
        cut.Find("[data-testid=choose-greenbank]").Click();

        Assert.DoesNotContain("Leafy Bank accounts", Why(cut), StringComparison.Ordinal);
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
        Assert.Equal(["Accounts (names, types and numbers)", "Balances (what your accounts hold)"], ticked);
        Assert.Equal("Continue to Green Bank", cut.Find("[data-testid=continue]").TextContent.Trim());
        Assert.Equal("Keep the current consent", cut.Find("[data-testid=back]").TextContent.Trim());
    }

    [Fact]
    public async Task Before_renewal_is_due_the_page_is_about_changing_what_is_shared_and_lets_the_customer_choose_the_accounts_again_at_the_bank()
    {
        // Connected today, everything for 90 days: asking again for the same would end on the same day.
        await Store.Collection(OpenFinanceCollections.Consents).UpsertAsync(
            TestDocuments.Consent(Frida, GreenBank.Id, "consent-greenbank-fridaklo", Now, Now.Date.AddDays(90)), Cancel);

        var cut = RenderPage("greenbank");

        Assert.Equal("Change what you share with Green Bank", cut.Find("[data-testid=connect-title]").TextContent.Trim());
        var renewal = cut.Find("[data-testid=renewal]").TextContent;
        // One line per kind of change, so each is found at a glance.
        Assert.Equal("Other data or a longer period: choose below.", Words(cut.Find("[data-testid=renewal-way-data]").TextContent));
        Assert.Equal("Fewer or other accounts and loans: continue as it is, then tick them at Green Bank.",
            Words(cut.Find("[data-testid=renewal-way-accounts]").TextContent));
        Assert.Contains("Either way Green Bank asks you to approve a new consent, starting today.", Words(renewal), StringComparison.Ordinal);
        Assert.Contains($"runs until {Day(Now.AddDays(90))}", renewal, StringComparison.Ordinal);
        Assert.Contains("(90 days left)", renewal, StringComparison.Ordinal);
        Assert.Contains($"renewal opens on {Day(Now.AddDays(60))}", renewal, StringComparison.Ordinal);
        var hint = cut.Find("[data-testid=renewal-change]");
        Assert.Equal($"As chosen, the same kinds of data until the same day, {Day(Now.AddDays(90))}: continue to choose again at Green Bank " +
                     "which accounts and loans it shares, or keep the current consent.", hint.TextContent.Trim());
        // Not a mistake the customer made: no error colour; and no dead end, since the accounts are ticked at the bank.
        Assert.DoesNotContain("mud-error-text", hint.ClassName ?? "", StringComparison.Ordinal);
        Assert.False(cut.Find("[data-testid=continue]").HasAttribute("disabled"));

        // A longer period is a change worth asking for, and the page says exactly what it changes.
        await cut.InvokeAsync(() => cut.FindComponent<MudSelect<int>>().Instance.ValueChanged.InvokeAsync(180));

        Assert.Equal($"What changes: access runs until {Day(Now.AddDays(180))} instead of {Day(Now.AddDays(90))}, 90 days longer.",
            cut.Find("[data-testid=renewal-change]").TextContent.Trim());
        Assert.False(cut.Find("[data-testid=continue]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task An_early_renewal_that_changes_what_is_shared_names_what_it_adds_and_drops()
    {
        await Store.Collection(OpenFinanceCollections.Consents).UpsertAsync(
            TestDocuments.Consent(Frida, GreenBank.Id, "consent-greenbank-fridaklo", Now, Now.Date.AddDays(90), permissions: ["accounts", "balances", "transactions"]), Cancel);
        var cut = RenderPage("greenbank");

        Tick(cut, "products", true);
        Tick(cut, "transactions", false);

        Assert.Equal($"What changes: access still runs until {Day(Now.AddDays(90))}; Leafy Bank also reads your loans and mortgages; it stops reading your transactions.",
            cut.Find("[data-testid=renewal-change]").TextContent.Trim());
        Assert.False(cut.Find("[data-testid=continue]").HasAttribute("disabled"));
    }

    /// <summary>Frida's live Green Bank consent, made today for 90 days, sharing accounts and balances only.</summary>
    private Task GreenBankSharingAccountsAndBalancesAsync() =>
        Store.Collection(OpenFinanceCollections.Consents).UpsertAsync(TestDocuments.Consent(Frida, GreenBank.Id, "consent-greenbank-fridaklo", Now,
            Now.Date.AddDays(90), permissions: [ConsentPermissions.Accounts, ConsentPermissions.Balances]), Cancel);

    [Fact]
    public async Task A_step_to_share_what_the_consent_leaves_out_opens_the_review_with_it_ticked_and_ready_to_continue()
    {
        await GreenBankSharingAccountsAndBalancesAsync();

        // As "To see them, change what you share with Green Bank" on the transactions page links it.
        var cut = RenderPage("greenbank&share=transactions");

        Assert.Equal([true, true, true, false], cut.FindComponents<MudCheckBox<bool>>().Select(box => box.Instance.GetState(x => x.Value)));
        Assert.Equal($"What changes: access still runs until {Day(Now.AddDays(90))}; Leafy Bank also reads your transactions.",
            cut.Find("[data-testid=renewal-change]").TextContent.Trim());
        Assert.False(cut.Find("[data-testid=continue]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task A_share_in_the_link_that_names_no_kind_of_data_changes_nothing()
    {
        await GreenBankSharingAccountsAndBalancesAsync();

        var cut = RenderPage("greenbank&share=payments");

        Assert.Equal([true, true, false, false], cut.FindComponents<MudCheckBox<bool>>().Select(box => box.Instance.GetState(x => x.Value)));
        Assert.StartsWith("As chosen, the same kinds of data until the same day", cut.Find("[data-testid=renewal-change]").TextContent.Trim(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_due_renewal_says_how_much_longer_access_runs()
    {
        // A 90-day consent with 20 days left: renewing for 90 days from today adds 70.
        await Store.Collection(OpenFinanceCollections.Consents).UpsertAsync(
            TestDocuments.Consent(Frida, GreenBank.Id, "consent-greenbank-fridaklo", Now.AddDays(-70), Now.AddDays(20)), Cancel);

        var cut = RenderPage("greenbank");

        Assert.Equal("Renew your consent at Green Bank", cut.Find("[data-testid=connect-title]").TextContent.Trim());
        Assert.DoesNotContain("To change what Leafy Bank reads", cut.Find("[data-testid=renewal]").TextContent, StringComparison.Ordinal);
        Assert.Equal($"What changes: access runs until {Day(Now.AddDays(90))} instead of {Day(Now.AddDays(20))}, 70 days longer.",
            cut.Find("[data-testid=renewal-change]").TextContent.Trim());
        Assert.False(cut.Find("[data-testid=continue]").HasAttribute("disabled"));
    }

    [Fact]
    public void The_reason_names_only_the_data_the_customer_chose_to_share()
    {
        var cut = RenderPage();
        cut.Find("[data-testid=choose-greenbank]").Click();

        Assert.Equal("Why: to show your Green Bank accounts, balances, transactions, loans and mortgages in Leafy Bank, alongside the rest of your finances. " +
                     "Leafy Bank only reads; it cannot move money.", Why(cut));

        Tick(cut, "products", false);
        Tick(cut, "transactions", false);

        Assert.Equal("Why: to show your Green Bank accounts and balances in Leafy Bank, alongside the rest of your finances. Leafy Bank only reads; it cannot move money.", Why(cut));

        Tick(cut, "balances", false);
        Tick(cut, "products", true);

        Assert.Contains("to show your Green Bank accounts, loans and mortgages in Leafy Bank, alongside", Why(cut), StringComparison.Ordinal);

        Tick(cut, "products", false);

        // Accounts are always shared, so the reason always names them.
        Assert.Contains("to show your Green Bank accounts in Leafy Bank, alongside", Why(cut), StringComparison.Ordinal);
        Assert.False(cut.Find("[data-testid=continue]").HasAttribute("disabled"));
    }

    /// <summary>Ticks or unticks one kind of data on the review (MudBlazor puts the test id on the box's input or around it).</summary>
    internal static void Tick(IRenderedComponent<ConnectBank> cut, string permission, bool on)
    {
        var box = cut.Find($"[data-testid=permission-{permission}]");
        (box.TagName == "INPUT" ? box : box.QuerySelector("input")!).Change(on);
    }

    /// <summary>An element's text as read: runs of white space (the markup's line breaks) as one space.</summary>
    private static string Words(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ").Trim();

    internal static string Why(IRenderedComponent<ConnectBank> cut) =>
        System.Text.RegularExpressions.Regex.Replace(cut.Find("[data-testid=why]").TextContent, @"\s+", " ").Trim();

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
    public async Task Connecting_again_after_deleting_all_linked_data_says_that_is_what_ended_the_previous_consent()
    {
        await ConnectedAsync(GreenBank, daysLeft: 80);
        await Services.GetRequiredService<LinkedDataEraser>().EraseAsync(Frida, Cancel);

        var cut = RenderPage("greenbank");

        var reconnecting = cut.Find("[data-testid=reconnecting]").TextContent.Trim();
        Assert.StartsWith($"You deleted all your linked data on {Day(Now)}, which ended your previous consent at Green Bank.", reconnecting, StringComparison.Ordinal);
        Assert.DoesNotContain("You disconnected", reconnecting, StringComparison.Ordinal);
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
        Assert.StartsWith("Step 2 of 2", cut.Find("[data-testid=review-step]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=renewal]"));
        Assert.DoesNotContain(Day(Now.AddDays(5)), cut.Markup, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("[data-testid=review]"));
    }

    [Fact]
    public void A_bank_chosen_in_the_picker_is_the_last_of_two_steps_here_and_says_the_bank_asks_for_the_rest()
    {
        var cut = RenderPage();
        Assert.Equal("Step 1 of 2: choose the bank whose accounts you want to see in Leafy Bank.", cut.Find("[data-testid=picker-step]").TextContent.Trim());

        cut.Find("[data-testid=choose-thamesbank]").Click();

        Assert.Equal("Connect a bank", cut.Find("[data-testid=connect-title]").TextContent.Trim());
        // "2 of 2" alone read as the end, while the bank's sign-in and approval still follow.
        Assert.Equal("Step 2 of 2: review what you share with Leafy Bank. Then Thames Bank asks you to sign in there and approve it.",
            cut.Find("[data-testid=review-step]").TextContent.Trim());
        Assert.Equal("Choose another bank", cut.Find("[data-testid=back]").TextContent.Trim());
    }

    [Fact]
    public void A_link_straight_to_a_banks_review_reads_as_the_review_reached_from_the_list_step_2_of_2_with_the_list_one_step_back()
    {
        // "Try again with Thames Bank" after a decline: the bank was chosen before, and its review is the same step as ever.
        var cut = RenderPage("thamesbank");
        var direct = (cut.Find("[data-testid=connect-title]").TextContent.Trim(), cut.Find("[data-testid=review-step]").TextContent.Trim(),
            cut.Find("[data-testid=back]").TextContent.Trim());

        // Step 1 is the list of banks, one button away.
        cut.Find("[data-testid=back]").Click();
        Assert.StartsWith("Step 1 of 2", cut.Find("[data-testid=picker-step]").TextContent.Trim(), StringComparison.Ordinal);
        cut.Find("[data-testid=choose-thamesbank]").Click();
        var fromList = (cut.Find("[data-testid=connect-title]").TextContent.Trim(), cut.Find("[data-testid=review-step]").TextContent.Trim(),
            cut.Find("[data-testid=back]").TextContent.Trim());

        Assert.Equal(("Connect a bank", "Step 2 of 2: review what you share with Leafy Bank. Then Thames Bank asks you to sign in there and approve it.",
            "Choose another bank"), direct);
        Assert.Equal(direct, fromList);
    }

    [Fact]
    public async Task A_renewal_opened_from_the_connections_page_counts_no_steps_and_leads_back_there_but_chosen_in_the_list_it_is_step_2()
    {
        await ConnectedAsync(GreenBank, daysLeft: 5);

        var cut = RenderPage("greenbank");
        Assert.Equal("Review what you share with Leafy Bank. Then Green Bank asks you to sign in there and approve it.",
            cut.Find("[data-testid=review-step]").TextContent.Trim());
        Assert.Equal("Keep the current consent", cut.Find("[data-testid=back]").TextContent.Trim());

        Services.GetRequiredService<NavigationManager>().NavigateTo("/connections/new");
        var picker = RenderPage();
        picker.Find("[data-testid=choose-greenbank]").Click();

        Assert.StartsWith("Step 2 of 2: review what you share", picker.Find("[data-testid=review-step]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal("Choose another bank", picker.Find("[data-testid=back]").TextContent.Trim());
    }

    [Fact]
    public void Choosing_a_bank_and_going_back_each_start_the_step_at_the_top_of_the_page_with_focus_on_its_first_line()
    {
        var module = JSInterop.SetupModule(call => call.Arguments is [string path] && path.EndsWith("Connections/ConnectBank.razor.js", StringComparison.Ordinal));
        module.SetupVoid("showStepStart", _ => true).SetVoidResult();
        var cut = RenderPage();
        // Opening the page scrolls nothing: the browser starts a page at its top.
        Assert.Empty(module.Invocations);

        cut.Find("[data-testid=choose-thamesbank]").Click();

        // The picker and the review are one page: the browser would keep the picker's scroll position.
        cut.WaitForAssertion(() => Assert.Single(module.Invocations, call => call.Identifier == "showStepStart"));
        var target = Assert.IsType<ElementReference>(module.Invocations["showStepStart"][^1].Arguments[0]);
        Assert.Equal(target.Id, cut.Find("[data-testid=review-step]").ParentElement!.GetAttribute("blazor:elementReference"));

        cut.Find("[data-testid=back]").Click();

        cut.WaitForAssertion(() => Assert.Equal(2, module.Invocations["showStepStart"].Count));
        target = Assert.IsType<ElementReference>(module.Invocations["showStepStart"][^1].Arguments[0]);
        Assert.Equal(target.Id, cut.Find("[data-testid=picker-step]").ParentElement!.GetAttribute("blazor:elementReference"));
    }

    [Fact]
    public async Task Continue_with_the_same_data_and_period_contacts_the_bank_so_the_accounts_can_be_chosen_there()
    {
        // Connected today, everything for 90 days: the review as it opens asks for exactly the same.
        await Store.Collection(OpenFinanceCollections.Consents).UpsertAsync(
            TestDocuments.Consent(Frida, GreenBank.Id, "consent-greenbank-fridaklo", Now, Now.Date.AddDays(90)), Cancel);
        var cut = RenderPage("greenbank");

        await cut.Find("[data-testid=continue]").ClickAsync(new());

        // Not refused by Leafy Bank: it went on to contact Green Bank, which no test reaches (ConnectionServiceTests
        // follows the same request through the bank's approval).
        cut.WaitForAssertion(() => Assert.Equal(BankTroubleWords.NotAnswering("Green Bank"), cut.Find("[data-testid=connect-error]").TextContent.Trim()),
            TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void An_unknown_bank_in_the_link_says_so_and_offers_the_list()
    {
        var cut = RenderPage("no-such-bank");

        Assert.Contains("does not know a bank called 'no-such-bank'", cut.Find("[data-testid=connect-error]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("[data-testid=bank-list]"));
    }
}
