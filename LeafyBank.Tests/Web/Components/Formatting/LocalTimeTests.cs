using LeafyBank.Web.Components.Formatting;

namespace LeafyBank.Tests.Web.Components.Formatting;

/// <summary>
/// Times in the customer's zone, walked across the clock changes on a fake clock: the instants are
/// fixed historical ones (the rules for 2025 are settled), not the run's "now".
/// </summary>
public sealed class LocalTimeTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static string MomentOn(FakeTimeProvider clock, TimeZoneInfo zone) => LocalTime.Moment(clock.GetUtcNow(), zone);

    [Fact]
    public void Berlin_jumps_from_one_fifty_nine_CET_to_three_CEST_when_summer_time_starts()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 3, 30, 0, 59, 0, TimeSpan.Zero));
        Assert.Equal("30 Mar 2025, 01:59 CET", MomentOn(clock, Berlin));

        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal("30 Mar 2025, 03:00 CEST", MomentOn(clock, Berlin));
    }

    [Fact]
    public void The_repeated_hour_when_summer_time_ends_is_told_apart_by_its_abbreviation()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 10, 26, 0, 30, 0, TimeSpan.Zero));
        var first = MomentOn(clock, Berlin);

        clock.Advance(TimeSpan.FromHours(1));
        var second = MomentOn(clock, Berlin);

        Assert.Equal("26 Oct 2025, 02:30 CEST", first);
        Assert.Equal("26 Oct 2025, 02:30 CET", second);
    }

    [Fact]
    public void New_York_changes_from_EST_to_EDT_at_two_in_the_morning_local_time()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 3, 9, 6, 59, 0, TimeSpan.Zero));
        Assert.Equal("9 Mar 2025, 01:59 EST", MomentOn(clock, NewYork));

        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal("9 Mar 2025, 03:00 EDT", MomentOn(clock, NewYork));
    }

    [Fact]
    public void Zones_the_database_names_by_number_show_their_offset_including_minutes()
    {
        var instant = new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal("1 Jun 2025, 17:45 UTC+5:45", LocalTime.Moment(instant, TimeZoneInfo.FindSystemTimeZoneById("Asia/Kathmandu")));
        Assert.Equal("1 Jun 2025, 15:00 UTC+3", LocalTime.Moment(instant, TimeZoneInfo.FindSystemTimeZoneById("Europe/Istanbul")));
        Assert.Equal("1 Jun 2025, 17:30 IST", LocalTime.Moment(instant, TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata")));
        Assert.Equal("1 Jun 2025, 12:00 UTC", LocalTime.Moment(instant, TimeZoneInfo.Utc));
    }

    [Fact]
    public void A_stored_time_without_a_kind_is_read_as_UTC()
    {
        var stored = new DateTime(2025, 7, 1, 22, 15, 0, DateTimeKind.Unspecified);

        Assert.Equal("2 Jul 2025, 00:15 CEST", LocalTime.Moment(stored, Berlin));
        Assert.Equal("2 Jul 2025", LocalTime.Day(stored, Berlin));
    }

    [Fact]
    public void The_day_is_the_customers_calendar_day()
    {
        var lateEveningUtc = new DateTimeOffset(2025, 11, 30, 15, 30, 0, TimeSpan.Zero);

        Assert.Equal("1 Dec 2025", LocalTime.Day(lateEveningUtc, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo")));
        Assert.Equal("30 Nov 2025", LocalTime.Day(lateEveningUtc, NewYork));
    }

    [Theory]
    [InlineData("CET-1CEST,M3.5.0,M10.5.0/3", "CET", "CEST")]
    [InlineData("GMT0BST,M3.5.0/1,M10.5.0", "GMT", "BST")]
    [InlineData("<-03>3", null, null)]
    [InlineData("AEST-10AEDT,M10.1.0,M4.1.0/3", "AEST", "AEDT")]
    [InlineData("IST-5:30", "IST", null)]
    public void Reads_the_names_from_a_POSIX_time_zone_rule(string posix, string? standard, string? daylight)
    {
        var names = TimeZoneAbbreviations.ParsePosix(posix);

        Assert.NotNull(names);
        Assert.Equal(standard, names.Standard);
        Assert.Equal(daylight, names.Daylight);
    }
}
