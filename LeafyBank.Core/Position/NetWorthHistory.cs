namespace LeafyBank.Core.Position;

/// <summary>
/// Net worth per day in <see cref="Currency"/>, oldest first. Points marked
/// <see cref="NetWorthPoint.Estimated"/> were worked out from booked transactions
/// (<see cref="PositionHistoryRules.EstimateBefore"/>), the others were recorded on their day.
/// </summary>
public sealed record NetWorthHistory(string Currency, IReadOnlyList<NetWorthPoint> Points)
{
    public int RecordedDays => Points.Count(p => !p.Estimated);

    public bool HasEstimates => Points.Any(p => p.Estimated);

    /// <summary>The first day with a recorded (not estimated) figure, if any.</summary>
    public DateOnly? FirstRecordedDay => Points.FirstOrDefault(p => !p.Estimated)?.Day;

    /// <summary>
    /// The history ending with <paramref name="netWorth"/> as <paramref name="today"/>'s figure: a
    /// page that has just computed the position shows it as today's point, whether or not today's
    /// snapshot has been written yet.
    /// </summary>
    public NetWorthHistory EndingWith(DateOnly today, decimal netWorth) =>
        this with { Points = [.. Points.Where(p => p.Day < today), new NetWorthPoint(today, netWorth, Estimated: false)] };
}

/// <summary>The customer's net worth at the end of <see cref="Day"/> (UTC).</summary>
public sealed record NetWorthPoint(DateOnly Day, decimal NetWorth, bool Estimated);
