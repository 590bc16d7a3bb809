using LeafyBank.Core.Domain;

namespace LeafyBank.Web.Components.Pages.Connections;

public enum ConnectionStatus
{
    Active,
    ExpiringSoon,
    Expired,
    Revoked,
    Failing,
}

/// <summary>One connection as the Connections page shows it: the bank's latest consent and its sync state.</summary>
public sealed record ConnectionView(string BankId, string BankName, Consent Consent, SyncState? Sync, DateTime Now)
{
    public const int ExpiringSoonDays = 7;

    public int DaysLeft => Math.Max(0, (int)Math.Ceiling((Consent.ValidUntil - Now).TotalDays));

    public bool IsLive => Status is ConnectionStatus.Active or ConnectionStatus.ExpiringSoon or ConnectionStatus.Failing;

    public ConnectionStatus Status =>
        Consent.Status switch
        {
            ConsentStatuses.RevokedByPsu or ConsentStatuses.TerminatedByTpp or ConsentStatuses.Rejected => ConnectionStatus.Revoked,
            ConsentStatuses.Expired => ConnectionStatus.Expired,
            _ when Consent.ValidUntil <= Now => ConnectionStatus.Expired,
            _ when Sync is { LastError: not null } => ConnectionStatus.Failing,
            _ when Consent.ValidUntil - Now <= TimeSpan.FromDays(ExpiringSoonDays) => ConnectionStatus.ExpiringSoon,
            _ => ConnectionStatus.Active,
        };

    public string StatusText => Status switch
    {
        ConnectionStatus.Active => "Active",
        ConnectionStatus.ExpiringSoon => "Expiring soon",
        ConnectionStatus.Expired => "Expired",
        ConnectionStatus.Revoked => "Revoked",
        _ => "Failing",
    };

    /// <summary>The latest consent per bank with that bank's sync state.</summary>
    public static IReadOnlyList<ConnectionView> From(IEnumerable<Consent> consents, IEnumerable<SyncState> states,
        IReadOnlyDictionary<string, string> bankNames, DateTime now)
    {
        var stateByBank = states.GroupBy(s => s.Bank, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        return [.. consents
            .Where(c => c.Status != ConsentStatuses.Received)
            .GroupBy(c => c.Bank, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.StatusChangedAt).First())
            .Select(c => new ConnectionView(c.Bank, bankNames.GetValueOrDefault(c.Bank, c.Bank), c, stateByBank.GetValueOrDefault(c.Bank), now))
            .OrderBy(v => v.BankName, StringComparer.Ordinal)];
    }
}
