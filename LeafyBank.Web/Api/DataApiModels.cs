using LeafyBank.Core.Banking;
using LeafyBank.Core.Domain;
using LeafyBank.Core.Position;
using LeafyBank.Web.Components.Pages.Connections;

namespace LeafyBank.Web.Api;

/// <summary>
/// One page of a list. <see cref="Links"/> are relative to the API's origin and keep the
/// request's filters, so a client follows <c>next</c> until it is null.
/// </summary>
public sealed record ApiPage<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total, int PageCount, PageLinks Links);

public sealed record PageLinks(string Self, string First, string? Prev, string? Next, string Last);

/// <summary>
/// An account: one linked at another bank (<c>source</c> "external", figures as of
/// <see cref="RetrievedAt"/>) or one held at Leafy Bank itself (<c>source</c> "leafybank", live).
/// <see cref="Id"/> is stable across re-syncs and re-consents; <see cref="AccountId"/> is the bank's own.
/// <see cref="Name"/> is the bank's name for the account, or its type in words when the bank gave none
/// (<see cref="NamedByBank"/> says which); <see cref="MaskedNumber"/> shows the last four characters of
/// the number the customer knows it by (IBAN, sort code and number…). <see cref="BalanceShared"/> is false when the
/// bank does not share the account's balance under the customer's consent: <see cref="Balance"/> is then the last
/// balance it shared, or 0 when it never shared one (no balance, not an empty account). <see cref="NoLongerSharedSince"/> is set
/// when the bank no longer sends the account under the customer's current consent (they unticked it at the bank): every figure
/// is then as last read (<see cref="RetrievedAt"/>) and no longer updated; null while the bank shares it, and for Leafy Bank's own.
/// </summary>
public sealed record AccountResponse(
    string Id,
    string Source,
    bool Internal,
    string Bank,
    string AccountId,
    string Name,
    bool NamedByBank,
    string MaskedNumber,
    string Type,
    string Status,
    decimal Balance,
    string Currency,
    DateOnly OpeningDate,
    string? GreenNarrative,
    DateTime? RetrievedAt,
    bool BalanceShared,
    DateTime? NoLongerSharedSince)
{
    public const string External = "external";
    public const string LeafyBank = "leafybank";

    public static AccountResponse From(ExternalAccount account) => new(
        account.Id.ToString(), External, false, account.AccountBank, account.AccountId,
        AccountWords.Name(account), !string.IsNullOrWhiteSpace(account.AccountName), AccountWords.Masked(AccountWords.Number(account)),
        account.AccountType, account.AccountStatus,
        account.AccountBalance, account.AccountCurrency, DateOnly.FromDateTime(account.AccountDate.OpeningDate),
        account.GreenAccountNarrative, account.Source?.RetrievedAt, !PositionRules.BalanceNotShared(account), account.NoLongerSharedSince);

    public static AccountResponse From(InternalAccount account) => new(
        account.Id.ToString(), LeafyBank, true, PositionRules.LeafyBankInstitution, account.AccountNumber,
        AccountWords.Name(account), false, AccountWords.Masked(account.AccountNumber), account.AccountType, account.AccountStatus,
        account.AccountBalance, account.AccountCurrency, DateOnly.FromDateTime(account.AccountDate.OpeningDate), null, null, BalanceShared: true,
        NoLongerSharedSince: null);
}

/// <summary>
/// A financial product (loan, mortgage…) held at a linked bank; amounts in its own currency.
/// <see cref="Name"/>, <see cref="NamedByBank"/>, <see cref="MaskedNumber"/> and <see cref="NoLongerSharedSince"/> as for accounts.
/// </summary>
public sealed record ProductResponse(
    string Id,
    string Bank,
    string ProductId,
    string Name,
    bool NamedByBank,
    string MaskedNumber,
    string Type,
    string Status,
    decimal Amount,
    string Currency,
    decimal? InterestRate,
    int? RepaymentPeriodMonths,
    DateOnly OpeningDate,
    string? LoanCollateral,
    string? GreenNarrative,
    DateTime? RetrievedAt,
    DateTime? NoLongerSharedSince)
{
    public static ProductResponse From(ExternalProduct product) => new(
        product.Id.ToString(), product.ProductBank, product.ProductId,
        AccountWords.Name(product), !string.IsNullOrWhiteSpace(product.ProductName), AccountWords.Masked(AccountWords.Number(product)),
        product.ProductType, product.ProductStatus, product.ProductAmount,
        product.ProductCurrency, product.ProductInterestRate, product.RepaymentPeriod, DateOnly.FromDateTime(product.ProductDate.OpeningDate),
        product.LoanCollateral, product.GreenProductNarrative, product.Source?.RetrievedAt, product.NoLongerSharedSince);
}

