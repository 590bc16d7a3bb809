namespace LeafyBank.Core.Banking.Sync;

/// <summary>
/// How Leafy Bank spends a consent's allowance of unattended access (Berlin Group
/// <c>frequencyPerDay</c>, PSD2 RTS Art. 36(5)(b): "no more than four times in a 24-hour
/// period"). Banks count per account, resource and UTC day, and one sync reads each resource
/// once (the pages of a report are one access). So the UTC day is cut into
/// <c>frequencyPerDay</c> equal windows (00:00, 06:00, 12:00, 18:00 for 4) and the scheduler
/// makes at most one unattended sync in each: never more than the allowance, spread over the
/// day. Customer-present syncs are not counted by the bank and never take a window.
/// </summary>
public static class SyncAllowance
{
    /// <summary>No unattended sync starts this close to UTC midnight, so none runs on into the next day's allowance.</summary>
    public static readonly TimeSpan DayEndMargin = TimeSpan.FromMinutes(10);

    /// <summary>The start of the window after the one <paramref name="at"/> falls in; after the day's last window, the next UTC midnight.</summary>
    public static DateTime NextWindowStart(DateTime at, int frequencyPerDay)
    {
        var windows = Math.Max(1, frequencyPerDay);
        var day = at.Date;
        var length = TimeSpan.TicksPerDay / windows;
        // Whole ticks: when the day does not divide evenly, the last window takes the remainder.
        var index = Math.Min(windows - 1, (at - day).Ticks / length);
        return index + 1 >= windows ? day.AddDays(1) : day.AddTicks(length * (index + 1));
    }

    /// <summary>Whether <paramref name="at"/> is within <see cref="DayEndMargin"/> of the next UTC midnight.</summary>
    public static bool IsNearDayEnd(DateTime at) => at.Date.AddDays(1) - at <= DayEndMargin;

    /// <summary>
    /// The next allowed unattended sync after one that started at <paramref name="now"/> (failed
    /// ones too: some of their reads may have been counted): the next window, or later if the
    /// bank asked to wait (<c>Retry-After</c>) or the failures call for back-off.
    /// </summary>
    public static DateTime AfterUnattended(DateTime now, int frequencyPerDay, TimeSpan? wait = null) =>
        Later(NextWindowStart(now, frequencyPerDay), wait is { } delay ? now + delay : null);

    /// <summary>
    /// The next allowed unattended sync after a customer-present one: the plan stands (the bank
    /// counted nothing), except that a successful read makes the rest of the current window
    /// unnecessary and a failure's back-off applies. Never earlier than planned, so a window
    /// already used is never used twice.
    /// </summary>
    public static DateTime AfterCustomerPresent(DateTime now, int frequencyPerDay, DateTime? planned, bool succeeded, TimeSpan? wait = null)
    {
        var plan = planned ?? now;
        return succeeded
            ? Later(plan, NextWindowStart(now, frequencyPerDay))
            : Later(plan, wait is { } delay ? now + delay : null);
    }

    private static DateTime Later(DateTime first, DateTime? second) => second is { } other && other > first ? other : first;
}
