using System.Globalization;
using LeafyBank.Core.Customers;
using LeafyBank.Core.Persistence;
using LeafyBank.Core.Position;
using MongoDB.Bson;

namespace LeafyBank.Core.Transactions;

/// <summary>
/// <see cref="ICashFlowQuery"/> for whichever engine is configured: the engine reads the booked
/// lines (<see cref="ICashFlowStoreQuery"/>), <see cref="CashFlowRules"/> classifies them and
/// the configured <see cref="ExchangeRates"/> convert them, as the position does.
/// </summary>
public sealed class CashFlowQuery(ICashFlowStoreQuery store, ExchangeRates rates, TimeProvider clock) : ICashFlowQuery
{
    public async Task<CashFlowComparison> ThisMonthAndLastAsync(ObjectId ownerId, string baseCurrency, TimeZoneInfo customerZone, CancellationToken cancellationToken = default)
    {
        var currency = baseCurrency.Trim().ToUpperInvariant();
        if (!rates.Knows(currency))
        {
            throw new TransactionFilterException(nameof(baseCurrency),
                $"baseCurrency '{baseCurrency}' has no rate in the exchange-rate table; use one of {string.Join(", ", rates.Currencies.Order(StringComparer.Ordinal))}.");
        }
        var today = CustomerCalendar.DayIn(customerZone, clock.GetUtcNow());
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        var lastMonth = thisMonth.AddMonths(-1);
        // The window reaches past both ends so a transfer's other half is seen even across a month's edge.
        var from = lastMonth.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) - CashFlowRules.TransferWindow;
        var to = today.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) + CashFlowRules.TransferWindow;
        var booked = await store.GetBookedLinesAsync(ownerId, from, to, cancellationToken);
        // Pending payments are only days old: this month's, with the transfer window before it for a move's other half.
        var pendingFrom = thisMonth.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) - CashFlowRules.TransferWindow;
        var pending = await store.GetPendingLinesAsync(ownerId, pendingFrom, to, cancellationToken);
        // The booked figures are classified on their own, as the transactions page's spending by category is, so the two
        // always agree; the pending lines are classified beside the booked ones, so a pending half of a move is a move.
        var kinds = CashFlowRules.Classify(booked);
        return new CashFlowComparison(currency, today,
            Summarise(Month(thisMonth), kinds, currency, rates) with
            {
                Pending = SummarisePending(Month(thisMonth), pending, pending.Count == 0 ? kinds : CashFlowRules.Classify([.. booked, .. pending]), currency, rates),
            },
            Summarise(Month(lastMonth), kinds, currency, rates));
    }

    /// <summary>Pure: the month's pending payments by kind, <paramref name="kinds"/> classifying them with the booked lines.</summary>
    public static PendingCashFlow SummarisePending(string month, IReadOnlyList<CashFlowLine> pending,
        IReadOnlyDictionary<CashFlowLine, CashFlowKind> kinds, string baseCurrency, ExchangeRates rates)
    {
        decimal spending = 0m, income = 0m, debt = 0m;
        int spendingCount = 0, incomeCount = 0, debtCount = 0;
        foreach (var line in pending)
        {
            if (line.Amount == 0m || TransactionRules.MonthOf(line.BookingDate) != month
                || rates.RateBetween(line.Currency.Trim(), baseCurrency) is not { } rate)
            {
                continue;
            }
            var amount = Math.Abs(line.Amount) * rate;
            switch (kinds.GetValueOrDefault(line))
            {
                case CashFlowKind.Spending:
                    spending += amount;
                    spendingCount++;
                    break;
                case CashFlowKind.Income:
                    income += amount;
                    incomeCount++;
                    break;
                case CashFlowKind.DebtPayment:
                    debt += amount;
                    debtCount++;
                    break;
            }
        }
        return new PendingCashFlow(Round(spending), spendingCount, Round(income), incomeCount, Round(debt), debtCount);
    }

    private static string Month(DateOnly first) => first.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>
    /// Pure: the month's lines by kind, converted at the table rate and rounded to cents once per
    /// figure. A currency the table does not know is left out rather than guessed.
    /// </summary>
    public static CashFlowMonth Summarise(string month, IReadOnlyDictionary<CashFlowLine, CashFlowKind> kinds, string baseCurrency, ExchangeRates rates)
    {
        var spending = new Dictionary<string, (decimal Amount, int Count)>(StringComparer.Ordinal);
        var income = new Dictionary<string, (decimal Amount, int Count)>(StringComparer.Ordinal);
        decimal debt = 0m, transfers = 0m;
        int debtCount = 0, transferCount = 0;
        foreach (var (line, kind) in kinds)
        {
            if (line.Amount == 0m || TransactionRules.MonthOf(line.BookingDate) != month
                || rates.RateBetween(line.Currency.Trim(), baseCurrency) is not { } rate)
            {
                continue;
            }
            var amount = Math.Abs(line.Amount) * rate;
            switch (kind)
            {
                case CashFlowKind.Spending:
                    Add(spending, TransactionRules.CategoryName(line.Category), amount);
                    break;
                case CashFlowKind.Income:
                    Add(income, TransactionRules.CategoryName(line.Category), amount);
                    break;
                case CashFlowKind.DebtPayment:
                    debt += amount;
                    debtCount++;
                    break;
                case CashFlowKind.InternalTransfer when line.Amount < 0:
                    // One half of each pair, so a move of 100 counts as 100, not 200.
                    transfers += amount;
                    transferCount++;
                    break;
            }
        }
        return new CashFlowMonth(month, Ordered(spending), Ordered(income), Round(debt), debtCount, Round(transfers), transferCount);
    }

    private static void Add(Dictionary<string, (decimal Amount, int Count)> sums, string category, decimal amount)
    {
        sums.TryGetValue(category, out var sum);
        sums[category] = (sum.Amount + amount, sum.Count + 1);
    }

    private static IReadOnlyList<CategoryAmount> Ordered(Dictionary<string, (decimal Amount, int Count)> sums) =>
        [.. sums.Select(s => new CategoryAmount(s.Key, Round(s.Value.Amount), s.Value.Count))
            .OrderByDescending(c => c.Amount).ThenBy(c => c.Category, StringComparer.Ordinal)];

    private static decimal Round(decimal amount) => decimal.Round(amount, 2, MidpointRounding.AwayFromZero);
}
