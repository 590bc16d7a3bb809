using LeafyBank.Web.Components.Pages.Transactions;
using MudBlazor;
using TransactionsPage = LeafyBank.Web.Components.Pages.Transactions.Transactions;

namespace LeafyBank.Tests.Web.Components.Pages.Transactions;

/// <summary>The transactions pages ask the query with the right owner and filter, page through it and search it.</summary>
public sealed class TransactionsPageTests : PersonasTestContext
{
    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    private async Task SixtyTransactionsAsync()
    {
        for (var i = 1; i <= 60; i++)
        {
            var account = i % 2 == 0 ? "204515807" : "330011";
            var description = i % 10 == 0 ? $"Coffee Corner {i}" : $"Green Grocer {i}";
            var transaction = Transaction($"T{i}", "Green Bank", account, -i, Now.AddHours(-i),
                i == 1 ? BookingStatuses.Pending : BookingStatuses.Booked, description);
            transaction.Category = i % 3 == 0 ? "Eating out" : "Groceries";
            await AddAsync(transaction);
        }
        // Another customer's transaction never shows.
        var graces = Transaction("G1", "Green Bank", "204515807", -5m, Now.AddHours(-1), description: "Coffee for Grace");
        graces.TransactionUser = new PartyReference { UserId = GraceId, UserName = "gracehop" };
        await AddAsync(graces);
    }

