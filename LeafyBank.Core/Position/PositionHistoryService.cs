using LeafyBank.Core.Customers;
using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence;
using LeafyBank.Core.Transactions;

namespace LeafyBank.Core.Position;

/// <summary>
/// Keeps and reads each customer's daily position snapshots (<c>position_history</c>): what the
/// daily job and a finished sync record, and the 90 days the dashboard draws. A day is the
/// customer's own calendar day (<see cref="CustomerCalendar"/>).
/// </summary>
public sealed class PositionHistoryService(IPositionHistoryStore store, ICashFlowStoreQuery cashFlow, GlobalPositionService positions, ExchangeRates rates, TimeProvider clock)
    : INetWorthHistoryReader
{
    /// <summary>Records <paramref name="user"/>'s position now as today's snapshot (replacing an earlier one of today).</summary>
    public async Task<UpsertOutcome> RecordAsync(LeafyUser user, string source, CancellationToken cancellationToken = default)
    {
        var position = await positions.GetAsync(user, cancellationToken);
        var now = clock.GetUtcNow();
        return await store.RecordAsync(new DailyPosition
        {
            SnapshotUser = new PartyReference { UserId = user.Id, UserName = user.UserName },
            Day = DailyPosition.Midnight(CustomerCalendar.DayOf(user, now)),
            RecordedAt = now.UtcDateTime,
            Currency = position.Currency,
            TotalBalance = position.TotalBalance,
            TotalDebt = position.TotalDebt,
            NetWorth = position.NetWorth,
            Source = source,
            Banks = PositionHistoryRules.BanksOf(position),
            Holdings = PositionHistoryRules.HoldingsOf(position, user.Id),
        }, cancellationToken);
    }

    /// <summary>
    /// The once-a-day snapshot: recorded only when <paramref name="user"/> has none for today yet,
    /// so running the daily pass again (a restart, a second instance) writes nothing. A figure filed
    /// under today before today began where the customer is (their time zone was not yet known, or
    /// they moved west) is not today's, and is replaced.
    /// </summary>
    public async Task<UpsertOutcome> RecordDailyAsync(LeafyUser user, CancellationToken cancellationToken = default)
    {
        var today = CustomerCalendar.DayOf(user, clock.GetUtcNow());
        var recorded = await store.ReadAsync(user.Id, today, today, cancellationToken);
        if (recorded.Any(snapshot => CustomerCalendar.DayOf(user, DateTime.SpecifyKind(snapshot.RecordedAt, DateTimeKind.Utc)) >= today))
        {
            return UpsertOutcome.Unchanged;
        }
        return await RecordAsync(user, DailyPositionSources.Daily, cancellationToken);
    }

    public async Task<NetWorthHistory> GetNetWorthAsync(LeafyUser user, GlobalPosition current, int days = PositionHistoryRules.ChartDays,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        var currency = current.Currency.Trim().ToUpperInvariant();
        var today = CustomerCalendar.DayOf(user, clock.GetUtcNow());
        var from = today.AddDays(-(days - 1));
        var read = await store.ReadAsync(user.Id, from, today, cancellationToken);
        var snapshots = PositionHistoryRules.ComparableWithNow(read, PositionHistoryRules.BanksOf(current), PositionHistoryRules.HoldingsOf(current, user.Id));
        var notComparable = read.Count(s => DateOnly.FromDateTime(s.Day) < today) - snapshots.Count(s => DateOnly.FromDateTime(s.Day) < today);
        var recorded = new List<NetWorthPoint>();
        // Today's point is the position just computed, not today's snapshot: a sync may have finished
        // since it was written, and the page's totals and its chart must agree.
        foreach (var snapshot in snapshots.Where(s => DateOnly.FromDateTime(s.Day) < today))
        {
            // A day recorded in another base currency (the customer changed it) is converted at
            // today's table; one the table cannot convert is left out rather than guessed.
            if (rates.RateBetween(snapshot.Currency, currency) is { } rate)
            {
                recorded.Add(new NetWorthPoint(DateOnly.FromDateTime(snapshot.Day), decimal.Round(snapshot.NetWorth * rate, 2, MidpointRounding.AwayFromZero), false));
            }
        }
        recorded.Add(new NetWorthPoint(today, current.NetWorth, false));
        var anchor = recorded[0];
        if (anchor.Day <= from)
        {
            return new NetWorthHistory(currency, recorded) { DaysNotComparable = notComparable };
        }
        var fromUtc = from.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var toUtcExclusive = anchor.Day.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var lines = await cashFlow.GetBookedLinesAsync(user.Id, fromUtc, toUtcExclusive, cancellationToken);
        if (lines.Count == 0)
        {
            // Nothing booked before the first record: no honest way to draw earlier days.
            return new NetWorthHistory(currency, recorded) { DaysNotComparable = notComparable };
        }
        var firstBooked = DateOnly.FromDateTime(lines.Min(l => l.BookingDate).ToUniversalTime());
        // Only back to the day before the first booked transaction read: earlier, nothing is known.
        var estimateFrom = firstBooked.AddDays(-1) > from ? firstBooked.AddDays(-1) : from;
        var estimated = PositionHistoryRules.EstimateBefore(anchor.Day, anchor.NetWorth, estimateFrom, lines, currency, rates);
        return new NetWorthHistory(currency, [.. estimated, .. recorded]) { DaysNotComparable = notComparable };
    }
}
