using LeafyBank.Core.Banking;
using LeafyBank.Core.Domain;

namespace LeafyBank.Web.Components.Pages.Connections;

/// <summary>One connection as the Connections page shows it: Core's <see cref="ConnectionSummary"/> plus the bank's name.</summary>
public sealed record ConnectionView(ConnectionSummary Summary, string BankName)
{
    public string BankId => Summary.BankId;

    public Consent Consent => Summary.Consent;

    public SyncState? Sync => Summary.Sync;

    public int DaysLeft => Summary.DaysLeft;

    public bool IsLive => Summary.IsLive;

    public bool CanRenew => Summary.CanRenew;

    public ConnectionStatus Status => Summary.Status;

    public string StatusText => Status switch
    {
        ConnectionStatus.Active => "Active",
        ConnectionStatus.ExpiringSoon => "Expiring soon",
        ConnectionStatus.Expired => "Expired",
        ConnectionStatus.Revoked => "Revoked",
        _ => "Failing",
    };

    /// <summary>Where the renew (or reconnect) flow for a bank starts: the review page with that bank chosen.</summary>
    public static string RenewHref(string bankId) => $"connections/new?bank={Uri.EscapeDataString(bankId)}";
}
