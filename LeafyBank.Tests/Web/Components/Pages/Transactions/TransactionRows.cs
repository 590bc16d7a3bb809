using TransactionsPage = LeafyBank.Web.Components.Pages.Transactions.Transactions;

namespace LeafyBank.Tests.Web.Components.Pages.Transactions;

/// <summary>The transactions page's rows as its tests read them: the one row with a given description.</summary>
internal static class TransactionRows
{
    /// <summary>The row whose description is <paramref name="description"/>; fails unless exactly one row has it.</summary>
    public static AngleSharp.Dom.IElement ByDescription(IRenderedComponent<TransactionsPage> cut, string description) =>
        cut.FindAll("[data-testid=transactions-list] tbody tr")
            .Single(row => row.QuerySelector("[data-testid=transaction-description]")!.TextContent.Trim() == description);
}
