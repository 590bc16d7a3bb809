using Bunit;
using LeafyBank.Core.Domain;
using LeafyBank.Core.Transactions;
using LeafyBank.Web.Components.Pages.Transactions;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using TransactionsPage = LeafyBank.Web.Components.Pages.Transactions.Transactions;

namespace LeafyBank.Tests.Components.Dashboard;

/// <summary>The transactions pages ask the query with the right owner and filter, page through it and search it.</summary>
public sealed class TransactionsPageTests : DashboardTestContext
{
    private void SixtyTransactions()
    {
        for (var i = 1; i <= 60; i++)
        {
            var account = i % 2 == 0 ? "204515807" : "330011";
            var description = i % 10 == 0 ? $"Coffee Corner {i}" : $"Green Grocer {i}";
            TransactionQuery.Transactions.Add(Transaction($"T{i}", "Green Bank", account, -i, Now.AddHours(-i),
                i == 1 ? BookingStatuses.Pending : BookingStatuses.Booked, description));
        }
        // Another customer's transaction never shows.
        var graces = Transaction("G1", "Green Bank", "204515807", -5m, Now.AddHours(-1), description: "Coffee for Grace");
        graces.TransactionUser = new PartyReference { UserId = GraceId, UserName = "gracehop" };
        TransactionQuery.Transactions.Add(graces);
    }

    [Fact]
    public void All_transactions_are_read_for_the_signed_in_customer_one_page_at_a_time()
    {
        SixtyTransactions();

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
    public async Task Choosing_a_page_asks_for_that_page_with_the_same_filter()
    {
        SixtyTransactions();
        var cut = Render<TransactionsPage>();
        cut.WaitForElement("[data-testid=transactions-pager]");

        await cut.InvokeAsync(() => cut.FindComponent<MudPagination>().Instance.NavigateToAsync(3));

        cut.WaitForAssertion(() => Assert.Equal("Showing 51–60 of 60 transactions, newest first.", cut.Find("[data-testid=transactions-summary]").TextContent.Trim()));
        Assert.Equal(new TransactionFilter(Page: 3, PageSize: TransactionsPage.PageSize), TransactionQuery.Finds[^1].Filter);
        Assert.Equal(10, cut.FindAll("[data-testid=transactions-list] tbody tr").Count);
    }

    [Fact]
    public void Searching_asks_for_the_first_page_of_matches()
    {
        SixtyTransactions();
        var cut = Render<TransactionsPage>();
        cut.WaitForElement("[data-testid=transactions-pager]");

        cut.Find("input[data-testid=search-input]").Change("  coffee ");
        cut.Find("form[data-testid=transactions-search]").Submit();

        cut.WaitForAssertion(() => Assert.Equal("Showing 1–6 of 6 transactions, newest first.", cut.Find("[data-testid=transactions-summary]").TextContent.Trim()));
        Assert.Equal(new TransactionFilter(Search: "coffee", Page: 1, PageSize: TransactionsPage.PageSize), TransactionQuery.Finds[^1].Filter);
        Assert.All(cut.FindAll("[data-testid=transactions-list] tbody tr"), row => Assert.Contains("Coffee Corner", row.TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=transactions-pager]"));
    }

    [Fact]
    public async Task Filtering_by_booking_status_asks_for_pending_only()
    {
        SixtyTransactions();
        var cut = Render<TransactionsPage>();
        cut.WaitForElement("[data-testid=transactions-list]");

        await cut.InvokeAsync(() => cut.FindComponent<MudToggleGroup<string>>().Instance.ValueChanged.InvokeAsync(BookingStatuses.Pending));

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=transactions-list] tbody tr")));
        Assert.Equal(new TransactionFilter(BookingStatus: BookingStatuses.Pending, PageSize: TransactionsPage.PageSize), TransactionQuery.Finds[^1].Filter);
        Assert.Equal("true", cut.Find("[data-testid=booking-status]").GetAttribute("data-pending"));
    }

    [Fact]
    public void The_account_page_asks_for_that_bank_and_account_only_and_says_when_a_search_finds_nothing()
    {
        SixtyTransactions();

        var cut = Render<TransactionsPage>(p => p.Add(c => c.Bank, "Green Bank").Add(c => c.AccountId, "330011"));

        cut.WaitForElement("[data-testid=transactions-list]");
        Assert.Equal("Green Bank · account 330011", cut.Find("[data-testid=transactions-title]").TextContent.Trim());
        Assert.Equal(new TransactionFilter(Bank: "Green Bank", AccountId: "330011", PageSize: TransactionsPage.PageSize), TransactionQuery.Finds[^1].Filter);
        Assert.Contains("of 30 transactions", cut.Find("[data-testid=transactions-summary]").TextContent, StringComparison.Ordinal);

        cut.Find("input[data-testid=search-input]").Change("nothing like this");
        cut.Find("form[data-testid=transactions-search]").Submit();

        cut.WaitForElement("[data-testid=no-transactions]");
        Assert.Contains("No transactions match your search.", cut.Find("[data-testid=no-transactions]").TextContent, StringComparison.Ordinal);
        Assert.Equal(new TransactionFilter(Bank: "Green Bank", AccountId: "330011", Search: "nothing like this", PageSize: TransactionsPage.PageSize), TransactionQuery.Finds[^1].Filter);
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
        Authorization.SetAuthorized("someone-else");

        var cut = Render<TransactionsPage>();

        cut.WaitForElement("[data-testid=unknown-customer]");
        Assert.Empty(TransactionQuery.Finds);
    }
}
