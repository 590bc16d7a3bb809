using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence;
using LeafyBank.Core.Position;
using MongoDB.Bson;

namespace LeafyBank.Core.Transactions;

/// <summary>
/// <see cref="ITransactionQuery"/> for whichever engine is configured: validates the request,
/// lets the engine (<see cref="ITransactionStoreQuery"/>) read, and converts spending
/// with the configured <see cref="ExchangeRates"/> — the same table the global position uses.
/// </summary>
public sealed class TransactionQuery(ITransactionStoreQuery store, ICashFlowStoreQuery cashFlow, ExchangeRates rates) : ITransactionQuery
{
    public Task<TransactionPage> FindAsync(ObjectId ownerId, TransactionFilter filter, CancellationToken cancellationToken = default) =>
        store.FindAsync(ownerId, TransactionCriteria.From(filter), cancellationToken);

    /// <remarks>Validated here, before the first item is asked for, so a bad filter fails the call rather than the first read.</remarks>
    public IAsyncEnumerable<ExternalTransaction> StreamAsync(ObjectId ownerId, TransactionFilter filter, CancellationToken cancellationToken = default) =>
        store.StreamAsync(ownerId, TransactionCriteria.From(filter with { Page = 1 }), cancellationToken);

    public Task<TransactionChoices> GetChoicesAsync(ObjectId ownerId, CancellationToken cancellationToken = default) =>
        store.GetChoicesAsync(ownerId, cancellationToken);

    /// <remarks>
    /// Spending is what <see cref="CashFlowRules"/> calls spending, as on the dashboard: moves
    /// between the customer's own accounts and loan repayments are not spending. The read reaches
    /// <see cref="CashFlowRules.TransferWindow"/> past both ends of the range, so a transfer whose
    /// other half was booked just outside it is still recognised. Spending in a currency the rate
    /// table does not know is left out, not guessed; the global position lists such currencies as
    /// unconverted, so the customer sees why.
    /// </remarks>
    public async Task<IReadOnlyList<CategorySpending>> SpendingByCategoryAsync(ObjectId ownerId, string baseCurrency, DateOnly from, DateOnly to,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(baseCurrency) || !rates.Knows(baseCurrency.Trim()))
        {
            throw new TransactionFilterException(nameof(baseCurrency),
                $"baseCurrency '{baseCurrency}' has no rate in the exchange-rate table; use one of {string.Join(", ", rates.Currencies.Order(StringComparer.Ordinal))}.");
        }
        var (fromUtc, toUtcExclusive) = TransactionCriteria.DayRange(from, to);
        var start = fromUtc ?? throw new InvalidOperationException("A day range with a first day has a start.");
        var end = toUtcExclusive ?? throw new InvalidOperationException("A day range with a last day has an end.");
        var lines = await cashFlow.GetBookedLinesAsync(ownerId, start - CashFlowRules.TransferWindow, end + CashFlowRules.TransferWindow, cancellationToken);
        return Convert(SpendingBuckets(CashFlowRules.Classify(lines), start, end), baseCurrency.Trim().ToUpperInvariant(), rates);
    }

    /// <summary>Pure: the lines classified as spending and booked in [<paramref name="fromUtc"/>, <paramref name="toUtcExclusive"/>), summed per UTC month, raw category and currency.</summary>
    public static IEnumerable<SpendingBucket> SpendingBuckets(IReadOnlyDictionary<CashFlowLine, CashFlowKind> kinds, DateTime fromUtc, DateTime toUtcExclusive) =>
        kinds
            .Where(entry => entry.Value == CashFlowKind.Spending && entry.Key.Amount < 0m
                            && entry.Key.BookingDate >= fromUtc && entry.Key.BookingDate < toUtcExclusive)
            .Select(entry => entry.Key)
            // Grouped by the UTC month's number, named once per group (not once per line).
            .GroupBy(line => (Month: MonthNumber(line.BookingDate), line.Category, line.Currency))
            .Select(group => new SpendingBucket(TransactionRules.MonthOf(group.First().BookingDate), group.Key.Category, group.Key.Currency,
                group.Sum(line => line.Amount), group.Count()));

    private static int MonthNumber(DateTime bookingDate)
    {
        var utc = bookingDate.ToUniversalTime();
        return utc.Year * 12 + utc.Month;
    }

    /// <summary>
    /// Pure: names categories, converts each currency's sum at the table rate, adds up per month
    /// and category, rounds to cents once at the end, and reports spending as a positive amount.
    /// Ordered by month, then by amount (largest first), then category.
    /// </summary>
    public static IReadOnlyList<CategorySpending> Convert(IEnumerable<SpendingBucket> buckets, string baseCurrency, ExchangeRates rates)
    {
        var totals = new Dictionary<(string Month, string Category), (decimal Amount, int Count)>();
        foreach (var bucket in buckets)
        {
            if (rates.RateBetween(bucket.Currency.Trim(), baseCurrency) is not { } rate)
            {
                continue;
            }
            var key = (bucket.Month, TransactionRules.CategoryName(bucket.Category));
            totals.TryGetValue(key, out var sum);
            totals[key] = (sum.Amount - bucket.Amount * rate, sum.Count + bucket.Count);
        }
        return [.. totals
            .Select(entry => new CategorySpending(entry.Key.Month, entry.Key.Category,
                decimal.Round(entry.Value.Amount, 2, MidpointRounding.AwayFromZero), entry.Value.Count))
            .OrderBy(row => row.Month, StringComparer.Ordinal)
            .ThenByDescending(row => row.Amount)
            .ThenBy(row => row.Category, StringComparer.Ordinal)];
    }
}
