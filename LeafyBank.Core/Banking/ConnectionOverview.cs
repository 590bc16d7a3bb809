using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence;
using MongoDB.Bson;

namespace LeafyBank.Core.Banking;

/// <summary>Where a connection stands, as the customer sees it: one lifecycle for cards, banner, dashboard and API.</summary>
public enum ConnectionStatus
{
    /// <summary>Leafy Bank reads the bank under a live consent.</summary>
    Active,
    /// <summary>Live, and the consent ends within <see cref="ConnectionSummary.ExpiringSoonDays"/> days.</summary>
    ExpiringSoon,
    /// <summary>The consent ran out; the data already read is kept.</summary>
    Expired,
    /// <summary>Ended at the bank (the customer revoked it there, or the bank refused it); the data already read is kept.</summary>
    Revoked,
    /// <summary>The customer disconnected and kept the data: it stays, read-only, and is no longer updated.</summary>
    ReadOnly,
    /// <summary>The customer disconnected, and no data from the bank is kept any more.</summary>
    Deleted,
    /// <summary>Live, but the last update failed because the bank erred.</summary>
    Failing,
    /// <summary>
    /// The bank sent accounts held by someone else (<c>AccountHolderCheck</c>): nothing from them was
    /// stored, and no retry can help. The consent is still valid at the bank until the customer
    /// disconnects or connects again, signing in at the bank as themselves.
    /// </summary>
    AccountsRefused,
}

/// <summary>The one thing a connection in its state asks of the customer.</summary>
public enum ConnectionAction
{
    /// <summary>Nothing needed; "Sync now" fetches the latest.</summary>
    SyncNow,
    /// <summary>A live consent that ends soon: renew it.</summary>
    Renew,
    /// <summary>Try the bank again (it erred).</summary>
    TryAgain,
    /// <summary>The consent ended (expired or revoked at the bank): connect the bank again, as a new connection.</summary>
    Reconnect,
    /// <summary>Read-only data the customer may now want gone.</summary>
    DeleteData,
    /// <summary>Nothing is kept: connecting again starts afresh.</summary>
    ConnectAgain,
    /// <summary>
    /// The bank sent someone else's accounts: disconnect, or connect again (a new connection, with a
    /// fresh sign-in at the bank). Never "try again": the same consent would send the same accounts.
    /// </summary>
    DisconnectOrConnectAgain,
}

/// <summary>
/// One connection: the customer's latest consent at a bank, that bank's sync state and what Leafy
/// Bank stores from it now. The one definition of "expiring soon", "failing", "read-only" and the
/// rest, shared by the Connections page, the banner every page shows, the dashboard and the API.
/// </summary>
public sealed record ConnectionSummary(string BankId, Consent Consent, SyncState? Sync, DateTime Now)
{
    /// <summary>Warn this many days before a consent ends (Plaid and the UK's 90-day rule warn a week ahead).</summary>
    public const int ExpiringSoonDays = 7;

    /// <summary>The bank's name (its id when the directory could not say).</summary>
    public string BankName { get; init; } = BankId;

    /// <summary>The accounts from this bank stored in Leafy Bank now (not the ids the consent once named).</summary>
    public IReadOnlyList<ExternalAccount> Accounts { get; init; } = [];

    /// <summary>How many products (loans, mortgages) from this bank are stored now.</summary>
    public int Products { get; init; }

    /// <summary>
    /// The loans and mortgages from this bank stored now, when they were read (the full <c>ListAsync</c>);
    /// empty where a caller only counted them (<see cref="Products"/> holds the count either way).
    /// </summary>
    public IReadOnlyList<ExternalProduct> Loans { get; init; } = [];

    private readonly int? accountCount;

    /// <summary>
    /// How many accounts from this bank are stored now: those in <see cref="Accounts"/>, or the number a
    /// caller had already counted when the accounts themselves were not read (<see cref="StoredHoldings"/>).
    /// </summary>
    public int AccountCount
    {
        get => accountCount ?? Accounts.Count;
        init => accountCount = value;
    }

    /// <summary>Whether any data from this bank is stored now.</summary>
    public bool HasData => AccountCount > 0 || Products > 0;

    public int DaysLeft => Math.Max(0, (int)Math.Ceiling((Consent.ValidUntil - Now).TotalDays));

    /// <summary>Leafy Bank may still read the bank under this consent.</summary>
    public bool IsLive => Status is ConnectionStatus.Active or ConnectionStatus.ExpiringSoon or ConnectionStatus.Failing;

