using LeafyBank.Core.Domain;
using LeafyBank.Core.Transactions;
using LeafyBank.Web.Components.Pages.Dashboard;

namespace LeafyBank.Web.Components.Pages.Transactions;

/// <summary>
/// How the page of transactions in view differs from the same page read again after a change elsewhere, in the customer's
/// words; null when nothing they can see changed (most automatic updates bring nothing new to the page in view).
/// </summary>
public static class ListChange
{
    public static string? Between(TransactionPage shown, TransactionPage now)
    {
        if (now.Total == shown.Total && shown.Items.Select(Row).SequenceEqual(now.Items.Select(Row)))
        {
            return null;
        }
        var difference = now.Total - shown.Total;
        return difference switch
        {
            > 0 => $"{DashboardFormat.Plural(difference, "new transaction")} since this list was shown.",
            // Which it was is not known here: a filter on pending payments loses the ones booked since, a deletion loses them all.
            < 0 => $"Since this list was shown, {DashboardFormat.Plural(-difference, "transaction")} {(difference == -1 ? "has" : "have")} left it: " +
                   "pending payments were booked or dropped, or data was deleted.",
            _ => "Since this list was shown, some of its transactions changed: a pending payment was booked, for example.",
        };
    }

    // What the customer sees of a row that can change: which payment it is, its amount and whether it is still pending.
    private static (string Bank, string Id, string Status, decimal Amount) Row(ExternalTransaction transaction) =>
        (transaction.TransactionBank, transaction.TransactionId, transaction.BookingStatus, transaction.Amount);
}
