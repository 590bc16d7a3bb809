using System.Globalization;

namespace LeafyBank.Sandbox.Consents;

/// <summary>
/// How long a consent lasts, in the words of the consent page. A third party asking for N days
/// sends <c>validUntil</c> = today + N (Berlin Group: the last day of validity), so the length
/// is the days from today to that day, N. Counting both today and the last day (N + 1, the page
/// once said "91 days" for 90) describes the same expiry in a way no customer was told. The
/// expiry itself is unchanged: the consent works through its last day (<see cref="Consent.ExpiresAt"/>).
/// </summary>
public static class ConsentDuration
{
    public static int DaysFrom(DateOnly today, DateOnly validUntil) => validUntil.DayNumber - today.DayNumber;

    public static string Describe(int days, DateOnly validUntil)
    {
        var lastDay = validUntil.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
        return days switch
        {
            <= 0 => $"Until the end of today, {lastDay}",
            1 => $"For 1 day, until the end of {lastDay}",
            _ => $"For {days.ToString(CultureInfo.InvariantCulture)} days, until the end of {lastDay}",
        };
    }
}