    /// <summary>
    /// The consent is still valid at the bank, so the customer can end it there: a live connection, or one
    /// whose accounts were refused (Leafy Bank no longer reads it, but the bank would still answer).
    /// </summary>
    public bool CanDisconnect => IsLive || Status == ConnectionStatus.AccountsRefused;

    /// <summary>The last update was refused because the accounts were not the customer's (and nothing has succeeded since).</summary>
    public static bool IsRefusal(SyncState? sync) =>
        sync is { LastError: not null } && sync.LastFailureKind == nameof(BankFailureKind.NotTheCustomersAccounts);

    /// <summary>
    /// A new consent at this bank would replace this one (a renewal): only a live one. A consent that ended
    /// (ran out, was revoked at the bank or ended by the customer) is followed by a new connection instead.
    /// Whether renewing is worth offering yet is <see cref="IsRenewalDue"/>.
    /// </summary>
    public bool CanRenew => IsLive;

    /// <summary>The number of days the customer chose for this consent (what the bank granted, counted in whole days).</summary>
    public int ChosenValidityDays => Math.Max(1, (Consent.ValidUntil.Date - Consent.CreatedAt.Date).Days);

    /// <summary>
    /// Renewal opens at most this many days before a consent ends. A renewal starts a new term from
    /// today, so early on it gives nothing: renewed on the day of connecting, a consent ends on the
    /// very same day as before. A month ahead leaves a customer who looks at their money once a month
    /// time to act, and renewing then still adds two thirds of a 90-day term (UK Open Banking's
    /// reconfirmation period). A shorter term opens in its last third (<see cref="RenewalWindowDays"/>),
    /// and never later than <see cref="ExpiringSoonDays"/> before its end, when the banner asks the customer to renew.
    /// </summary>
    public const int MaxRenewalWindowDays = 30;

    /// <summary>
    /// How many days before its end this consent may be renewed: the last third of its term, at
    /// least <see cref="ExpiringSoonDays"/> and at most <see cref="MaxRenewalWindowDays"/>
    /// (a 30-day consent: 10 days; 90 or 180 days: 30). Renewing inside it always adds at least
    /// two thirds of the term chosen.
    /// </summary>
    public int RenewalWindowDays => Math.Clamp(ChosenValidityDays / 3, ExpiringSoonDays, MaxRenewalWindowDays);

    /// <summary>From when renewing this consent is offered (<see cref="RenewalWindowDays"/> before it ends).</summary>
    public DateTime RenewalOpensAt => Consent.ValidUntil.AddDays(-RenewalWindowDays);

    /// <summary>
    /// Renewing now would extend access meaningfully: the connection is live and inside its renewal
    /// window. Before that the Connections page says until when access runs and when renewal opens;
    /// a new consent is still possible then, to share different data or for longer (see <see cref="CanRenew"/>).
    /// </summary>
    public bool IsRenewalDue => IsLive && Now >= RenewalOpensAt;

    public ConnectionStatus Status =>
        Consent.Status switch
        {
            ConsentStatuses.TerminatedByTpp => HasData ? ConnectionStatus.ReadOnly : ConnectionStatus.Deleted,
            ConsentStatuses.RevokedByPsu or ConsentStatuses.Rejected => ConnectionStatus.Revoked,
            ConsentStatuses.Expired => ConnectionStatus.Expired,
            _ when Consent.ValidUntil <= Now => ConnectionStatus.Expired,
            _ when IsRefusal(Sync) => ConnectionStatus.AccountsRefused,
            _ when Sync is { LastError: not null } => ConnectionStatus.Failing,
            _ when Consent.ValidUntil - Now <= TimeSpan.FromDays(ExpiringSoonDays) => ConnectionStatus.ExpiringSoon,
            _ => ConnectionStatus.Active,
        };

    /// <summary>
    /// What the banner on every page says of this connection, or null when it says nothing: a consent
    /// ending soon, a failing or refused update, or a consent that ended within
    /// <see cref="ConnectionOverview.ExpiredAlertPeriod"/>. Pages that show the banner word these
    /// states once, there, and say here only what they mean for their own figures.
    /// </summary>
    public ConnectionAlertKind? AlertKind
    {
        get
        {
            var recentlyEnded = EndedAt is { } ended && Now - ended <= ConnectionOverview.ExpiredAlertPeriod;
            return Status switch
            {
                ConnectionStatus.ExpiringSoon => ConnectionAlertKind.ExpiringSoon,
                ConnectionStatus.Failing => ConnectionAlertKind.Failing,
                ConnectionStatus.AccountsRefused => ConnectionAlertKind.AccountsRefused,
                ConnectionStatus.Expired when recentlyEnded => ConnectionAlertKind.Expired,
                ConnectionStatus.Revoked when recentlyEnded => ConnectionAlertKind.Revoked,
                _ => null,
            };
        }
    }

