namespace LeafyBank.Sandbox.Consents;

/// <summary>Berlin Group consent statuses (serialised in camelCase, as the standard spells them).</summary>
public enum ConsentStatus
{
    Received,
    Valid,
    Rejected,
    RevokedByPsu,
    Expired,
    TerminatedByTpp,
}

public static class ConsentStatusNames
{
    public static string ToWire(this ConsentStatus status) => status switch
    {
        ConsentStatus.Received => "received",
        ConsentStatus.Valid => "valid",
        ConsentStatus.Rejected => "rejected",
        ConsentStatus.RevokedByPsu => "revokedByPsu",
        ConsentStatus.Expired => "expired",
        ConsentStatus.TerminatedByTpp => "terminatedByTpp",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>Whether nothing can happen to the consent any more.</summary>
    public static bool IsFinal(this ConsentStatus status) => status is not (ConsentStatus.Received or ConsentStatus.Valid);
}

/// <summary>
/// One account-information consent at one bank: what the third party asked for, what the
/// customer granted (accounts), until when, and how often it may call unattended.
/// </summary>
public sealed class Consent
{
    public required string Id { get; set; }
    public required string BankId { get; set; }
    public required string ClientId { get; set; }
    public ConsentStatus Status { get; set; }

    /// <summary>Granted permissions, space-separated (the OAuth scopes the consent allows).</summary>
    public required string Access { get; set; }

    /// <summary>The last day of validity (Berlin Group <c>validUntil</c>): access ends at the following UTC midnight.</summary>
    public DateOnly ValidUntil { get; set; }

    public int FrequencyPerDay { get; set; }
    public bool RecurringIndicator { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset StatusChangedAt { get; set; }

    /// <summary>The bank customer who authorised (or declined) it; null while <c>received</c>.</summary>
    public string? CustomerId { get; set; }

    /// <summary>Shared account ids, space-separated; empty until authorised.</summary>
    public string AccountIds { get; set; } = "";

    /// <summary>The OpenIddict authorization every token of this consent hangs off.</summary>
    public string? AuthorizationId { get; set; }

    public IReadOnlySet<string> Permissions => Split(Access);

    public IReadOnlySet<string> SharedAccountIds => Split(AccountIds);

    /// <summary>An exact expiry instant (UK Open Banking <c>ExpirationDateTime</c>); null where the standard expires at the end of <see cref="ValidUntil"/>.</summary>
    public DateTimeOffset? ExpirationDateTime { get; set; }

    /// <summary>The consent's terms in its standard's own words (JSON), for standards whose consent says more than the fields above.</summary>
    public string? StandardTerms { get; set; }

    /// <summary>
    /// The account types (ISO 20022 cash account type codes, <see cref="Data.SandboxAccountTypes"/>) the consent is
    /// limited to, space-separated (Berlin Group <c>restrictedTo</c>); null when it is not limited to types.
    /// </summary>
    public string? AccountTypes { get; set; }

    /// <summary><see cref="AccountTypes"/> as a set; null when the consent reaches accounts of every type.</summary>
    public IReadOnlySet<string>? RestrictedToAccountTypes => AccountTypes is null ? null : Split(AccountTypes);

    /// <summary>The instant the consent stops being usable.</summary>
    public DateTimeOffset ExpiresAt => ExpirationDateTime ?? new(ValidUntil.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static HashSet<string> Split(string value) =>
        new(value.Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
}

/// <summary>
/// Unattended accesses to one resource (the account list, or one account's balances, transactions
/// or product) under a consent on one UTC day: the frequencyPerDay allowance.
/// </summary>
public sealed class ConsentAccessCount
{
    public required string ConsentId { get; set; }

    /// <summary>The UTC day, <c>yyyy-MM-dd</c>.</summary>
    public required string Day { get; set; }

    /// <summary>The resource, e.g. <c>account-list</c> or <c>transactions:{accountId}</c>.</summary>
    public required string Resource { get; set; }

    public int Count { get; set; }
}
