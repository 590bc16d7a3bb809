using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence.Validation;
using MongoDB.Bson;

namespace LeafyBank.Core.Persistence;

/// <summary>
/// Every collection of database <c>open_finance</c>, described once for both engines.
/// The natural keys of a customer's data start with the owner's id, so a key lookup cannot reach another
/// customer's document; the exceptions (a user by name, an identity by issuer and subject, the app's key
/// ring) are looked up where no owner is known yet, and the engines never let an upsert take over a
/// document stored under another owner. See docs/data-model.md for the fields and indexes.
/// </summary>
public static class OpenFinanceCollections
{
    public static readonly DocumentKind<LeafyUser> Users = new()
    {
        CollectionName = "users",
        Schema = OpenFinanceSchemas.Users,
        NaturalKey = [new("UserName", u => u.UserName)],
        Owner = new("_id", u => u.Id),
        GetId = u => u.Id,
        SetId = (u, id) => u.Id = id,
    };

    public static readonly DocumentKind<InternalAccount> InternalAccounts = new()
    {
        CollectionName = "internal_accounts",
        Schema = OpenFinanceSchemas.InternalAccounts,
        NaturalKey =
        [
            new("AccountUser.UserId", a => a.AccountUser.UserId),
            new("AccountNumber", a => a.AccountNumber),
        ],
        Owner = new("AccountUser.UserId", a => a.AccountUser.UserId),
        GetId = a => a.Id,
        SetId = (a, id) => a.Id = id,
    };

    public static readonly DocumentKind<ExternalAccount> ExternalAccounts = new()
    {
        CollectionName = "external_accounts",
        Schema = OpenFinanceSchemas.ExternalAccounts,
        NaturalKey =
        [
            new("AccountUser.UserId", a => a.AccountUser.UserId),
            new("AccountBank", a => a.AccountBank),
            new("AccountId", a => a.AccountId),
        ],
        Owner = new("AccountUser.UserId", a => a.AccountUser.UserId),
        GetId = a => a.Id,
        SetId = (a, id) => a.Id = id,
    };

    public static readonly DocumentKind<ExternalProduct> ExternalProducts = new()
    {
        CollectionName = "external_products",
        Schema = OpenFinanceSchemas.ExternalProducts,
        NaturalKey =
        [
            new("ProductCustomer.UserId", p => p.ProductCustomer.UserId),
            new("ProductBank", p => p.ProductBank),
            new("ProductId", p => p.ProductId),
        ],
        Owner = new("ProductCustomer.UserId", p => p.ProductCustomer.UserId),
        GetId = p => p.Id,
        SetId = (p, id) => p.Id = id,
    };

    public static readonly DocumentKind<BankToken> Tokens = new()
    {
        CollectionName = "tokens",
        Schema = OpenFinanceSchemas.Tokens,
        NaturalKey =
        [
            new("UserId", t => t.UserId),
            new("TokenBank", t => t.TokenBank),
        ],
        Owner = new("UserId", t => t.UserId),
        GetId = t => t.Id,
        SetId = (t, id) => t.Id = id,
        SecondaryIndexes = [new("ix_tokens_user_name", ["UserName"])],
    };

    public static readonly DocumentKind<Consent> Consents = new()
    {
        CollectionName = "consents",
        Schema = OpenFinanceSchemas.Consents,
        NaturalKey =
        [
            new("ConsentUser.UserId", c => c.ConsentUser.UserId),
            new("Bank", c => c.Bank),
            new("ConsentId", c => c.ConsentId),
        ],
        Owner = new("ConsentUser.UserId", c => c.ConsentUser.UserId),
        GetId = c => c.Id,
        SetId = (c, id) => c.Id = id,
        // The scheduler finds consents about to expire across all users.
        SecondaryIndexes = [new("ix_consents_status_valid_until", ["Status", "ValidUntil"])],
    };

