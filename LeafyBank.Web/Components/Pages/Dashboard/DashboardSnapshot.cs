using LeafyBank.Core.Domain;
using LeafyBank.Core.Position;
using LeafyBank.Core.Transactions;

namespace LeafyBank.Web.Components.Pages.Dashboard;

/// <summary>
/// Everything the dashboard shows for one customer, read once. It is also what the prerender
/// hands to the interactive render (persistent component state), so it carries plain values
/// only: ids as strings, transactions as <see cref="TransactionRow"/>s.
/// </summary>
public sealed record DashboardSnapshot(
    string SignedInAs,
    string UserId,
    string DisplayName,
    GlobalPosition Position,
    IReadOnlyList<TransactionRow> Recent,
    long TransactionCount,
    CashFlowComparison CashFlow,
    NetWorthHistory History,
    DateTime LoadedAt)
{
    /// <summary>How many recent transactions the dashboard lists.</summary>
    public const int RecentCount = 8;

    /// <summary>
    /// The linked banks' connections, read with the position; null when they could not be read (the
    /// figures still show, and the page says only what the position knows).
    /// </summary>
    public IReadOnlyList<BankConnection>? Connections { get; init; }

    /// <summary>
    /// The linked banks whose consent leaves transactions out, for the panels worked out from transactions to say so; none
    /// when the connections could not be read.
    /// </summary>
    public IReadOnlyList<TransactionsNotShared> TransactionsNotShared { get; init; } = [];
}

/// <summary>
/// One transaction as the pages show it; <see cref="AccountReference"/> is its account's page reference,
/// null when the page does not know it (the bank no longer lists the account): the account is then not a link.
/// </summary>
public sealed record TransactionRow(
    string Bank,
    string AccountId,
    string TransactionId,
    bool Pending,
    decimal Amount,
    string Currency,
    DateTime BookingDate,
    string Description,
    string? Merchant,
    string? Category,
    string? AccountReference = null)
{
    public static TransactionRow From(ExternalTransaction transaction, string? accountReference) => new(
        transaction.TransactionBank,
        transaction.AccountId,
        transaction.TransactionId,
        string.Equals(transaction.BookingStatus, BookingStatuses.Pending, StringComparison.OrdinalIgnoreCase),
        transaction.Amount,
        transaction.Currency,
        transaction.BookingDate,
        transaction.Description,
        transaction.Merchant,
        transaction.Category,
        accountReference);

    /// <summary>The page of this transaction's account; null when not known.</summary>
    public string? AccountHref => AccountReference is { } reference ? DashboardFormat.AccountHref(reference) : null;
}
