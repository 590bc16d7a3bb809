using TransactionsPage = LeafyBank.Web.Components.Pages.Transactions.Transactions;

namespace LeafyBank.Tests.Web.Components.Pages.Transactions;

/// <summary>
/// An open transactions page hears a change made elsewhere (a sync in the background or another tab, a deletion) and says how
/// the list in view differs, with a button to show it: the rows do not move while the customer reads them, and an update that
/// changes nothing on the page says nothing.
/// </summary>
public sealed class TransactionsLiveUpdateTests : PersonasTestContext
{
    private async Task<IRenderedComponent<TransactionsPage>> ThreePaymentsShownAsync()
    {
        for (var i = 1; i <= 3; i++)
        {
            await AddAsync(Transaction($"T{i}", "Green Bank", "204515807", -10m * i, Now.AddHours(-i), description: $"Green Grocer {i}"));
        }
        var cut = Render<TransactionsPage>();
        cut.WaitForElement("[data-testid=transactions-list]");
        return cut;
    }

    private static string SummaryOf(IRenderedComponent<TransactionsPage> cut) => cut.Find("[data-testid=transactions-summary]").TextContent.Trim();

    [Fact]
    public async Task New_payments_from_a_sync_elsewhere_are_announced_and_shown_only_when_the_customer_asks()
    {
        var cut = await ThreePaymentsShownAsync();

        await AddAsync(Transaction("T4", "Green Bank", "204515807", -44m, Now.AddMinutes(-5), description: "Corner Bakery"));
        await AddAsync(Transaction("T5", "Green Bank", "204515807", -55m, Now.AddMinutes(-4), description: "Book Shop"));
        Notifier.Publish(FridaId);

        cut.WaitForAssertion(() => Assert.Equal("2 new transactions since this list was shown.", cut.Find("[data-testid=list-changed] [role=status]").TextContent.Trim()));
        // The rows stay as they were until asked.
        Assert.Equal("Showing 1–3 of 3 transactions, newest first.", SummaryOf(cut));
        Assert.DoesNotContain("Corner Bakery", cut.Markup, StringComparison.Ordinal);

        await cut.InvokeAsync(() => cut.Find("[data-testid=show-updated-list]").Click());

        cut.WaitForAssertion(() => Assert.Equal("Showing 1–5 of 5 transactions, newest first.", SummaryOf(cut)));
        Assert.Contains("Corner Bakery", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=list-changed]"));
    }

    [Fact]
    public async Task An_update_that_changes_nothing_in_the_list_says_nothing_but_the_list_was_asked_again()
    {
        var cut = await ThreePaymentsShownAsync();
        var findsBefore = TransactionQuery.Finds.Count;

        Notifier.Publish(FridaId);

        cut.WaitForAssertion(() => Assert.Equal(findsBefore + 1, TransactionQuery.Finds.Count));
        Assert.Empty(cut.FindAll("[data-testid=list-changed]"));
    }

    [Fact]
    public async Task Payments_deleted_elsewhere_and_a_pending_payment_booked_are_each_said_in_words()
    {
        await AddAsync(Transaction("P1", "Green Bank", "204515807", -7m, Now.AddMinutes(-30), status: BookingStatuses.Pending, description: "Corner Bakery"));
        var cut = await ThreePaymentsShownAsync();

        // The bank booked the pending payment under a new id, as banks do: the same number of rows, one of them changed.
        await Store.Collection(OpenFinanceCollections.ExternalTransactions).DeleteAsync(FridaId, t => t.TransactionId == "P1", Cancel);
        await AddAsync(Transaction("B1", "Green Bank", "204515807", -7m, Now.AddMinutes(-30), description: "Corner Bakery"));
        Notifier.Publish(FridaId);

        cut.WaitForAssertion(() => Assert.Equal("Since this list was shown, some of its transactions changed: a pending payment was booked, for example.",
            cut.Find("[data-testid=list-changed] [role=status]").TextContent.Trim()));

        await Store.Collection(OpenFinanceCollections.ExternalTransactions).DeleteAsync(FridaId, cancellationToken: Cancel);
        Notifier.Publish(FridaId);

        cut.WaitForAssertion(() => Assert.Equal("Since this list was shown, 4 transactions have left it: pending payments were booked or dropped, or data was deleted.",
            cut.Find("[data-testid=list-changed] [role=status]").TextContent.Trim()));
    }

    [Fact]
    public async Task Another_customers_update_is_not_heard()
    {
        var cut = await ThreePaymentsShownAsync();
        var findsBefore = TransactionQuery.Finds.Count;

        Notifier.Publish(GraceId);
        // Frida's own update after Grace's: once it is answered, Grace's would have been too.
        Notifier.Publish(FridaId);

        cut.WaitForAssertion(() => Assert.Equal(findsBefore + 1, TransactionQuery.Finds.Count));
        Assert.All(TransactionQuery.Finds, find => Assert.Equal(FridaId, find.Owner));
    }

    [Fact]
    public async Task Choosing_another_page_or_filter_after_an_announcement_reads_the_list_and_its_choices_afresh_and_clears_it()
    {
        var cut = await ThreePaymentsShownAsync();
        await AddAsync(Transaction("T9", "Donau Bank", "AT-1", -9m, Now.AddMinutes(-1), description: "Vienna Cafe", category: "Eating out"));
        Notifier.Publish(FridaId);
        cut.WaitForElement("[data-testid=list-changed]");

        Services.GetRequiredService<NavigationManager>().NavigateTo("transactions?category=Eating%20out");

        cut.WaitForAssertion(() => Assert.Equal("Showing 1–1 of 1 transaction, newest first.", SummaryOf(cut)));
        Assert.Empty(cut.FindAll("[data-testid=list-changed]"));
        // The category came with the new payment: the filters offer it, as they would after a reload.
        Assert.Contains("Eating out", cut.Find("[data-testid=active-filter]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=filter-problem]"));
    }
}
