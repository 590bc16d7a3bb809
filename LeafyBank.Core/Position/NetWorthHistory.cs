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
    /// How many days before today were recorded but are not drawn as recorded, because they counted other banks, accounts or
    /// loans than today (<see cref="PositionHistoryRules.ComparableWithNow"/>): estimated instead where booked transactions
    /// allow, else not drawn. A page must not say the history starts today while this is above 0: it was kept, and left out.
    /// </summary>
    public int DaysNotComparable { get; init; }
}

/// <summary>The customer's net worth at the end of <see cref="Day"/> (UTC).</summary>
public sealed record NetWorthPoint(DateOnly Day, decimal NetWorth, bool Estimated);