    /// <summary>What the customer should do next, in this state.</summary>
    public ConnectionAction Action => Status switch
    {
        ConnectionStatus.ExpiringSoon => ConnectionAction.Renew,
        ConnectionStatus.Failing => ConnectionAction.TryAgain,
        ConnectionStatus.Expired or ConnectionStatus.Revoked => ConnectionAction.Reconnect,
        ConnectionStatus.ReadOnly => ConnectionAction.DeleteData,
        ConnectionStatus.Deleted => ConnectionAction.ConnectAgain,
        ConnectionStatus.AccountsRefused => ConnectionAction.DisconnectOrConnectAgain,
        _ => ConnectionAction.SyncNow,
    };

    /// <summary>The state in a word or two.</summary>
    public string StatusText => Status switch
    {
        ConnectionStatus.Active => "Active",
        ConnectionStatus.ExpiringSoon => "Expiring soon",
        ConnectionStatus.Expired => "Expired",
        ConnectionStatus.Revoked => "Revoked at the bank",
        ConnectionStatus.ReadOnly => "Disconnected, read-only",
        ConnectionStatus.Deleted => "Disconnected",
        ConnectionStatus.AccountsRefused => "Not your accounts",
        _ => "Update failing",
    };

    /// <summary>
    /// When the consent ended, for a connection that is no longer live: its last day when it ran
    /// out, otherwise the day Leafy Bank learnt it was ended. Null while it is live.
    /// </summary>
    public DateTime? EndedAt => Status switch
    {
        ConnectionStatus.Expired => Consent.ValidUntil <= Now ? Consent.ValidUntil : Consent.StatusChangedAt,
        ConnectionStatus.Revoked or ConnectionStatus.ReadOnly or ConnectionStatus.Deleted => Consent.StatusChangedAt,
        _ => null,
    };

    /// <summary>When the figures stored from this bank were read: the last successful update, else the newest stored document.</summary>
    public DateTime? DataAsOf => Sync?.LastSuccessAt
                                 ?? Accounts.Select(a => a.Source?.RetrievedAt).Where(at => at is not null).Max();

    /// <summary>One sentence: what this state means for the customer's data, with its true dates (UTC days: the data API's and the sync's own words).</summary>
    public string Explanation => ExplanationIn(DayFormat.Of);

    /// <summary>
    /// <see cref="Explanation"/> with <paramref name="day"/> wording the day of an instant (when the customer disconnected, deleted
    /// their data): the customer's own day on a page, where "on 4 Dec" must agree with the card's "Ended on 4 Dec" beside it.
    /// The consent's last day is a calendar date and is never moved.
    /// </summary>
    public string ExplanationIn(Func<DateTime, string> day) => Status switch
    {
        ConnectionStatus.ExpiringSoon => DaysLeft <= 1
            ? $"Your consent at {BankName} ends within a day ({DayFormat.Of(Consent.ValidUntil)}). Renew it to keep your {BankName} data up to date."
            : $"Your consent at {BankName} ends in {DaysLeft} days ({DayFormat.Of(Consent.ValidUntil)}). Renew it to keep your {BankName} data up to date.",
        ConnectionStatus.Failing => $"Updating {BankName} failed: {Sync?.LastError}",
        ConnectionStatus.AccountsRefused =>
            $"{BankName} sent accounts that are in someone else's name, so Leafy Bank did not store them{RefusedKeptClause}. " +
            $"Someone else may have been signed in at {BankName} in this browser. Disconnect {BankName}, or connect it again and sign in at {BankName} as yourself.",
        ConnectionStatus.Expired =>
            $"Your consent at {BankName} ended on {(EndedAt == Consent.ValidUntil ? DayFormat.Of(Consent.ValidUntil) : day(EndedAt!.Value))}, so Leafy Bank no longer updates it{KeptClause(day)}. Reconnect to resume.",
        ConnectionStatus.Revoked =>
            $"{BankName} no longer lets Leafy Bank read your data: the consent was ended at {BankName}{KeptClause(day)}. Reconnect to resume.",
        ConnectionStatus.ReadOnly =>
            $"{EndedByTheCustomer(day)} Its data stays read-only in Leafy Bank and is no longer updated.",
        ConnectionStatus.Deleted when Consent.KeptDataDeletedAt is not null && Consent.EndReason is null => EndedByTheCustomer(day),
        ConnectionStatus.Deleted =>
            $"{EndedByTheCustomer(day)} No {BankName} data is kept in Leafy Bank.",
        _ => $"Leafy Bank reads {BankName} for you until {DayFormat.Of(Consent.ValidUntil)}.",
    };

