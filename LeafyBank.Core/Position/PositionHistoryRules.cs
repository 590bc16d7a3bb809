using LeafyBank.Core.Transactions;

namespace LeafyBank.Core.Position;

/// <summary>What the position history means, shared by both engines and the service.</summary>
public static class PositionHistoryRules
{
    /// <summary>How many days the dashboard's "net worth over time" covers (today included).</summary>
    public const int ChartDays = 90;

    /// <summary>One snapshot per day, the one recorded last that day; oldest day first.</summary>
    public static IReadOnlyList<DailyPosition> LastPerDay(IEnumerable<DailyPosition> snapshots) =>
        [.. snapshots
            .GroupBy(s => s.Day)
            .Select(day => day.OrderBy(s => s.RecordedAt).ThenBy(s => s.Id).Last())
            .OrderBy(s => s.Day)];

    /// <summary>The institutions <paramref name="position"/> counts, each once, in ordinal order (what <see cref="DailyPosition.Banks"/> keeps).</summary>
    public static List<string> BanksOf(GlobalPosition position) =>
        [.. position.ByInstitution.Select(i => i.Bank).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>
    /// The newest days of <paramref name="days"/> (oldest first) that counted the same institutions as
    /// <paramref name="currentBanks"/>: everything up to the last day that counted others is left out.
    /// A day recorded before a bank was linked holds none of that bank's money, so drawing it beside
    /// today's figure shows a jump on the day of the link that never happened to the customer; those
    /// days are estimated instead, backwards from the first day that counted every bank linked now.
    /// A day recorded before snapshots kept their banks cannot be told apart, so it is treated the same way:
    /// a dashed estimate is honest where a solid line might not be.
    /// </summary>
    public static IReadOnlyList<DailyPosition> SameBanksAsNow(IReadOnlyList<DailyPosition> days, IReadOnlyList<string> currentBanks)
    {
        var lastOther = -1;
        for (var i = 0; i < days.Count; i++)
        {
            if (days[i].Banks is not { } banks || !banks.SequenceEqual(currentBanks, StringComparer.Ordinal))
            {
                lastOther = i;
            }
        }
        return [.. days.Skip(lastOther + 1)];
    }

    /// <summary>
    /// Net worth per day for days before <paramref name="anchorDay"/>, worked backwards from the
    /// anchor's figure: each earlier day is the next day's figure minus what was booked on the
    /// next day (money in raises net worth, money out lowers it). Transfers between the
    /// customer's own linked accounts cancel out on their own. A loan or mortgage repayment
    /// (<see cref="CashFlowRules.IsDebtPayment"/>) lowers the balance and the debt alike, so it
    /// is taken as neutral: only its interest part changes net worth, and no bank reports that
    /// split. Only amounts the rate table can convert are used; an unconvertible line is left out.
    /// </summary>
    public static IReadOnlyList<NetWorthPoint> EstimateBefore(DateOnly anchorDay, decimal anchorNetWorth, DateOnly fromDay,
        IEnumerable<CashFlowLine> bookedLines, string baseCurrency, ExchangeRates rates)
    {
        var bookedPerDay = new Dictionary<DateOnly, decimal>();
        foreach (var line in bookedLines)
        {
            if (CashFlowRules.IsDebtPayment(line) || rates.RateBetween(line.Currency.Trim(), baseCurrency) is not { } rate)
            {
                continue;
            }
            var day = DateOnly.FromDateTime(line.BookingDate.ToUniversalTime());
            bookedPerDay[day] = bookedPerDay.GetValueOrDefault(day) + line.Amount * rate;
        }
        var points = new List<NetWorthPoint>();
        var netWorth = anchorNetWorth;
        for (var day = anchorDay.AddDays(-1); day >= fromDay; day = day.AddDays(-1))
        {
            netWorth -= bookedPerDay.GetValueOrDefault(day.AddDays(1));
            points.Add(new NetWorthPoint(day, decimal.Round(netWorth, 2, MidpointRounding.AwayFromZero), Estimated: true));
        }
        points.Reverse();
        return points;
    }
}
