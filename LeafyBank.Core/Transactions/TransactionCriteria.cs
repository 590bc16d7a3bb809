using System.Globalization;
using LeafyBank.Core.Domain;

namespace LeafyBank.Core.Transactions;

/// <summary>
/// A <see cref="TransactionFilter"/> checked and normalised once, before either engine sees it:
/// trimmed values, the status in its stored spelling, the date range as UTC instants (the
/// <c>To</c> day included, so the upper bound is the next midnight, exclusive) and the paging
/// window. Each engine translates these values; the contract tests keep the two translations equal.
/// </summary>
public sealed record TransactionCriteria
{
    private TransactionCriteria()
    {
    }

    public string? Bank { get; private init; }
    public string? AccountId { get; private init; }
    public string? BookingStatus { get; private init; }
    /// <summary>As the customer typed it (trimmed); matched through <see cref="SearchKey"/>.</summary>
    public string? Search { get; private init; }
    /// <summary>
    /// <see cref="Search"/> normalised by <see cref="TransactionSearch.Normalise"/>: a literal substring of the stored
    /// <see cref="ExternalTransaction.SearchText"/>, so matching ignores case and accents on both engines.
    /// </summary>
    public string? SearchKey { get; private init; }
    /// <summary>A category name as <see cref="TransactionRules.CategoryName"/> writes it (trimmed; <see cref="TransactionRules.Uncategorised"/> for none).</summary>
    public string? Category { get; private init; }
    /// <summary>The smallest size of amount (money in or out), zero or more.</summary>
    public decimal? MinAmount { get; private init; }
    /// <summary>The largest size of amount (money in or out), at least <see cref="MinAmount"/>.</summary>
    public decimal? MaxAmount { get; private init; }
    public DateTime? FromUtc { get; private init; }
    public DateTime? ToUtcExclusive { get; private init; }
    public int Page { get; private init; }
    public int PageSize { get; private init; }
    public int Skip => (Page - 1) * PageSize;

    /// <summary>Throws <see cref="TransactionFilterException"/> naming the filter member and what is allowed.</summary>
    public static TransactionCriteria From(TransactionFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.Page < 1)
        {
            throw new TransactionFilterException("page", $"page must be 1 or more (got {filter.Page}); pages are numbered from 1.");
        }
        if (filter.PageSize is < 1 or > TransactionFilter.MaxPageSize)
        {
            throw new TransactionFilterException("pageSize",
                $"pageSize must be between 1 and {TransactionFilter.MaxPageSize} (got {filter.PageSize}).");
        }
        // The skip count is an int for both engines: a page past int.MaxValue items cannot exist anyway.
        if ((long)(filter.Page - 1) * filter.PageSize > int.MaxValue)
        {
            throw new TransactionFilterException("page",
                $"page {filter.Page} of {filter.PageSize} items is beyond any list; ask for an earlier page.");
        }
        var (fromUtc, toUtcExclusive) = DayRange(filter.From, filter.To);
        CheckAmounts(filter.MinAmount, filter.MaxAmount);

        return new TransactionCriteria
        {
            Bank = Trimmed(filter.Bank),
            AccountId = Trimmed(filter.AccountId),
            BookingStatus = Status(filter.BookingStatus),
            Search = Trimmed(filter.Search),
            SearchKey = Trimmed(filter.Search) is { } search ? TransactionSearch.Normalise(search) : null,
            Category = Trimmed(filter.Category),
            MinAmount = filter.MinAmount,
            MaxAmount = filter.MaxAmount,
            FromUtc = fromUtc,
            ToUtcExclusive = toUtcExclusive,
            Page = filter.Page,
            PageSize = filter.PageSize,
        };
    }

    /// <summary>
    /// Whole UTC days from <paramref name="from"/> to <paramref name="to"/>, both included.
    /// Throws <see cref="TransactionFilterException"/> when <paramref name="from"/> is after <paramref name="to"/>.
    /// </summary>
    public static (DateTime? FromUtc, DateTime? ToUtcExclusive) DayRange(DateOnly? from, DateOnly? to)
    {
        if (from is { } start && to is { } end && start > end)
        {
            throw new TransactionFilterException("from",
                string.Create(CultureInfo.InvariantCulture, $"from ({start:yyyy-MM-dd}) must not be after to ({end:yyyy-MM-dd})."));
        }
        return (from?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            to is { } last && last < DateOnly.MaxValue ? last.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) : null);
    }

    /// <summary>The in-process reading of these criteria (the embedded engine; MongoDB translates the same values to a filter).</summary>
    public bool Matches(ExternalTransaction transaction) =>
        (Bank is null || transaction.TransactionBank == Bank)
        && (AccountId is null || transaction.AccountId == AccountId)
        && (BookingStatus is null || transaction.BookingStatus == BookingStatus)
        && (FromUtc is null || transaction.BookingDate >= FromUtc)
        && (ToUtcExclusive is null || transaction.BookingDate < ToUtcExclusive)
        && (Category is null || TransactionRules.CategoryName(transaction.Category) == Category)
        && (MinAmount is null || Math.Abs(transaction.Amount) >= MinAmount)
        && (MaxAmount is null || Math.Abs(transaction.Amount) <= MaxAmount)
        && (SearchKey is null || transaction.SearchText.Contains(SearchKey, StringComparison.Ordinal));

    private static void CheckAmounts(decimal? min, decimal? max)
    {
        if (min < 0m)
        {
            throw new TransactionFilterException("minAmount",
                string.Create(CultureInfo.InvariantCulture, $"minAmount must be 0 or more (got {min}); it bounds the size of money in or out alike."));
        }
        if (max < 0m)
        {
            throw new TransactionFilterException("maxAmount",
                string.Create(CultureInfo.InvariantCulture, $"maxAmount must be 0 or more (got {max}); it bounds the size of money in or out alike."));
        }
        if (min > max)
        {
            throw new TransactionFilterException("minAmount",
                string.Create(CultureInfo.InvariantCulture, $"minAmount ({min}) must not be more than maxAmount ({max})."));
        }
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string? Status(string? value)
    {
        var status = Trimmed(value)?.ToLowerInvariant();
        return status is null or BookingStatuses.Booked or BookingStatuses.Pending
            ? status
            : throw new TransactionFilterException("status",
                $"status must be '{BookingStatuses.Booked}' or '{BookingStatuses.Pending}' (got '{value}'); leave it out for both.");
    }
}
