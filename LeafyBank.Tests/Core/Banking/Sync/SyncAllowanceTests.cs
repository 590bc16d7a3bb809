namespace LeafyBank.Tests.Core.Banking.Sync;

/// <summary>The day's allowance windows and where the next unattended sync goes after each kind of sync.</summary>
public sealed class SyncAllowanceTests
{
    private static readonly DateTime Day = TestTime.UtcNow.Date;

    [Theory]
    [InlineData(4, "00:00", "06:00")]
    [InlineData(4, "05:59:59", "06:00")]
    [InlineData(4, "06:00", "12:00")]
    [InlineData(4, "17:30", "18:00")]
    [InlineData(4, "18:00", "1.00:00")]
    [InlineData(4, "23:59:59", "1.00:00")]
    [InlineData(1, "00:00", "1.00:00")]
    [InlineData(1, "13:00", "1.00:00")]
    [InlineData(3, "07:59", "08:00")]
    [InlineData(3, "16:00", "1.00:00")]
    public void The_next_window_starts_at_the_next_of_frequencyPerDay_even_divisions_of_the_UTC_day(int frequencyPerDay, string at, string expected)
    {
        Assert.Equal(Day + TimeSpan.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            SyncAllowance.NextWindowStart(Day + TimeSpan.Parse(at, System.Globalization.CultureInfo.InvariantCulture), frequencyPerDay));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(24)]
    public void Following_the_windows_from_midnight_gives_exactly_frequencyPerDay_starts_a_day(int frequencyPerDay)
    {
        var starts = new List<DateTime>();
        for (var at = Day; at < Day.AddDays(3); at = SyncAllowance.NextWindowStart(at, frequencyPerDay))
        {
            starts.Add(at);
        }

        Assert.All(starts.GroupBy(s => s.Date), day => Assert.Equal(frequencyPerDay, day.Count()));
        Assert.Equal(3, starts.Select(s => s.Date).Distinct().Count());
    }

    [Fact]
    public void After_an_unattended_sync_the_next_waits_for_the_next_window_or_the_banks_Retry_After_whichever_is_later()
    {
        var now = Day.AddHours(7);

        Assert.Equal(Day.AddHours(12), SyncAllowance.AfterUnattended(now, 4));
        Assert.Equal(Day.AddHours(12), SyncAllowance.AfterUnattended(now, 4, TimeSpan.FromMinutes(5)));
        Assert.Equal(Day.AddDays(1), SyncAllowance.AfterUnattended(now, 4, TimeSpan.FromHours(17)));
    }

    [Fact]
    public void A_customer_present_sync_never_brings_the_plan_forward_and_never_pushes_it_past_the_next_window()
    {
        var now = Day.AddHours(7);

        // Planned in a later window: unchanged, whatever the outcome.
        Assert.Equal(Day.AddHours(12), SyncAllowance.AfterCustomerPresent(now, 4, Day.AddHours(12), succeeded: true));
        Assert.Equal(Day.AddHours(18), SyncAllowance.AfterCustomerPresent(now, 4, Day.AddHours(18), succeeded: true));
        Assert.Equal(Day.AddHours(12), SyncAllowance.AfterCustomerPresent(now, 4, Day.AddHours(12), succeeded: false, TimeSpan.FromMinutes(5)));
        // Due now: fresh data makes this window's refresh unnecessary; the next window's stands.
        Assert.Equal(Day.AddHours(12), SyncAllowance.AfterCustomerPresent(now, 4, Day.AddHours(6), succeeded: true));
        // A failure with the customer present backs off, but from the plan, never earlier.
        Assert.Equal(now.AddMinutes(5), SyncAllowance.AfterCustomerPresent(now, 4, Day.AddHours(6), succeeded: false, TimeSpan.FromMinutes(5)));
        // A first sync (nothing planned yet).
        Assert.Equal(Day.AddHours(12), SyncAllowance.AfterCustomerPresent(now, 4, planned: null, succeeded: true));
    }

    [Theory]
    [InlineData("23:50", true)]
    [InlineData("23:59:59", true)]
    [InlineData("23:49:59", false)]
    [InlineData("00:00", false)]
    public void The_last_minutes_of_a_UTC_day_are_kept_free_of_new_unattended_syncs(string at, bool nearDayEnd)
    {
        Assert.Equal(nearDayEnd, SyncAllowance.IsNearDayEnd(Day + TimeSpan.Parse(at, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