    [Fact]
    public async Task All_transactions_are_read_for_the_signed_in_customer_one_page_at_a_time()
    {
        await SixtyTransactionsAsync();

        var cut = Render<TransactionsPage>();

        cut.WaitForElement("[data-testid=transactions-list]");
        var (owner, filter) = Assert.Single(TransactionQuery.Finds);
        Assert.Equal(FridaId, owner);
        Assert.Equal(new TransactionFilter(PageSize: TransactionsPage.PageSize), filter);
        Assert.Equal(TransactionsPage.PageSize, cut.FindAll("[data-testid=transactions-list] tbody tr").Count);
        Assert.Equal("Showing 1–25 of 60 transactions, newest first.", cut.Find("[data-testid=transactions-summary]").TextContent.Trim());
        Assert.DoesNotContain("Grace", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Before_any_bank_is_linked_the_empty_list_says_where_payments_come_from()
    {
        var cut = Render<TransactionsPage>();

        var empty = cut.WaitForElement("[data-testid=no-transactions]");
        Assert.Contains("Payments show here from the banks you link", empty.TextContent, StringComparison.Ordinal);
        Assert.Contains("Leafy Bank accounts' own payments are not listed here: they are on your Leafy Bank statements.", empty.TextContent, StringComparison.Ordinal);
        // "the banks you link (Connections)": the page it names is one click away.
        var connections = empty.QuerySelector("a[data-testid=transactions-connections]")!;
        Assert.Equal("connections", connections.GetAttribute("href"));
        Assert.Equal("Connections", connections.TextContent.Trim());
    }

    [Fact]
    public async Task A_page_past_the_end_says_so_once_and_does_not_also_call_the_list_empty()
    {
        await SixtyTransactionsAsync();
        Navigation.NavigateTo("transactions?page=9");

        var cut = Render<TransactionsPage>();

        Assert.Contains("There is no page 9: this list has 3 pages.", cut.WaitForElement("[data-testid=page-beyond]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=no-transactions]"));
    }

    [Fact]
    public async Task Choosing_a_page_asks_for_that_page_with_the_same_filter()
    {
        await SixtyTransactionsAsync();
        var cut = Render<TransactionsPage>();
        cut.WaitForElement("[data-testid=transactions-pager]");

        // The pager counts its pages from 0: this is page 3.
        await cut.InvokeAsync(() => cut.FindComponent<MudPagination>().Instance.NavigateToAsync(2));

        cut.WaitForAssertion(() => Assert.Equal("Showing 51–60 of 60 transactions, newest first.", cut.Find("[data-testid=transactions-summary]").TextContent.Trim()));
        Assert.Equal("http://localhost/transactions?page=3", Navigation.Uri);
        Assert.Equal(new TransactionFilter(Page: 3, PageSize: TransactionsPage.PageSize), TransactionQuery.Finds[^1].Filter);
        Assert.Equal(10, cut.FindAll("[data-testid=transactions-list] tbody tr").Count);
    }

    [Fact]
    public async Task Another_page_chosen_from_the_pager_is_shown_from_the_top_of_the_list()
    {
        await SixtyTransactionsAsync();
        var listScroll = ListScrollModule();
        var cut = Render<TransactionsPage>();
        cut.WaitForElement("[data-testid=transactions-pager]");

        // The pager counts its pages from 0: this is page 3.
        await cut.InvokeAsync(() => cut.FindComponent<MudPagination>().Instance.NavigateToAsync(2));

        // The pager is under the rows; the browser would stay at the foot of the new page without this.
        cut.WaitForAssertion(() => Assert.Single(listScroll.Invocations, call => call.Identifier == "showListTop"));
        Assert.Equal("Showing 51–60 of 60 transactions, newest first.", cut.Find("[data-testid=transactions-summary]").TextContent.Trim());
        // The element above the summary line, as rendered (bUnit gives it an id, the browser the element).
        Assert.False(string.IsNullOrEmpty(Assert.IsType<ElementReference>(Assert.Single(listScroll.Invocations).Arguments[0]).Id));
        Assert.NotNull(cut.Find(".tx-list-top > [data-testid=transactions-summary]"));
    }

    [Fact]
    public async Task Another_page_chosen_from_the_pager_takes_keyboard_focus_to_the_list_which_is_named_with_its_page()
    {
        await SixtyTransactionsAsync();
        var listScroll = ListScrollModule();
        var cut = Render<TransactionsPage>();
        cut.WaitForElement("[data-testid=transactions-pager]");
        var list = cut.Find(".tx-list-top[data-testid=transactions-list-region]");
        // Focusable from a script only, never a stop of its own for Tab; arriving on the page leaves focus to the heading.
        Assert.Equal("-1", list.GetAttribute("tabindex"));
        Assert.Equal("Transactions, page 1 of 3", list.GetAttribute("aria-label"));
        Assert.Empty(JSInterop.Invocations[FocusIdentifier]);

        // The pager counts its pages from 0: this is page 2.
        await cut.InvokeAsync(() => cut.FindComponent<MudPagination>().Instance.NavigateToAsync(1));

        // Off the pager button the customer pressed, onto the list that holds the new page's rows: the element the
        // page was scrolled to (bUnit names a re-rendered element's reference in the call, not in the markup).
        cut.WaitForAssertion(() => JSInterop.VerifyFocusAsyncInvoke());
        var focused = Assert.IsType<ElementReference>(JSInterop.VerifyFocusAsyncInvoke().Arguments[0]);
        Assert.Equal(Assert.IsType<ElementReference>(Assert.Single(listScroll.Invocations).Arguments[0]).Id, focused.Id);
        list = cut.Find("[data-testid=transactions-list-region]");
        Assert.Equal("Transactions, page 2 of 3", list.GetAttribute("aria-label"));
        // The rows follow the summary inside it, and the summary is read out as it changes.
        Assert.Equal(TransactionsPage.PageSize, list.QuerySelectorAll("[data-testid=transactions-list] tbody tr").Length);
        var summary = list.QuerySelector("[data-testid=transactions-summary]")!;
        Assert.Equal("polite", summary.GetAttribute("aria-live"));
        Assert.Equal("Showing 26–50 of 60 transactions, newest first.", summary.TextContent.Trim());
    }

    [Fact]
    public async Task A_filter_changed_in_the_form_leaves_the_window_where_the_customer_is()
    {
        await SixtyTransactionsAsync();
        var listScroll = ListScrollModule();
        var cut = Render<TransactionsPage>();
        cut.WaitForElement("[data-testid=transactions-pager]");

        await cut.InvokeAsync(() => Select(cut, "category-filter").ValueChanged.InvokeAsync("Eating out"));

        cut.WaitForAssertion(() => Assert.Equal("Showing 1–20 of 20 transactions, newest first.", cut.Find("[data-testid=transactions-summary]").TextContent.Trim()));
        Assert.Empty(listScroll.Invocations);
        // Focus stays in the form, where the customer is still choosing.
        Assert.Empty(JSInterop.Invocations[FocusIdentifier]);
    }

    [Fact]
    public async Task A_page_past_the_end_offers_the_first_and_the_last_page_and_no_pager_marks_another_page_as_shown()
    {
        await SixtyTransactionsAsync();
        Navigation.NavigateTo("transactions?category=Groceries&page=9");

        var cut = Render<TransactionsPage>();

        cut.WaitForElement("[data-testid=page-beyond]");
        Assert.Empty(cut.FindAll("[data-testid=transactions-pager]"));
        Assert.Equal("transactions?category=Groceries", cut.Find("[data-testid=first-page]").GetAttribute("href"));
        Assert.Equal("transactions?category=Groceries&page=2", cut.Find("[data-testid=last-page]").GetAttribute("href"));
        Assert.Contains("the last page (2)", cut.Find("[data-testid=page-beyond]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_past_the_end_of_a_one_page_list_offers_one_way_back()
    {
        await SixtyTransactionsAsync();
        Navigation.NavigateTo("transactions?category=Eating%20out&page=2");

        var cut = Render<TransactionsPage>();

        var beyond = cut.WaitForElement("[data-testid=page-beyond]");
        Assert.Contains("There is no page 2: this list fits on one page.", beyond.TextContent, StringComparison.Ordinal);
        Assert.Equal("transactions?category=Eating%20out", cut.Find("[data-testid=first-page]").GetAttribute("href"));
        Assert.Empty(cut.FindAll("[data-testid=last-page]"));
    }

    [Fact]
    public async Task The_search_box_has_one_clear_button_and_the_phones_search_key()
    {
        await SixtyTransactionsAsync();
        Navigation.NavigateTo("transactions?q=grocer");

        var cut = Render<TransactionsPage>();

        cut.WaitForElement("[data-testid=transactions-list]");
        var search = cut.Find("input[data-testid=search-input]");
        // Chromium and Safari draw a clear button of their own in an input of type "search", beside the field's.
        Assert.Equal("text", search.GetAttribute("type"));
        Assert.Equal("search", search.GetAttribute("inputmode"));
        Assert.Equal("search", search.GetAttribute("enterkeyhint"));
        Assert.Single(cut.FindAll("[data-testid=transactions-search] .mud-input-clear-button"));
    }

    [Fact]
    public async Task Searching_asks_for_the_first_page_of_matches()
    {
        await SixtyTransactionsAsync();
        var cut = Render<TransactionsPage>();
        cut.WaitForElement("[data-testid=transactions-pager]");

        cut.Find("input[data-testid=search-input]").Change("  coffee ");
        cut.Find("form[data-testid=transactions-search]").Submit();

        cut.WaitForAssertion(() => Assert.Equal("Showing 1–6 of 6 transactions, newest first.", cut.Find("[data-testid=transactions-summary]").TextContent.Trim()));
        Assert.Equal("http://localhost/transactions?q=coffee", Navigation.Uri);
        Assert.Equal(new TransactionFilter(Search: "coffee", Page: 1, PageSize: TransactionsPage.PageSize), TransactionQuery.Finds[^1].Filter);
        Assert.All(cut.FindAll("[data-testid=transactions-list] tbody tr"), row => Assert.Contains("Coffee Corner", row.TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=transactions-pager]"));
    }

    [Fact]
    public async Task Filtering_by_booking_status_asks_for_pending_only()
    {
        await SixtyTransactionsAsync();
        var cut = Render<TransactionsPage>();
        cut.WaitForElement("[data-testid=transactions-list]");

        await cut.InvokeAsync(() => cut.FindComponent<MudToggleGroup<string>>().Instance.ValueChanged.InvokeAsync(BookingStatuses.Pending));

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=transactions-list] tbody tr")));
        Assert.Equal(new TransactionFilter(BookingStatus: BookingStatuses.Pending, PageSize: TransactionsPage.PageSize), TransactionQuery.Finds[^1].Filter);
        Assert.Equal("true", cut.Find("[data-testid=booking-status]").GetAttribute("data-pending"));
    }

    [Fact]
    public async Task A_link_to_one_account_asks_for_that_bank_and_account_only_and_says_when_a_search_finds_nothing()
    {
        await SixtyTransactionsAsync();
        Navigation.NavigateTo("transactions?bank=Green%20Bank&account=330011");

        var cut = Render<TransactionsPage>();

        cut.WaitForElement("[data-testid=transactions-list]");
        Assert.Equal(new TransactionFilter(Bank: "Green Bank", AccountId: "330011", PageSize: TransactionsPage.PageSize), TransactionQuery.Finds[^1].Filter);
        Assert.Contains("of 30 transactions", cut.Find("[data-testid=transactions-summary]").TextContent, StringComparison.Ordinal);

        cut.Find("input[data-testid=search-input]").Change("nothing like this");
        cut.Find("form[data-testid=transactions-search]").Submit();

        cut.WaitForElement("[data-testid=no-transactions]");
        Assert.Contains("No transactions match these filters.", cut.Find("[data-testid=no-transactions]").TextContent, StringComparison.Ordinal);
        Assert.Equal(new TransactionFilter(Bank: "Green Bank", AccountId: "330011", Search: "nothing like this", PageSize: TransactionsPage.PageSize), TransactionQuery.Finds[^1].Filter);
    }

    [Fact]
    public async Task An_account_is_named_in_the_address_by_its_reference_never_by_the_banks_number_for_it()
    {
        await SixtyTransactionsAsync();
        // Green Bank lists 204515807 (the full account number, which the pages mask); it no longer lists 330011, whose transactions are kept.
        var savings = TestDocuments.Account(FridaId, "Green Bank", "204515807", 300m, type: AccountTypes.Savings);
        await AddAsync(savings);
        var cut = Render<TransactionsPage>();
        cut.WaitForElement("[data-testid=transactions-list]");

        var choices = cut.FindComponents<MudSelectItem<string>>().Select(item => item.Instance.Value).ToList();
        var listed = Assert.Single(choices, value => value?.EndsWith("204515807", StringComparison.Ordinal) == true);
        await cut.InvokeAsync(() => Select(cut, "account-filter").ValueChanged.InvokeAsync(listed));

        cut.WaitForAssertion(() => Assert.Equal($"http://localhost/transactions?bank=Green%20Bank&account={savings.Id}", Navigation.Uri));
        Assert.Equal(new TransactionFilter(Bank: "Green Bank", AccountId: "204515807", PageSize: TransactionsPage.PageSize), TransactionQuery.Finds[^1].Filter);
        Assert.Contains("Green Bank · Savings account ••••\u00A05807", SelectText(cut, "account-filter"), StringComparison.Ordinal);
        Assert.Equal($"transactions/export.csv?bank=Green%20Bank&account={savings.Id}", cut.Find("[data-testid=export-csv]").GetAttribute("href"));
        Assert.DoesNotContain("204515807", cut.Markup, StringComparison.Ordinal);

        // The account the bank no longer lists has no reference: the bank's id for it is the only name left.
        var unlisted = Assert.Single(choices, value => value?.EndsWith("330011", StringComparison.Ordinal) == true);
        await cut.InvokeAsync(() => Select(cut, "account-filter").ValueChanged.InvokeAsync(unlisted));

        cut.WaitForAssertion(() => Assert.Equal("http://localhost/transactions?bank=Green%20Bank&account=330011", Navigation.Uri));
        Assert.Equal(new TransactionFilter(Bank: "Green Bank", AccountId: "330011", PageSize: TransactionsPage.PageSize), TransactionQuery.Finds[^1].Filter);
    }

    [Fact]
    public void The_prerender_shows_the_loading_state_and_does_not_query()
    {
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));

        var cut = Render<TransactionsPage>();

        Assert.NotNull(cut.Find("[data-testid=transactions-loading]"));
        Assert.Empty(TransactionQuery.Finds);
    }

    [Fact]
    public void An_unknown_customer_is_told_so_and_nothing_is_queried()
    {
        SignInNonCustomer("someone-else");

        var cut = Render<TransactionsPage>();

        cut.WaitForElement("[data-testid=unknown-customer]");
        Assert.Empty(TransactionQuery.Finds);
    }

    [Fact]
    public async Task Every_filter_is_read_from_the_address_shown_in_the_form_and_kept_when_another_is_added()
    {
        await SixtyTransactionsAsync();
        var from = Today.AddDays(-3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Navigation.NavigateTo($"transactions?q=grocer&bank=Green%20Bank&account=330011&from={from}&min=5&max=40&status=booked&page=1");

        var cut = Render<TransactionsPage>();

        cut.WaitForElement("[data-testid=transactions-list]");
        var asked = TransactionQuery.Finds[^1].Filter;
        Assert.Equal(new TransactionFilter(Bank: "Green Bank", AccountId: "330011", BookingStatus: "booked", Search: "grocer", From: Today.AddDays(-3),
            PageSize: TransactionsPage.PageSize, MinAmount: 5m, MaxAmount: 40m), asked);
        Assert.Equal("grocer", cut.Find("input[data-testid=search-input]").GetAttribute("value"));
        Assert.Contains("Green Bank · Account ••••\u00A00011", SelectText(cut, "account-filter"), StringComparison.Ordinal);
        Assert.Equal("Green Bank", SelectText(cut, "bank-filter"));
        // The download carries the same filters.
        Assert.Equal($"transactions/export.csv?q=grocer&bank=Green%20Bank&account=330011&from={from}&min=5&max=40&status=booked",
            cut.Find("[data-testid=export-csv]").GetAttribute("href"));

        await cut.InvokeAsync(() => Select(cut, "category-filter").ValueChanged.InvokeAsync("Eating out"));

        cut.WaitForAssertion(() => Assert.Equal("Eating out", TransactionQuery.Finds[^1].Filter.Category));
        Assert.Equal($"http://localhost/transactions?q=grocer&bank=Green%20Bank&account=330011&category=Eating%20out&from={from}&min=5&max=40&status=booked", Navigation.Uri);
        Assert.Equal(asked with { Category = "Eating out" }, TransactionQuery.Finds[^1].Filter);
    }

    [Fact]
    public async Task The_date_boxes_show_and_take_days_as_the_app_writes_them_and_say_what_to_type_when_a_day_cannot_be_read()
    {
        await SixtyTransactionsAsync();
        Navigation.NavigateTo("transactions?from=2026-11-01");
        var cut = Render<TransactionsPage>();
        cut.WaitForElement("[data-testid=transactions-list]");

        // Text boxes with the app's way of writing a day under them, never the browser's "mm/dd/yyyy".
        var from = cut.Find("input[data-testid=from-input]");
        Assert.Equal("text", from.GetAttribute("type"));
        Assert.Equal("1 Nov 2026", from.GetAttribute("value"));
        Assert.Equal("e.g. 3 Dec 2026", from.Closest(".mud-input-control")!.QuerySelector(".mud-input-helper-text")?.TextContent.Trim());

        cut.Find("input[data-testid=to-input]").Change("20 nov 2026");
        cut.Find("form[data-testid=transactions-search]").Submit();
        cut.WaitForAssertion(() => Assert.Equal("http://localhost/transactions?from=2026-11-01&to=2026-11-20", Navigation.Uri));
        Assert.Equal(new DateOnly(2026, 11, 20), TransactionQuery.Finds[^1].Filter.To);
        Assert.Equal("20 Nov 2026", cut.Find("input[data-testid=to-input]").GetAttribute("value"));

        // In numbers only, a day reads differently in Europe and the US: refused, saying what to type, and left in the box to correct.
        cut.Find("input[data-testid=to-input]").Change("11/20/2026");
        cut.Find("form[data-testid=transactions-search]").Submit();
        cut.WaitForAssertion(() => Assert.Equal(
            "The end date \"11/20/2026\" is not a date we can read. Type the day, the month’s name and the year, such as 3 Dec 2026.",
            cut.Find("[data-testid=filter-problem][data-key=to]").TextContent.Trim()));
        Assert.Equal("11/20/2026", cut.Find("input[data-testid=to-input]").GetAttribute("value"));
    }

    [Fact]
    public async Task An_applied_date_filter_is_named_with_its_day_as_the_app_writes_days()
    {
        await SixtyTransactionsAsync();
        Navigation.NavigateTo("transactions?from=2026-11-01&to=2026-12-02");

        var cut = Render<TransactionsPage>();

        cut.WaitForElement("[data-testid=active-filter]");
        Assert.Equal(["From 1 Nov 2026", "To 2 Dec 2026"],
            cut.FindAll("[data-testid=active-filter]").Where(chip => chip.GetAttribute("data-key") is "from" or "to").Select(chip => chip.TextContent.Trim()));
    }

    [Fact]
    public async Task The_folded_filters_say_how_many_are_applied_and_name_each_one_which_can_be_removed_from_the_address()
    {
        await SixtyTransactionsAsync();
        Navigation.NavigateTo("transactions?q=grocer&bank=Green%20Bank&category=Eating%20out&min=5&status=booked");
        var cut = Render<TransactionsPage>();
        cut.WaitForElement("[data-testid=transactions-list]");

        // Folded at first (a phone's first screen is for transactions); the search is not counted, it stays in sight.
        var toggle = cut.Find("[data-testid=filters-toggle]");
        Assert.Equal("Filters (4)", toggle.TextContent.Trim());
        Assert.Equal("false", toggle.GetAttribute("aria-expanded"));
        Assert.DoesNotContain("is-open", cut.Find("[data-testid=filters-panel]").ClassList);
        Assert.Equal(["Booked only", "Green Bank", "Eating out", "Amount from 5"],
            cut.FindAll("[data-testid=active-filter]").Select(chip => chip.TextContent.Trim()));

        toggle.Click();
        Assert.Equal("true", cut.Find("[data-testid=filters-toggle]").GetAttribute("aria-expanded"));
        Assert.Contains("is-open", cut.Find("[data-testid=filters-panel]").ClassList);

        var category = cut.FindComponents<MudChip<string>>().Single(chip => chip.Markup.Contains("Eating out", StringComparison.Ordinal));
        await cut.InvokeAsync(() => category.Instance.OnClose.InvokeAsync(category.Instance));

        cut.WaitForAssertion(() => Assert.Null(TransactionQuery.Finds[^1].Filter.Category));
        Assert.Equal("http://localhost/transactions?q=grocer&bank=Green%20Bank&min=5&status=booked", Navigation.Uri);
        Assert.Equal("Filters (3)", cut.Find("[data-testid=filters-toggle]").TextContent.Trim());
        // Still open: removing one filter does not fold the others away.
        Assert.Contains("is-open", cut.Find("[data-testid=filters-panel]").ClassList);
    }

    [Fact]
    public async Task Going_back_to_an_earlier_address_shows_that_list_again()
    {
        await SixtyTransactionsAsync();
        Navigation.NavigateTo("transactions");
        var cut = Render<TransactionsPage>();
        cut.WaitForElement("[data-testid=transactions-pager]");

        await cut.InvokeAsync(() => Select(cut, "category-filter").ValueChanged.InvokeAsync("Eating out"));
        cut.WaitForAssertion(() => Assert.Equal("Showing 1–20 of 20 transactions, newest first.", cut.Find("[data-testid=transactions-summary]").TextContent.Trim()));
        Assert.Equal("http://localhost/transactions?category=Eating%20out", Navigation.Uri);

        // What the browser's Back button does: the earlier address, and the page follows it.
        Navigation.NavigateTo("transactions");

        cut.WaitForAssertion(() => Assert.Equal("Showing 1–25 of 60 transactions, newest first.", cut.Find("[data-testid=transactions-summary]").TextContent.Trim()));
        Assert.Equal(new TransactionFilter(PageSize: TransactionsPage.PageSize), TransactionQuery.Finds[^1].Filter);
        Assert.True(string.IsNullOrEmpty(SelectText(cut, "category-filter")), SelectText(cut, "category-filter"));
    }

    [Fact]
    public async Task The_bank_account_and_category_choices_are_the_customers_own()
    {
        await SixtyTransactionsAsync();

        var cut = Render<TransactionsPage>();
        cut.WaitForElement("[data-testid=transactions-list]");

        var categories = cut.FindComponents<MudSelectItem<string>>().Select(item => item.Instance.Value).ToList();
        Assert.Contains("Green Bank", categories);
        Assert.Contains("Eating out", categories);
        Assert.Contains("Groceries", categories);
        Assert.Contains("Green Bank\u001F330011", categories);
        Assert.DoesNotContain(categories, value => value is not null && value.Contains("Coffee for Grace", StringComparison.Ordinal));
        Assert.Equal(["", "Green Bank"], cut.FindComponents<MudSelect<string>>().First(s => Testid(s.Instance) == "bank-filter")
            .FindComponents<MudSelectItem<string>>().Select(item => item.Instance.Value));
    }

    [Theory]
    [InlineData("transactions?from=2026-03-02&to=2026-03-01", "from", "The start date (2 Mar 2026) is after the end date (1 Mar 2026).")]
    [InlineData("transactions?min=abc", "min", "\u201CAmount from\u201D: \u201Cabc\u201D is not an amount we can read.")]
    [InlineData("transactions?bank=Nowhere%20Bank", "bank", "None of your transactions come from a bank called \u201CNowhere Bank\u201D.")]
    [InlineData("transactions?account=zzz", "account", "This link names an account that is not among your accounts")]
    [InlineData("transactions?category=Nonsense", "category", "None of your transactions have the category \u201CNonsense\u201D.")]
    public async Task A_filter_that_cannot_be_used_is_explained_in_words_and_nothing_is_listed(string address, string key, string words)
    {
        await SixtyTransactionsAsync();
        Navigation.NavigateTo(address);

        var cut = Render<TransactionsPage>();

        var problem = cut.WaitForElement("[data-testid=filter-problem]");
        Assert.Equal(key, problem.GetAttribute("data-key"));
        Assert.StartsWith(words, problem.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Empty(TransactionQuery.Finds);
        Assert.Empty(cut.FindAll("[data-testid=transactions-list]"));
        Assert.NotNull(cut.Find("[data-testid=clear-filters]"));
        Assert.DoesNotContain(cut.FindAll(".mud-chip"), chip => chip.TextContent.TrimStart().StartsWith('·'));
    }

    [Theory]
    [InlineData("transactions?bank=greenbank")]
    [InlineData("transactions?bank=GREEN%20BANK")]
    public async Task A_link_naming_the_bank_by_its_id_or_in_other_letters_filters_by_that_bank(string address)
    {
        await SixtyTransactionsAsync();
        Navigation.NavigateTo(address);

        var cut = Render<TransactionsPage>();

        cut.WaitForElement("[data-testid=transactions-list]");
        Assert.Empty(cut.FindAll("[data-testid=filter-problem]"));
        Assert.Equal(new TransactionFilter(Bank: "Green Bank", PageSize: TransactionsPage.PageSize), TransactionQuery.Finds[^1].Filter);
        Assert.Contains(cut.FindAll(".mud-chip"), chip => chip.TextContent.Contains("Green Bank", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_link_naming_a_known_bank_without_transactions_by_its_id_says_the_banks_name()
    {
        await SixtyTransactionsAsync();
        Navigation.NavigateTo("transactions?bank=thamesbank");

        var cut = Render<TransactionsPage>();

        Assert.StartsWith("None of your transactions come from a bank called \u201CThames Bank\u201D.",
            cut.WaitForElement("[data-testid=filter-problem]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain("thamesbank", cut.Find("[data-testid=filter-problem]").TextContent, StringComparison.Ordinal);
    }

    /// <summary>What <see cref="ElementReferenceExtensions.FocusAsync(ElementReference, bool)"/> calls in the browser.</summary>
    private const string FocusIdentifier = "Blazor._internal.domWrapper.focus";

    /// <summary>The page's scrolling module, as the browser would import it.</summary>
    private BunitJSModuleInterop ListScrollModule()
    {
        var module = JSInterop.SetupModule(call => call.Arguments is [string path] && path.EndsWith("Transactions/Transactions.razor.js", StringComparison.Ordinal));
        module.SetupVoid("showListTop", _ => true).SetVoidResult();
        return module;
    }

    private static string? Testid(MudSelect<string> select) =>
        select.UserAttributes.TryGetValue("data-testid", out var value) ? value as string : null;

    private static MudSelect<string> Select(IRenderedComponent<TransactionsPage> cut, string testId) =>
        cut.FindComponents<MudSelect<string>>().Single(s => Testid(s.Instance) == testId).Instance;

    /// <summary>What the select shows the customer (its input's text).</summary>
    private static string? SelectText(IRenderedComponent<TransactionsPage> cut, string testId) =>
        cut.FindComponents<MudSelect<string>>().Single(s => Testid(s.Instance) == testId).Find("input").GetAttribute("value");
}
