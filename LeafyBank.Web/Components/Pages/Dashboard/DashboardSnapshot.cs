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
}

/// <summary>One transaction as the pages show it.</summary>
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
    string? Category)
{
    public static TransactionRow From(ExternalTransaction transaction) => new(
        transaction.TransactionBank,
        transaction.AccountId,
        transaction.TransactionId,
        string.Equals(transaction.BookingStatus, BookingStatuses.Pending, StringComparison.OrdinalIgnoreCase),
        transaction.Amount,
        transaction.Currency,
        transaction.BookingDate,
        transaction.Description,
        transaction.Merchant,
        transaction.Category);

    /// <summary>The per-account page of this transaction's account.</summary>
    public string AccountHref => DashboardFormat.AccountHref(Bank, AccountId);
}