/// <summary>A transaction on a linked account; <see cref="Amount"/> is negative for money leaving the account.</summary>
public sealed record TransactionResponse(
    string TransactionId,
    string Bank,
    string AccountId,
    string Status,
    decimal Amount,
    string Currency,
    DateTime BookingDate,
    DateTime? ValueDate,
    string Description,
    string? Merchant,
    string? Category)
{
    public static TransactionResponse From(ExternalTransaction transaction) => new(
        transaction.TransactionId, transaction.TransactionBank, transaction.AccountId, transaction.BookingStatus, transaction.Amount,
        transaction.Currency, transaction.BookingDate, transaction.ValueDate, transaction.Description, transaction.Merchant, transaction.Category);
}

/// <summary>
/// One bank connection as the Connections page shows it: its state (Active, ExpiringSoon,
/// Expired, Revoked at the bank, ReadOnly after a disconnect that kept the data, Deleted, Failing,
/// AccountsRefused when the bank sent someone else's accounts),
/// what to do next, the consent behind it, what is stored from it now and how its last sync went.
/// <see cref="Accounts"/> labels the accounts the bank shares now and <see cref="Products"/> counts the loans and mortgages it
/// shares now, alike; <see cref="NoLongerShared"/> names, by the ids of <c>/accounts</c> and <c>/products</c>, what of it the
/// bank no longer sends under the current consent (the customer unticked it there), kept as last read: empty while it shares everything.
/// What is stored from the bank is the two together.
/// </summary>
public sealed record ConnectionResponse(
    string Bank,
    string BankName,
    ConnectionStatus Status,
    string StatusText,
    ConnectionAction Action,
    string Explanation,
    string ConsentId,
    string ConsentStatus,
    IReadOnlyList<string> Permissions,
    DateTime ConsentValidUntil,
    int? ConsentDaysLeft,
    DateTime? EndedAt,
    IReadOnlyList<string> Accounts,
    int Products,
    DateTime? DataAsOf,
    DateTime? LastSyncedAt,
    DateTime? LastAttemptAt,
    string? LastError,
    DateTime? NextAllowedAt,
    IReadOnlyList<NoLongerSharedResponse> NoLongerShared)
{
    /// <summary>
    /// The connection as the Connections page words it (<paramref name="summary"/> through <see cref="ConnectionView"/>), and what the
    /// bank no longer shares from the documents the summary already holds: no read of its own, so a request still costs the one listing.
    /// </summary>
    public static ConnectionResponse From(ConnectionSummary summary)
    {
        var view = ConnectionView.From(summary);
        // Counted as accounts are listed: what the bank shares now. The unticked ones are in noLongerShared, never in both.
        var sharedProducts = summary.Products - summary.Loans.Count(p => p.NoLongerSharedSince is not null);
        return new(
            view.BankId, view.BankName, view.Status, view.StatusText, view.Action, view.Explanation, view.ConsentId, view.ConsentStatus,
            view.Permissions, view.ValidUntil, view.IsLive ? view.DaysLeft : null, view.EndedAt, view.AccountLabels, sharedProducts, view.DataAsOf,
            view.LastSuccessAt, view.LastAttemptAt, view.IsLive ? view.LastError : null, view.IsLive ? view.NextAllowedAt : null,
            [
                .. summary.Accounts.Where(a => a.NoLongerSharedSince is not null).Select(NoLongerSharedResponse.From),
                .. summary.Loans.Where(p => p.NoLongerSharedSince is not null).Select(NoLongerSharedResponse.From),
            ]);
    }
}

/// <summary>
/// An account or loan a connection's bank no longer sends under the customer's current consent (they unticked it at the bank):
/// <see cref="Id"/> is its id in <c>/accounts</c> (<see cref="Kind"/> "account") or <c>/products</c> ("product"), where its
/// figures are kept as last read (<see cref="LastReadAt"/>, UTC) and no longer updated since <see cref="Since"/> (UTC); named
/// and masked as there, never by the bank's id.
/// </summary>
public sealed record NoLongerSharedResponse(string Id, string Kind, string Name, string MaskedNumber, DateTime Since, DateTime? LastReadAt)
{
    public const string Account = "account";
    public const string Product = "product";

    public static NoLongerSharedResponse From(ExternalAccount account) => new(
        account.Id.ToString(), Account, AccountWords.Name(account), AccountWords.Masked(AccountWords.Number(account)),
        account.NoLongerSharedSince!.Value, account.Source?.RetrievedAt);

    public static NoLongerSharedResponse From(ExternalProduct product) => new(
        product.Id.ToString(), Product, AccountWords.Name(product), AccountWords.Masked(AccountWords.Number(product)),
        product.NoLongerSharedSince!.Value, product.Source?.RetrievedAt);
}
