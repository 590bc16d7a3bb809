using System.Globalization;
using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence;
using MongoDB.Bson;

namespace LeafyBank.Core.Banking;

/// <summary>Where a connection stands, as the customer sees it.</summary>
public enum ConnectionStatus
{
    Active,
    ExpiringSoon,
    Expired,
    Revoked,
    Failing,
}

/// <summary>
/// One connection: the customer's latest consent at a bank and that bank's sync state. The one
/// definition of "expiring soon", "failing" and the rest, shared by the Connections page and the
/// banner every page shows.
/// </summary>
public sealed record ConnectionSummary(string BankId, Consent Consent, SyncState? Sync, DateTime Now)
{
    /// <summary>Warn this many days before a consent ends (Plaid and the UK's 90-day rule warn a week ahead).</summary>
    public const int ExpiringSoonDays = 7;

    public int DaysLeft => Math.Max(0, (int)Math.Ceiling((Consent.ValidUntil - Now).TotalDays));

    /// <summary>Leafy Bank may still read the bank under this consent.</summary>
    public bool IsLive => Status is ConnectionStatus.Active or ConnectionStatus.ExpiringSoon or ConnectionStatus.Failing;

    /// <summary>A renewal replaces this consent: it is live, or it ran out (rather than being ended by the customer).</summary>
    public bool CanRenew => IsLive || Status == ConnectionStatus.Expired;

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

    /// <summary>The latest granted consent per bank with that bank's sync state.</summary>
    public static IReadOnlyList<ConnectionSummary> From(IEnumerable<Consent> consents, IEnumerable<SyncState> states, DateTime now)
    {
        var stateByBank = states.GroupBy(s => s.Bank, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        return [.. consents
            .Where(c => c.Status != ConsentStatuses.Received)
            .GroupBy(c => c.Bank, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.StatusChangedAt).First())
            .Select(c => new ConnectionSummary(c.Bank, c, stateByBank.GetValueOrDefault(c.Bank), now))];
    }
}

public enum ConnectionAlertKind
{
    ExpiringSoon,
    Expired,
    Failing,
}

/// <summary>A connection that needs the customer: what is wrong, in words, and which fix to offer.</summary>
public sealed record ConnectionAlert(string BankId, string BankName, ConnectionAlertKind Kind, DateTime ValidUntil, int DaysLeft, string Message);

/// <summary>
/// Reads the signed-in customer's connections (owner-scoped: only their consents and sync states)
/// and says which of them need attention.
/// </summary>
public sealed class ConnectionOverview(IDocumentStore store, IBankDirectory directory, TimeProvider timeProvider)
{
    /// <summary>
    /// An expired consent stays in the banner this long; after that the customer has evidently
    /// chosen to let it go, and the Connections page still shows it.
    /// </summary>
    public static readonly TimeSpan ExpiredAlertPeriod = TimeSpan.FromDays(30);

    public async Task<IReadOnlyList<ConnectionSummary>> ListAsync(ObjectId ownerId, CancellationToken cancellationToken = default)
    {
        var consents = await store.Collection(OpenFinanceCollections.Consents).FindAsync(ownerId, cancellationToken: cancellationToken);
        if (consents.Count == 0)
        {
            return [];
        }
        var states = await store.Collection(OpenFinanceCollections.SyncStates).FindAsync(ownerId, cancellationToken: cancellationToken);
        return ConnectionSummary.From(consents, states, timeProvider.GetUtcNow().UtcDateTime);
    }

    /// <summary>The customer's connection at one bank, or null when they never connected it.</summary>
    public async Task<ConnectionSummary?> FindAsync(ObjectId ownerId, string bankId, CancellationToken cancellationToken = default) =>
        (await ListAsync(ownerId, cancellationToken)).FirstOrDefault(c => string.Equals(c.BankId, bankId, StringComparison.OrdinalIgnoreCase));

    /// <summary>One alert per connection that expires within <see cref="ConnectionSummary.ExpiringSoonDays"/> days, has expired recently, or is failing.</summary>
    public async Task<IReadOnlyList<ConnectionAlert>> AlertsAsync(ObjectId ownerId, CancellationToken cancellationToken = default)
    {
        var alerts = new List<ConnectionAlert>();
        foreach (var connection in await ListAsync(ownerId, cancellationToken))
        {
            var kind = connection.Status switch
            {
                ConnectionStatus.ExpiringSoon => ConnectionAlertKind.ExpiringSoon,
                ConnectionStatus.Failing => ConnectionAlertKind.Failing,
                ConnectionStatus.Expired when connection.Now - connection.Consent.ValidUntil <= ExpiredAlertPeriod => ConnectionAlertKind.Expired,
                _ => (ConnectionAlertKind?)null,
            };
            if (kind is not { } alertKind)
            {
                continue;
            }
            var name = await BankNameAsync(connection.BankId, cancellationToken);
            alerts.Add(new ConnectionAlert(connection.BankId, name, alertKind, connection.Consent.ValidUntil, connection.DaysLeft,
                MessageFor(alertKind, name, connection)));
        }
        // The most urgent first: failures and ended consents, then the soonest to end.
        return [.. alerts.OrderBy(a => a.Kind == ConnectionAlertKind.ExpiringSoon).ThenBy(a => a.ValidUntil).ThenBy(a => a.BankName, StringComparer.Ordinal)];
    }

    /// <summary>The bank's name from the directory, or its id when the directory cannot be read (an alert must not fail on that).</summary>
    public Task<string> BankNameAsync(string bankId, CancellationToken cancellationToken = default) =>
        directory.NameOrIdAsync(bankId, cancellationToken);

    private static string MessageFor(ConnectionAlertKind kind, string bankName, ConnectionSummary connection) => kind switch
    {
        ConnectionAlertKind.ExpiringSoon => connection.DaysLeft <= 1
            ? $"Your consent at {bankName} ends within a day ({Day(connection.Consent.ValidUntil)}). Renew it to keep your {bankName} data up to date."
            : $"Your consent at {bankName} ends in {connection.DaysLeft} days ({Day(connection.Consent.ValidUntil)}). Renew it to keep your {bankName} data up to date.",
        ConnectionAlertKind.Expired =>
            $"Your consent at {bankName} ended on {Day(connection.Consent.ValidUntil)}, so Leafy Bank no longer updates it. Reconnect to resume.",
        _ => $"Updating {bankName} failed: {connection.Sync?.LastError}",
    };

    private static string Day(DateTime at) => at.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
}
