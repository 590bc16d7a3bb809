namespace LeafyBank.Tests.Core.Customers;

/// <summary>A customer's day begins at their own midnight: the dates their history carries.</summary>
public sealed class CustomerCalendarTests
{
    private static readonly DateTimeOffset LateEvening = new(2026, 11, 30, 23, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("Europe/Berlin", 2026, 12, 1)]
    [InlineData("America/New_York", 2026, 11, 30)]
    [InlineData("Asia/Kathmandu", 2026, 12, 1)]
    [InlineData(null, 2026, 11, 30)]
    [InlineData("Not/A_Zone", 2026, 11, 30)]
    public void The_day_is_the_date_where_the_customer_is_and_UTC_when_that_is_unknown(string? zone, int year, int month, int day)
    {
        var customer = new LeafyUser { UserName = "adalove", TimeZone = zone };

        Assert.Equal(new DateOnly(year, month, day), CustomerCalendar.DayOf(customer, LateEvening));
    }

    [Fact]
    public void At_one_in_the_morning_UTC_it_is_still_yesterday_in_New_York()
    {
        var customer = new LeafyUser { UserName = "adalove", TimeZone = "America/New_York" };

        Assert.Equal(new DateOnly(2026, 11, 30), CustomerCalendar.DayOf(customer, new DateTimeOffset(2026, 12, 1, 1, 0, 0, TimeSpan.Zero)));
    }

    [Theory]
    // Kathmandu is 5:45 ahead of UTC: its midnight is at 18:15 UTC.
    [InlineData("Asia/Kathmandu", "2026-11-30T12:00:00Z", "2026-11-30T18:15:00Z")]
    [InlineData("America/New_York", "2026-11-30T12:00:00Z", "2026-12-01T05:00:00Z")]
    [InlineData("UTC", "2026-11-30T23:59:00Z", "2026-12-01T00:00:00Z")]
    // Havana moves its clocks from 00:00 to 01:00 on 8 March 2026: that day begins at 01:00 local, 05:00 UTC.
    [InlineData("America/Havana", "2026-03-07T17:00:00Z", "2026-03-08T05:00:00Z")]
    // On 1 November 2026 Havana's clocks go back from 01:00 to 00:00: that day begins at the first midnight, 04:00 UTC.
    [InlineData("America/Havana", "2026-10-31T12:00:00Z", "2026-11-01T04:00:00Z")]
    public void The_next_midnight_is_the_first_instant_of_the_next_local_date(string zone, string now, string expected)
    {
        var next = CustomerCalendar.NextMidnightIn(TimeZoneInfo.FindSystemTimeZoneById(zone), DateTimeOffset.Parse(now, CultureInfo.InvariantCulture));

        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), next);
    }
}