    /// <summary>
    /// The answer to an update asked of this connection once it is no longer live: a page opened before it ended (in another
    /// tab, or on another device) still offered "Sync now". Says what happened and when, to the minute (it may have been
    /// moments ago, elsewhere), what became of the data, and what to do next. <paramref name="moment"/> words an instant: UTC
    /// in the sync's own answer, the customer's zone on a page. An expired or revoked connection answers with its
    /// <see cref="Explanation"/>, which already says all of that.
    /// </summary>
    public string NotUpdatedExplanation(Func<DateTime, string> moment)
    {
        ArgumentNullException.ThrowIfNull(moment);
        return Status switch
        {
            ConnectionStatus.ReadOnly =>
                $"{BankName} was disconnected on {moment(EndedAt!.Value)}. {KeptHoldings} kept as last read and no longer updated. " +
                $"Reconnect {BankName} to update them.",
            ConnectionStatus.Deleted when Consent.EndReason == ConsentEndReasons.LinkedDataDeleted =>
                $"{BankName} was disconnected on {moment(EndedAt!.Value)}, when all your linked data was deleted. Connect {BankName} again to see its accounts.",
            ConnectionStatus.Deleted =>
                $"{BankName} was disconnected on {moment(EndedAt!.Value)}" +
                (Consent.KeptDataDeletedAt is { } deleted
                    ? $"; the data kept from it was deleted on {moment(deleted)}, with all your linked data."
                    : $", and no {BankName} data is kept in Leafy Bank.") +
                $" Connect {BankName} again to see its accounts.",
            _ => Explanation,
        };
    }

    /// <summary>What a read-only connection keeps, as a sentence's subject: its accounts, its loans, or both.</summary>
    private string KeptHoldings => (AccountCount > 0, Products > 0) switch
    {
        (true, true) => "Its accounts and loans are",
        (false, true) => "Its loans are",
        _ => "Its accounts are",
    };

    /// <summary>What the customer did that ended a consent Leafy Bank terminated: disconnected this bank, or deleted all their linked data.</summary>
    private string EndedByTheCustomer(Func<DateTime, string> day) => Consent switch
    {
        { EndReason: ConsentEndReasons.LinkedDataDeleted } =>
            $"You deleted all your linked data on {day(EndedAt!.Value)}, which ended the consent at {BankName}.",
        // "No data is kept" alone would leave the customer wondering where the data they chose to keep went.
        { KeptDataDeletedAt: { } deleted } when !HasData =>
            $"You disconnected {BankName} on {day(EndedAt!.Value)} and kept its data; you deleted it on {day(deleted)} " +
            "when you deleted all your linked data.",
        _ => $"You disconnected {BankName} on {day(EndedAt!.Value)}.",
    };

    private string KeptClause(Func<DateTime, string> day) => HasData ? "; the data already here is kept"
        : Consent.KeptDataDeletedAt is { } deleted ? $"; the data read before was deleted on {day(deleted)}, when you deleted all your linked data"
        : "";

    private string RefusedKeptClause => HasData ? $" (the {BankName} data read before is kept, and no longer updated)" : " and nothing from them is kept";


    /// <summary>The latest granted consent per bank with that bank's sync state (no names, no stored data: see <see cref="ConnectionOverview"/>).</summary>
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
    /// <summary>The consent was ended at the bank: only a new connection brings updates back.</summary>
    Revoked,
    Failing,
    /// <summary>The bank sent someone else's accounts: disconnect, or connect again as yourself.</summary>
    AccountsRefused,
}

/// <summary>A connection that needs the customer: what is wrong, in words, and which fix to offer.</summary>
public sealed record ConnectionAlert(string BankId, string BankName, ConnectionAlertKind Kind, DateTime ValidUntil, int DaysLeft, string Message);

