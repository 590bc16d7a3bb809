using System.Security.Cryptography;
using System.Text;
using LeafyBank.Core.Transactions;
using MongoDB.Bson;

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
    /// The fingerprint of the accounts and loans <paramref name="position"/> counted (what <see cref="DailyPosition.Holdings"/>
    /// keeps): the first 12 bytes of a SHA-256 over the owner's id and each <see cref="GlobalPosition.Holdings"/> entry
    /// (kind, bank, the bank's id: the key each document is written under, so it stays the same from one sync to the next and
    /// comes back the same if the account is shared again), in base64. Two days that counted the same accounts and loans have the
    /// same fingerprint; any account or loan more or less changes it. Salted with the owner so the same joint account in two
    /// customers' histories does not read alike, and one-way so the history names no account number.
    /// </summary>
    public static string HoldingsOf(GlobalPosition position, ObjectId ownerId)
    {
        var text = new StringBuilder(ownerId.ToString());
        // Length-prefixed fields: no bank name or id can be read as two.
        foreach (var holding in position.Holdings
                     .OrderBy(h => h.Kind, StringComparer.Ordinal).ThenBy(h => h.Bank, StringComparer.Ordinal).ThenBy(h => h.Id, StringComparer.Ordinal))
        {
            foreach (var field in (ReadOnlySpan<string>)[holding.Kind, holding.Bank, holding.Id])
            {
                text.Append('|').Append(field.Length).Append(':').Append(field);
            }
        }
        return Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())).AsSpan(0, 12));
    }

    /// <summary>
    /// The newest days of <paramref name="days"/> (oldest first) that are comparable with today: they counted the same
    /// institutions as <paramref name="currentBanks"/> and the same accounts and loans as <paramref name="currentHoldings"/>
    /// (<see cref="HoldingsOf"/>). Everything up to the last day that counted others is left out, and those days are estimated
    /// instead, backwards from the first comparable day (<see cref="EstimateBefore"/>, drawn dashed).
    /// <list type="bullet">
    /// <item>A day recorded before a bank was linked holds none of that bank's money, so drawing it beside today's figure
    /// shows a jump on the day of the link that never happened to the customer.</item>
    /// <item>A day that counted an account or loan whose data the customer has since removed (their bank no longer shares it)
    /// holds its money: drawn solid it shows a fall on the day of the removal that never happened, and the removed account's
    /// balance could be read off the chart. The same holds the other way for an account shared only since. Worked backwards
    /// instead, a payment into the removed account is money leaving the accounts Leafy Bank sees (its other half went with
    /// the account), which is what it now is.</item>
    /// <item>A day recorded before snapshots kept their banks cannot be told apart, so it is treated the same way:
    /// a dashed estimate is honest where a solid line might not be.</item>
    /// <item>A day recorded before snapshots kept their accounts and loans (<see cref="DailyPosition.Holdings"/> null) but
    /// with their banks is compared by its banks alone, as before. Treating it as not comparable would turn every customer's
    /// recorded history into estimates on the upgrade, for the sake of the rare day that counted an account removed since
    /// (a removal made before the upgrade). Any later day that does record a different set still leaves it out, since
    /// everything up to that day is.</item>
    /// </list>
    /// </summary>
    public static IReadOnlyList<DailyPosition> ComparableWithNow(IReadOnlyList<DailyPosition> days, IReadOnlyList<string> currentBanks, string currentHoldings)
    {
        var lastOther = -1;
        for (var i = 0; i < days.Count; i++)
        {
            if (days[i].Banks is not { } banks || !banks.SequenceEqual(currentBanks, StringComparer.Ordinal)
                || (days[i].Holdings is { } holdings && !string.Equals(holdings, currentHoldings, StringComparison.Ordinal)))
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
