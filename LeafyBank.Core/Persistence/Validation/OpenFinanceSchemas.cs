using LeafyBank.Core.Domain;
using LeafyBank.Core.Position;
using LeafyBank.Core.Security;
using MongoDB.Bson;
using static LeafyBank.Core.Persistence.Validation.SchemaRules;

namespace LeafyBank.Core.Persistence.Validation;

/// <summary>
/// What every stored document must satisfy, one <c>$jsonSchema</c> per collection: money as
/// Decimal128, the owner reference present with an ObjectId, statuses from their fixed sets,
/// tokens and PKCE verifiers only in their encrypted form. MongoDB holds these as collection
/// validators; the embedded engine checks the same definitions before each write. The rules are
/// the invariants the code relies on, not every field: optional and bank-specific fields stay free.
/// </summary>
public static class OpenFinanceSchemas
{
    /// <summary>Encrypted (a <see cref="TokenProtector"/> envelope) or not set at all; never a plain token.</summary>
    private static readonly string Ciphertext = $"^({Regex(TokenProtector.Prefix)}.+)?$";

    public static readonly BsonDocument Users = Object(["UserName"],
        ("UserName", NonEmptyText()));

    public static readonly BsonDocument InternalAccounts = Object(["AccountUser", "AccountNumber", "AccountBalance", "AccountStatus"],
        ("AccountUser", OwnerReference()),
        ("AccountNumber", NonEmptyText()),
        ("AccountBalance", Money()),
        ("AccountStatus", OneOf(AccountStatuses.Active, AccountStatuses.Inactive, AccountStatuses.Closed)));

    public static readonly BsonDocument ExternalAccounts = Object(["AccountUser", "AccountId", "AccountBank", "AccountBalance", "AccountStatus"],
        ("AccountUser", OwnerReference()),
        ("AccountId", NonEmptyText()),
        ("AccountBank", Text()),
        ("AccountBalance", Money()),
        ("AccountStatus", OneOf(AccountStatuses.Active, AccountStatuses.Inactive, AccountStatuses.Closed)),
        ("NoLongerSharedSince", Date()));

    public static readonly BsonDocument ExternalProducts = Object(["ProductCustomer", "ProductId", "ProductBank", "ProductAmount", "ProductStatus"],
        ("ProductCustomer", OwnerReference()),
        ("ProductId", NonEmptyText()),
        ("ProductBank", Text()),
        ("ProductAmount", Money()),
        ("ProductInterestRate", OptionalMoney()),
        ("ProductStatus", OneOf(ProductStatuses.Active, ProductStatuses.Closed)),
        ("NoLongerSharedSince", Date()));

    public static readonly BsonDocument Tokens = Object(["UserId", "BearerToken"],
        ("UserId", Id()),
        ("BearerToken", Matching(Ciphertext)),
        ("RefreshToken", Matching(Ciphertext)),
        ("TokenType", OneOf("DPoP")));

    public static readonly BsonDocument Consents = Object(["ConsentUser", "ConsentId", "Bank", "Status"],
        ("ConsentUser", OwnerReference()),
        ("ConsentId", Text()),
        ("Bank", Text()),
        ("Status", OneOf(ConsentStatuses.Received, ConsentStatuses.Valid, ConsentStatuses.Rejected, ConsentStatuses.RevokedByPsu,
            ConsentStatuses.Expired, ConsentStatuses.TerminatedByTpp)),
        ("ValidUntil", Date()));

    public static readonly BsonDocument ExternalTransactions = Object(["TransactionUser", "TransactionId", "TransactionBank", "Amount", "BookingStatus"],
        ("TransactionUser", OwnerReference()),
        ("TransactionId", NonEmptyText()),
        ("TransactionBank", Text()),
        ("Amount", Money()),
        ("BookingStatus", OneOf(BookingStatuses.Booked, BookingStatuses.Pending)),
        ("BookingDate", Date()));

    public static readonly BsonDocument AuditEvents = Object(["EventUser", "Kind", "At", "Outcome"],
        ("EventUser", OwnerReference()),
        ("Kind", NonEmptyText()),
        ("At", Date()),
        ("Outcome", OneOf(AuditOutcomes.Succeeded, AuditOutcomes.Failed)));

    // Revision is optional (documents stored before it existed have none) but, when present, the number every write checks.
    public static readonly BsonDocument SyncStates = Object(["SyncUser", "Bank"],
        ("SyncUser", OwnerReference()),
        ("Bank", Text()),
        ("Revision", WholeNumber()));

    public static readonly BsonDocument AuthorizationRequests = Object(["RequestUser", "StateHash", "ExpiresAt"],
        ("RequestUser", OwnerReference()),
        ("StateHash", Text()),
        ("CodeVerifier", Matching(Ciphertext)),
        ("ExpiresAt", Date()),
        // Optional (attempts stored before it have none); when present, one of the two ways a code can be redeemed.
        ("TokenType", OneOf("DPoP", "Bearer")));

    public static readonly BsonDocument DataProtectionKeys = Object(["FriendlyName", "Xml", "Owner"],
        ("FriendlyName", NonEmptyText()),
        ("Xml", Text()),
        ("Owner", Id()));

    public static readonly BsonDocument PositionHistory = Object(["SnapshotUser", "Day", "TotalBalance", "TotalDebt", "NetWorth", "Source"],
        ("SnapshotUser", OwnerReference()),
        ("Day", Date()),
        ("TotalBalance", Money()),
        ("TotalDebt", Money()),
        ("NetWorth", Money()),
        ("Source", OneOf(DailyPositionSources.Daily, DailyPositionSources.Sync)));

    public static readonly BsonDocument CustomerIdentities = Object(["Issuer", "Subject", "IdentityUser"],
        ("Issuer", NonEmptyText()),
        ("Subject", NonEmptyText()),
        ("IdentityUser", OwnerReference()),
        ("LinkedAt", Date()));

    /// <summary>A session names its owner by id (empty for a signed-in non-customer) and holds only the hash of the cookie's secret.</summary>
    public static readonly BsonDocument Sessions = Object(["SessionOwner", "SecretHash", "Ticket", "ExpiresAt"],
        ("SessionOwner", Id()),
        ("SecretHash", NonEmptyText()),
        ("Ticket", NonEmptyText()),
        ("ExpiresAt", Date()));

    public static readonly BsonDocument EndedSessions = Object(["SessionOwner", "SecretHash", "Reason", "EndedAt", "ExpiresAt"],
        ("SessionOwner", Id()),
        ("SecretHash", NonEmptyText()),
        ("Reason", OneOf(Security.Sessions.EndedSessionReasons.SignedOutEverywhere)),
        ("EndedAt", Date()),
        ("ExpiresAt", Date()));

    private static string Regex(string literal) => System.Text.RegularExpressions.Regex.Escape(literal);
}
