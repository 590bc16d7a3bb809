namespace LeafyBank.Web.Components.Pages.Dashboard;

/// <summary>
/// A linked bank whose consent leaves transactions out, and the booking day of the newest booked transaction it shared before
/// (under an earlier consent); null when none is stored. Figures worked out from transactions hold that bank's payments
/// up to that day and none after it.
/// </summary>
public sealed record TransactionsNotShared(BankConnection Connection, DateTime? LastSharedAt)
{
    public string Bank => Connection.BankName;
}
