using LeafyBank.Core.Banking;

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

    /// <summary>How old the figures are, short: "3 hours ago" the same day, the day itself before that.</summary>
    public string? Age(DateTime now) => LastSyncedAt is { } at ? FreshnessView.LastUpdated(at, now) : null;
}