    public static readonly DocumentKind<ExternalTransaction> ExternalTransactions = new()
    {
        CollectionName = "external_transactions",
        Schema = OpenFinanceSchemas.ExternalTransactions,
        NaturalKey =
        [
            new("TransactionUser.UserId", t => t.TransactionUser.UserId),
            new("TransactionBank", t => t.TransactionBank),
            new("TransactionId", t => t.TransactionId),
        ],
        Owner = new("TransactionUser.UserId", t => t.TransactionUser.UserId),
        GetId = t => t.Id,
        SetId = (t, id) => t.Id = id,
        // Each ends with the page order's tie-breakers (TransactionRules.NewestFirst), so a page is read
        // in order from the index and MongoDB never sorts it in memory.
        SecondaryIndexes =
        [
            new("ix_external_transactions_user_date_id", ["TransactionUser.UserId", "-BookingDate", "TransactionId", "TransactionBank"]),
            // The bank is fixed by the filter here, so it need not follow the id again.
            new("ix_external_transactions_user_account_date_id", ["TransactionUser.UserId", "TransactionBank", "AccountId", "-BookingDate", "TransactionId"]),
        ],
        RetiredIndexNames = ["ix_external_transactions_user_date", "ix_external_transactions_user_account_date"],
    };

    public static readonly DocumentKind<AuditEvent> AuditEvents = new()
    {
        CollectionName = "audit_events",
        Schema = OpenFinanceSchemas.AuditEvents,
        NaturalKey = [],
        Owner = new("EventUser.UserId", e => e.EventUser.UserId),
        GetId = e => e.Id,
        SetId = (e, id) => e.Id = id,
        SecondaryIndexes = [new("ix_audit_events_user_at", ["EventUser.UserId", "-At"])],
    };

    public static readonly DocumentKind<SyncState> SyncStates = new()
    {
        CollectionName = "sync_state",
        Schema = OpenFinanceSchemas.SyncStates,
        NaturalKey =
        [
            new("SyncUser.UserId", s => s.SyncUser.UserId),
            new("Bank", s => s.Bank),
        ],
        Owner = new("SyncUser.UserId", s => s.SyncUser.UserId),
        GetId = s => s.Id,
        SetId = (s, id) => s.Id = id,
        // The scheduler picks the connections whose next allowed call has come.
        SecondaryIndexes = [new("ix_sync_state_next_allowed", ["NextAllowedAt"])],
    };

    public static readonly DocumentKind<AuthorizationRequest> AuthorizationRequests = new()
    {
        CollectionName = "authorization_requests",
        Schema = OpenFinanceSchemas.AuthorizationRequests,
        NaturalKey =
        [
            new("RequestUser.UserId", r => r.RequestUser.UserId),
            new("StateHash", r => r.StateHash),
        ],
        Owner = new("RequestUser.UserId", r => r.RequestUser.UserId),
        GetId = r => r.Id,
        SetId = (r, id) => r.Id = id,
        // Holds encrypted PKCE verifiers: gone once the attempt has expired, whether or not it was completed.
        ExpiresAtPath = "ExpiresAt",
    };

    /// <summary>
    /// The Data Protection key ring that encrypts tokens, kept in the store so that every app
    /// instance sharing the database shares the keys. Owned by nobody: <see cref="ObjectId.Empty"/>.
    /// </summary>
    public static readonly DocumentKind<DataProtectionKeyDocument> DataProtectionKeys = new()
    {
        CollectionName = "data_protection_keys",
        Schema = OpenFinanceSchemas.DataProtectionKeys,
        NaturalKey = [new("FriendlyName", k => k.FriendlyName)],
        Owner = new("Owner", k => k.Owner),
        GetId = k => k.Id,
        SetId = (k, id) => k.Id = id,
    };

