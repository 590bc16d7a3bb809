using LeafyBank.Core.Domain;
using MongoDB.Bson;

namespace LeafyBank.Core.Transactions;

/// <summary>
/// The customer's transactions across every linked bank, as the dashboard, the per-account
/// view and the data API read them. Always scoped to one owner; implemented per engine.
/// </summary>
public interface ITransactionQuery
{
    /// <summary>One page of the owner's transactions matching <paramref name="filter"/>, newest booking date first.</summary>
    Task<TransactionPage> FindAsync(ObjectId ownerId, TransactionFilter filter, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every one of the owner's transactions matching <paramref name="filter"/> in page order, read
    /// as the caller consumes them (an export); the filter's page and page size are ignored.
    /// </summary>
    IAsyncEnumerable<ExternalTransaction> StreamAsync(ObjectId ownerId, TransactionFilter filter, CancellationToken cancellationToken = default);

    /// <summary>What the owner's own transactions can be filtered by: their accounts (with banks) and categories.</summary>
    Task<TransactionChoices> GetChoicesAsync(ObjectId ownerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Money spent (outgoing booked transactions) per calendar month and category between
    /// <paramref name="from"/> and <paramref name="to"/> inclusive, converted to <paramref name="baseCurrency"/>.
    /// </summary>
    Task<IReadOnlyList<CategorySpending>> SpendingByCategoryAsync(ObjectId ownerId, string baseCurrency, DateOnly from, DateOnly to,
        CancellationToken cancellationToken = default);
}

/// <summary>
/// What to list. Null members do not filter. <see cref="Search"/> matches description, merchant
/// or category, ignoring case and accents ("cafe" finds "Café"; see <see cref="TransactionSearch"/>). <see cref="Category"/> is the category as stored, or
/// <see cref="TransactionRules.Uncategorised"/> for transactions without one. <see cref="MinAmount"/>
/// and <see cref="MaxAmount"/> bound the size of the amount, money in or out alike (50 to 100
/// finds −75.00 and +75.00). Pages are 1-based.
/// </summary>
public sealed record TransactionFilter(
    string? Bank = null,
    string? AccountId = null,
    string? BookingStatus = null,
    string? Search = null,
    DateOnly? From = null,
    DateOnly? To = null,
    int Page = 1,
    int PageSize = 25,
    string? Category = null,
    decimal? MinAmount = null,
    decimal? MaxAmount = null)
{
    public const int MaxPageSize = 200;
}

public sealed record TransactionPage(IReadOnlyList<ExternalTransaction> Items, long Total, int Page, int PageSize)
{
    public int PageCount => PageSize <= 0 ? 0 : (int)((Total + PageSize - 1) / PageSize);
}

/// <summary>Spending in one month ("yyyy-MM") and category, in the base currency; uncategorised spending is "Uncategorised".</summary>
public sealed record CategorySpending(string Month, string Category, decimal Amount, int Count);