/// <summary>
/// Reads the signed-in customer's connections (owner-scoped: only their consents, sync states and
/// linked documents) and says which of them need attention.
/// </summary>
public sealed class ConnectionOverview(IDocumentStore store, IBankDirectory directory, TimeProvider timeProvider)
{
    /// <summary>
    /// An ended consent (expired or revoked at the bank) stays in the banner this long; after that
    /// the customer has evidently chosen to let it go, and the Connections page still shows it.
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
        // Linked documents carry the bank's name, consents its id: the directory joins the two.
        var accounts = (await store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(ownerId, cancellationToken: cancellationToken))
            .ToLookup(a => a.AccountBank, StringComparer.Ordinal);
        var products = (await store.Collection(OpenFinanceCollections.ExternalProducts).FindAsync(ownerId, cancellationToken: cancellationToken))
            .ToLookup(p => p.ProductBank, StringComparer.Ordinal);
        return await NamedAsync(consents, states, (summary, name) => summary with
        {
            Accounts = [.. accounts[name].OrderBy(a => a.AccountType, StringComparer.Ordinal).ThenBy(a => a.AccountId, StringComparer.Ordinal)],
            Products = products[name].Count(),
            Loans = [.. products[name].OrderBy(p => p.ProductType, StringComparer.Ordinal).ThenBy(p => p.ProductId, StringComparer.Ordinal)],
        }, cancellationToken);
    }

    /// <summary>
    /// The connections, for a caller that has just counted what is stored per bank (the dashboard's
    /// global position): only the consents and sync states are read, not the accounts and products
    /// a second time. The summaries list no accounts; their <see cref="ConnectionSummary.AccountCount"/>
    /// and <see cref="ConnectionSummary.Products"/> are the caller's counts.
    /// </summary>
    /// <param name="holdingsByBankName">What is stored per bank, keyed by the bank's name as the documents carry it.</param>
    public async Task<IReadOnlyList<ConnectionSummary>> ListAsync(ObjectId ownerId, IReadOnlyDictionary<string, StoredHoldings> holdingsByBankName,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(holdingsByBankName);
        var consents = await store.Collection(OpenFinanceCollections.Consents).FindAsync(ownerId, cancellationToken: cancellationToken);
        if (consents.Count == 0)
        {
            return [];
        }
        var states = await store.Collection(OpenFinanceCollections.SyncStates).FindAsync(ownerId, cancellationToken: cancellationToken);
        return await NamedAsync(consents, states, (summary, name) => holdingsByBankName.TryGetValue(name, out var held)
            ? summary with { AccountCount = held.Accounts, Products = held.Products }
            : summary with { AccountCount = 0, Products = 0 }, cancellationToken);
    }

    /// <summary>Each bank's latest consent with its sync state, named by the directory and given what is stored from it.</summary>
    private async Task<IReadOnlyList<ConnectionSummary>> NamedAsync(IReadOnlyList<Consent> consents, IReadOnlyList<SyncState> states,
        Func<ConnectionSummary, string, ConnectionSummary> withStoredData, CancellationToken cancellationToken)
    {
        var connections = new List<ConnectionSummary>();
        foreach (var summary in ConnectionSummary.From(consents, states, timeProvider.GetUtcNow().UtcDateTime))
        {
            var name = await directory.NameOrIdAsync(summary.BankId, cancellationToken);
            if (name == summary.BankId && summary.Sync?.BankName is { Length: > 0 } recorded)
            {
                // The directory could not say; the last sync wrote down the name its documents carry.
                name = recorded;
            }
            connections.Add(withStoredData(summary with { BankName = name }, name));
        }
        return [.. connections.OrderBy(c => c.BankName, StringComparer.Ordinal)];
    }

    /// <summary>The customer's connection at one bank, or null when they never connected it.</summary>
    public async Task<ConnectionSummary?> FindAsync(ObjectId ownerId, string bankId, CancellationToken cancellationToken = default) =>
        (await ListAsync(ownerId, cancellationToken)).FirstOrDefault(c => string.Equals(c.BankId, bankId, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// One alert per connection that expires within <see cref="ConnectionSummary.ExpiringSoonDays"/>
    /// days, ended recently (expired or revoked at the bank), or is failing.
    /// </summary>
    public async Task<IReadOnlyList<ConnectionAlert>> AlertsAsync(ObjectId ownerId, CancellationToken cancellationToken = default) =>
        AlertsFor(await ListAsync(ownerId, cancellationToken));

    /// <summary>The alerts of connections already read (so a page that lists them does not read them twice).</summary>
    public static IReadOnlyList<ConnectionAlert> AlertsFor(IEnumerable<ConnectionSummary> connections)
    {
        var alerts = new List<ConnectionAlert>();
        foreach (var connection in connections)
        {
            if (connection.AlertKind is { } alertKind)
            {
                alerts.Add(new ConnectionAlert(connection.BankId, connection.BankName, alertKind, connection.Consent.ValidUntil, connection.DaysLeft,
                    connection.Explanation));
            }
        }
        // The most urgent first: failures and ended consents, then the soonest to end.
        return [.. alerts.OrderBy(a => a.Kind == ConnectionAlertKind.ExpiringSoon).ThenBy(a => a.ValidUntil).ThenBy(a => a.BankName, StringComparer.Ordinal)];
    }
}