    /// <summary>
    /// Daily position snapshots behind "net worth over time": one per owner and UTC day. On
    /// MongoDB 6.0+ a time-series collection (time <c>Day</c>, meta <c>SnapshotUser</c>), which
    /// cannot carry the unique natural-key index: there the writer keeps one figure per day.
    /// </summary>
    public static readonly DocumentKind<Position.DailyPosition> PositionHistory = new()
    {
        CollectionName = "position_history",
        Schema = OpenFinanceSchemas.PositionHistory,
        NaturalKey =
        [
            new("SnapshotUser.UserId", s => s.SnapshotUser.UserId),
            new("Day", s => s.Day),
        ],
        Owner = new("SnapshotUser.UserId", s => s.SnapshotUser.UserId),
        GetId = s => s.Id,
        SetId = (s, id) => s.Id = id,
        SecondaryIndexes = [new("ix_position_history_user_day", ["SnapshotUser.UserId", "Day", "RecordedAt"])],
        TimeSeries = new TimeSeriesLayout("Day", "SnapshotUser"),
    };

    /// <summary>
    /// Customers' identities at their identity providers, looked up by the token's issuer and
    /// subject at every sign-in (so the natural key cannot start with an owner nobody knows yet).
    /// </summary>
    public static readonly DocumentKind<Customers.CustomerIdentity> CustomerIdentities = new()
    {
        CollectionName = "customer_identities",
        Schema = OpenFinanceSchemas.CustomerIdentities,
        NaturalKey =
        [
            new("Issuer", i => i.Issuer),
            new("Subject", i => i.Subject),
        ],
        Owner = new("IdentityUser.UserId", i => i.IdentityUser.UserId),
        GetId = i => i.Id,
        SetId = (i, id) => i.Id = id,
        // One identity per customer and issuer, enforced by MongoDB; the embedded engine has no secondary
        // indexes, and CustomerIdentities settles a race there by keeping the older link.
        SecondaryIndexes = [new("ux_customer_identities_issuer_customer", ["Issuer", "IdentityUser.UserId"], Unique: true)],
    };

    /// <summary>Sign-in sessions: the cookie holds only a key to one of these (see <c>CustomerSessions</c>).</summary>
    public static readonly DocumentKind<Security.Sessions.CustomerSession> Sessions = new()
    {
        CollectionName = "sessions",
        Schema = OpenFinanceSchemas.Sessions,
        NaturalKey =
        [
            new("SessionOwner", s => s.SessionOwner),
            new("SecretHash", s => s.SecretHash),
        ],
        Owner = new("SessionOwner", s => s.SessionOwner),
        GetId = s => s.Id,
        SetId = (s, id) => s.Id = id,
        // Past its absolute lifetime a session is dead whatever its activity: the store forgets it (TTL, or the embedded purge).
        ExpiresAtPath = "ExpiresAt",
    };

    /// <summary>
    /// Why a session ended, for the browser that still holds its cookie ("Sign out everywhere" elsewhere): see
    /// <c>CustomerSessions.EndedEverywhereAtAsync</c>. Keyed like the session it outlives, and gone when that session would have expired.
    /// </summary>
    public static readonly DocumentKind<Security.Sessions.EndedSession> EndedSessions = new()
    {
        CollectionName = "ended_sessions",
        Schema = OpenFinanceSchemas.EndedSessions,
        NaturalKey =
        [
            new("SessionOwner", s => s.SessionOwner),
            new("SecretHash", s => s.SecretHash),
        ],
        Owner = new("SessionOwner", s => s.SessionOwner),
        GetId = s => s.Id,
        SetId = (s, id) => s.Id = id,
        ExpiresAtPath = "ExpiresAt",
    };

    /// <summary>All collections, for start-up initialisation, export and health.</summary>
    public static readonly IReadOnlyList<IDocumentKind> All =
    [
        Users, InternalAccounts, ExternalAccounts, ExternalProducts, Tokens,
        Consents, ExternalTransactions, AuditEvents, SyncStates, AuthorizationRequests, DataProtectionKeys,
        PositionHistory, CustomerIdentities, Sessions, EndedSessions,
    ];
}

/// <summary>One XML element of the Data Protection key ring (collection <c>data_protection_keys</c>).</summary>
public sealed class DataProtectionKeyDocument
{
    public ObjectId Id { get; set; }
    public string FriendlyName { get; set; } = "";
    public string Xml { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public ObjectId Owner { get; set; } = ObjectId.Empty;
}
