using LeafyBank.Core.Banking;
using LeafyBank.Web.Components.Formatting;

namespace LeafyBank.Web.Components.Pages.Dashboard;

/// <summary>One bank other than Leafy Bank in the position, with its connection when it could be read.</summary>
public sealed record BankSource(string Bank, DateTime? LastSyncedAt, BankConnection? Connection)
{
    /// <summary>
    /// The consent is in force. Without a connection (the states could not be read) the bank is
    /// taken as linked, as the position alone cannot tell otherwise.
    /// </summary>
    public bool IsLinked => Connection?.Status is not (ConnectionStatus.ReadOnly or ConnectionStatus.Expired or ConnectionStatus.Revoked or ConnectionStatus.Deleted);

    /// <summary>Leafy Bank reads it on schedule: linked, and not refused for sending someone else's accounts.</summary>
    public bool IsUpdated => IsLinked && Connection?.Status != ConnectionStatus.AccountsRefused;

    /// <summary>Why a bank's figures are not updated any more, in a few words; null while they are.</summary>
    public string? NotUpdatedBecause => Connection?.Status switch
    {
        ConnectionStatus.ReadOnly => "disconnected",
        ConnectionStatus.Expired => "consent expired",
        ConnectionStatus.Revoked => "consent revoked at the bank",
        ConnectionStatus.Deleted => "disconnected, data being deleted",
        ConnectionStatus.AccountsRefused => "not updated: the bank sent someone else's accounts",
        _ => null,
    };

    /// <summary>What became of a bank that is no longer linked, as a clause: "Green Bank's data is kept read-only".</summary>
    public string NoLongerLinkedClause => Connection?.Status switch
    {
        ConnectionStatus.Expired => $"{Bank}'s consent expired; its data is kept, not updated",
        ConnectionStatus.Revoked => $"{Bank}'s consent was revoked at the bank; its data is kept, not updated",
        ConnectionStatus.Deleted => $"{Bank}'s data is being deleted",
        _ => $"{Bank}'s data is kept read-only",
    };

    /// <summary>
    /// What this bank's pending payments are worth, for a bank Leafy Bank no longer updates: they are
    /// as the bank last sent them, and nothing will come to book or drop them here. Null while the
    /// bank is updated (its pending payments may still change or disappear). When Leafy Bank last
    /// updated the bank is said as everywhere on the dashboard (<see cref="DashboardFormat.When"/>),
    /// in the customer's <paramref name="zone"/>.
    /// </summary>
    public string? PendingNotUpdatedAt(DateTime now, TimeZoneInfo zone) => PendingNotUpdatedSentence(
        LastSyncedAt is { } at ? $"are as Leafy Bank last updated them, {DashboardFormat.When(at, now, zone)}" : "are as Leafy Bank last updated them");

    private string? PendingNotUpdatedSentence(string asOf) => IsUpdated
        ? null
        : $"{Bank}'s pending payments {asOf}. " +
          $"Leafy Bank no longer receives updates from {Bank} ({NotUpdatedBecause}), so they will not change here, even if {Bank} has since booked or dropped them.";

    /// <summary>A bank as a page without the position knows it: its connection, its figures as of the connection's last update.</summary>
    public static BankSource Of(BankConnection connection) => new(connection.BankName, connection.DataAsOf, connection);
}
