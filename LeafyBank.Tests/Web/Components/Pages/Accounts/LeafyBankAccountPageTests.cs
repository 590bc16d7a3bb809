using LeafyBank.Web.Components.Pages.Accounts;

namespace LeafyBank.Tests.Web.Components.Pages.Accounts;

/// <summary>
/// A Leafy Bank account's page: Leafy Bank holds no transactions of its own accounts, so the page
/// shows the balance and says plainly where the customer sees the transactions — no "not yet".
/// </summary>
public sealed class LeafyBankAccountPageTests : PersonasTestContext
{
    [Fact]
    public async Task A_leafy_bank_account_shows_its_balance_as_live_and_says_where_its_transactions_are_without_promising_them_later()
    {
        var own = (await Store.Collection(OpenFinanceCollections.InternalAccounts).FindAsync(Frida.UserId, cancellationToken: Cancel))
            .First(a => a.AccountStatus != AccountStatuses.Closed);

        var cut = OpenAccountPage(own.Id);

        cut.WaitForElement("[data-testid=account-title]");
        Assert.Equal(DashboardFormat.Money(own.AccountBalance, own.AccountCurrency), cut.Find("[data-testid=account-balance]").TextContent.Trim());
        Assert.Equal("Live: read as the page loads", cut.Find("[data-testid=account-freshness]").TextContent.Trim());
        var note = cut.Find("[data-testid=internal-no-transactions]").TextContent;
        // Inside Leafy Bank, "this app" and "your Leafy Bank online banking" named two things the customer sees as one.
        Assert.Equal("Here Leafy Bank shows the balance of its own accounts; their payments are not listed. You find them on your Leafy Bank statements.",
            Regex.Replace(note, @"\s+", " ").Trim());
        Assert.DoesNotContain("yet", note, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("not shown", note, StringComparison.OrdinalIgnoreCase);
        // Nothing is asked of the transaction store for an account it holds nothing of.
        Assert.Empty(TransactionQuery.Finds);
        // The page shows the number masked, and its address does not carry it whole either.
        Assert.DoesNotContain(own.AccountNumber, cut.Markup, StringComparison.Ordinal);
    }
}
