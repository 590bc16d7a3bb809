using LeafyBank.Web.Components.Formatting;

namespace LeafyBank.Tests.Web.Components.Formatting;

public sealed class CustomerTimeZoneTests
{
    [Fact]
    public void A_customer_whose_browser_has_not_said_sees_UTC_and_is_told_so()
    {
        var zone = new CustomerTimeZone(TestTime.Frozen());

        Assert.Equal(TimeZoneInfo.Utc.Id, zone.Zone.Id);
        Assert.EndsWith(" UTC", zone.Moment(TestTime.Now), StringComparison.Ordinal);
    }

    [Fact]
    public void A_customer_in_Berlin_sees_the_fake_clocks_now_in_Berlin_time_across_the_clock_change()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 3, 30, 0, 30, 0, TimeSpan.Zero));
        var zone = new CustomerTimeZone(clock);
        var changes = 0;
        zone.Changed += () => changes++;

        Assert.True(zone.Use("Europe/Berlin"));
        Assert.Equal(1, changes);
        Assert.Equal("30 Mar 2025, 01:30 CET", zone.Moment(zone.Now));
        Assert.Equal(TimeSpan.FromHours(1), zone.Now.Offset);

        clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal("30 Mar 2025, 03:30 CEST", zone.Moment(clock.GetUtcNow()));
        Assert.Equal(TimeSpan.FromHours(2), zone.Now.Offset);
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("")]
    [InlineData("../../etc/passwd")]
    [InlineData("Europe/Berlin_but_far_too_long_to_be_any_time_zone_the_database_knows_of_at_all")]
    public void An_unknown_zone_from_the_cookie_leaves_the_zone_as_it_was(string cookie)
    {
        var zone = new CustomerTimeZone(TestTime.Frozen());
        zone.Use("Asia/Tokyo");

        Assert.False(zone.Use(cookie));

        Assert.Equal("Asia/Tokyo", zone.Zone.Id);
    }

    [Fact]
    public void The_same_zone_again_is_not_a_change()
    {
        var zone = new CustomerTimeZone(TestTime.Frozen());
        Assert.True(zone.Use("Asia/Tokyo"));

        Assert.False(zone.Use("Asia/Tokyo"));
    }
}
