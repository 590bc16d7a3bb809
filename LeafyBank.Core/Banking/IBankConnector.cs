using LeafyBank.Core.Banking.Authorization;
using LeafyBank.Core.Domain;

namespace LeafyBank.Core.Banking;

/// <summary>
/// Reads one bank's API in that bank's own dialect and maps it into the unified model.
/// One implementation per dialect, each a typed HttpClient; the caller supplies a valid
/// access token (refreshing is the token service's job) and stores the result.
/// </summary>
public interface IBankConnector
{
    /// <summary>The dialect this connector speaks (see <see cref="BankDialects"/>).</summary>
    string Dialect { get; }

    /// <summary>
    /// Fetches everything the consent allows. Throws <see cref="BankApiException"/> with a
    /// <see cref="BankFailureKind"/> for every failure; never returns partial data as if whole.
    /// </summary>
    Task<BankSnapshot> FetchAsync(BankFetchRequest request, CancellationToken cancellationToken = default);
}

/// <summary>What to fetch, for whom, with which token.</summary>
/// <param name="TransactionsSince">Incremental sync: only transactions booked on or after this date (null: the bank's full history window).</param>
public sealed record BankFetchRequest(
    BankDirectoryEntry Bank,
    BankAccessToken AccessToken,
    string ConsentId,
    PartyReference Owner,
    IReadOnlySet<string> Permissions,
    DateOnly? TransactionsSince,
    bool Unattended)
{
    /// <summary>The customer's IP address for attended calls (sent in the dialect's customer-present header); ignored when <see cref="Unattended"/>.</summary>
    public string? PsuIpAddress { get; init; }
}

/// <summary>
/// One consistent read of a bank, already in the unified model (owner, bank and source filled
/// in; ids not yet assigned). Transactions carry both booked and pending entries.
/// </summary>
public sealed record BankSnapshot(
    IReadOnlyList<ExternalAccount> Accounts,
    IReadOnlyList<ExternalProduct> Products,
    IReadOnlyList<ExternalTransaction> Transactions,
    DateTime RetrievedAt)
{
    /// <summary>
    /// Ids of entries the bank now reports as withdrawn (UK Open Banking's <c>Rejected</c>: a payment
    /// declined or cancelled before it booked). They moved no money, so they are not in
    /// <see cref="Transactions"/>; the sync removes a pending transaction stored under one of these ids
    /// at once rather than when the pending lifetime runs out. A booked one is never removed.
    /// </summary>
    public IReadOnlyList<string> WithdrawnTransactionIds { get; init; } = [];
}

public enum BankFailureKind
{
    /// <summary>401: the token is missing, expired or revoked. Refresh, or ask the customer to reconnect.</summary>
    Unauthorized,
    /// <summary>403: the consent does not grant this (scope missing, consent not valid).</summary>
    Forbidden,
    /// <summary>404: the account is not covered by the consent.</summary>
    NotFound,
    /// <summary>429: the unattended-call allowance is used up; see <see cref="BankApiException.RetryAfter"/>.</summary>
    RateLimited,
    /// <summary>Timeouts, 5xx, connection failures: worth retrying later.</summary>
    Unavailable,
    /// <summary>The bank answered with something that is not its documented shape.</summary>
    MalformedResponse,
    /// <summary>The accounts are held by someone other than the customer (<c>AccountHolderCheck</c>): nothing is stored.</summary>
    NotTheCustomersAccounts,
}
