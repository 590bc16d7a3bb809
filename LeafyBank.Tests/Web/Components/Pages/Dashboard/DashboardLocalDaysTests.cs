using LeafyBank.Web.Components.Formatting;

namespace LeafyBank.Tests.Web.Components.Pages.Dashboard;

/// <summary>
/// The dashboard's days and moments in the customer's zone, said one way: "today at 21:30 EST", "yesterday at 22:00 EST", else
/// the day. The instants are fixed (the zones' rules for them are settled): 3 Dec 2026 02:30 UTC is 2 Dec 21:30 EST in New
/// York and 11:30 JST in Tokyo.
/// </summary>
public sealed class DashboardLocalDaysTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    /// <summary>A late evening in New York: 21:30 EST on 2 Dec 2026, already 3 Dec in UTC.</summary>
    private static readonly DateTime LateEveningInNewYork = new(2026, 12, 3, 2, 30, 0, DateTimeKind.Utc);

    private static BankConnection Connection(ConnectionStatus status, DateTime? endedAt, DateTime? dataAsOf) =>
        new("greenbank", "Green Bank", status, status.ToString(), "", endedAt, dataAsOf, true, false);

    [Theory]
    [InlineData(2026, 12, 3, 2, 0, "today at 21:00 EST")]
    [InlineData(2026, 12, 2, 3, 0, "yesterday at 22:00 EST")]
    [InlineData(2026, 12, 2, 4, 59, "yesterday at 23:59 EST")]
    [InlineData(2026, 12, 1, 4, 59, "30 Nov 2026")]
    public void A_moment_beside_now_is_today_or_yesterday_where_the_customer_is_else_its_day(int year, int month, int day, int hour, int minute, string expected) =>
        Assert.Equal(expected, LocalTime.Relative(new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Utc), LateEveningInNewYork, NewYork));

    [Fact]
    public void A_moment_after_now_on_a_clock_that_ran_ahead_is_given_its_day_rather_than_called_today()
    {
        var tomorrowInNewYork = LateEveningInNewYork.AddHours(3);

        Assert.Equal("3 Dec 2026", LocalTime.Relative(tomorrowInNewYork, LateEveningInNewYork, NewYork));
    }

    [Fact]
    public void A_bank_last_updated_this_evening_in_New_York_is_updated_today_there_although_UTC_is_already_tomorrow()
    {
        var synced = LateEveningInNewYork.AddMinutes(-30);

        var freshness = FreshnessView.For(new InstitutionFreshness("Green Bank", false, synced, synced, null), LateEveningInNewYork, NewYork);

        Assert.Equal("Last updated 30 minutes ago (today at 21:00 EST)", freshness.Summary);
    }

    [Fact]
    public void Every_moment_on_the_dashboard_is_said_in_the_same_words_as_the_figures_of_a_bank_no_longer_updated()
    {
        var synced = LateEveningInNewYork.AddHours(-2);
        var live = FreshnessView.For(new InstitutionFreshness("Green Bank", false, synced, synced, null), LateEveningInNewYork, NewYork);
        var kept = FreshnessView.For(new InstitutionFreshness("Green Bank", false, synced, synced, null), LateEveningInNewYork,
            Connection(ConnectionStatus.ReadOnly, LateEveningInNewYork.AddHours(-1), synced), NewYork);

        Assert.Contains("(today at 19:30 EST)", live.Summary, StringComparison.Ordinal);
        Assert.Contains("figures as of today at 19:30 EST", kept.Summary, StringComparison.Ordinal);
        Assert.All([live.Summary, kept.Summary, kept.Brief!], text => Assert.DoesNotContain("2026, ", text, StringComparison.Ordinal));
    }

    [Fact]
    public void A_bank_disconnected_in_a_New_York_evening_was_disconnected_on_that_day_there()
    {
        var freshness = FreshnessView.For(new InstitutionFreshness("Green Bank", false, null, null, null), LateEveningInNewYork.AddHours(1),
            Connection(ConnectionStatus.ReadOnly, LateEveningInNewYork, LateEveningInNewYork.AddDays(-1)), NewYork);

        Assert.StartsWith("Disconnected on 2 Dec 2026 — ", freshness.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_consent_that_ran_out_ended_on_the_last_day_the_bank_granted_in_every_zone()
    {
        var lastDay = new DateTime(2026, 12, 3, 0, 0, 0, DateTimeKind.Utc);

        var freshness = FreshnessView.For(new InstitutionFreshness("Green Bank", false, null, null, null), LateEveningInNewYork.AddDays(2),
            Connection(ConnectionStatus.Expired, lastDay, lastDay.AddDays(-1)), NewYork);

        Assert.Equal("Not updated since the consent ended on 3 Dec 2026", freshness.Summary);
        Assert.StartsWith("Expired on 3 Dec 2026 · ", freshness.Brief, StringComparison.Ordinal);
    }

    [Fact]
    public void An_account_no_longer_shared_since_an_evening_in_UTC_is_not_shared_since_the_next_morning_in_Tokyo()
    {
        var since = new DateTime(2026, 12, 2, 20, 0, 0, DateTimeKind.Utc);
        var holding = new NoLongerSharedHolding("Green Bank", PositionSide.Balance, "Savings", "Instant Saver", "•••• 9907", since, since);

        var row = FreshnessView.NoLongerSharedBy("Green Bank", since, since, since.AddHours(1), Tokyo);

        Assert.StartsWith("No longer shared by Green Bank since 3 Dec 2026 — ", row.Summary, StringComparison.Ordinal);
        Assert.Contains(", no longer shared since 3 Dec 2026 · ", FreshnessView.Includes(holding, since.AddHours(1), Tokyo), StringComparison.Ordinal);
    }

    [Fact]
    public void Pending_payments_of_a_bank_no_longer_updated_say_when_leafy_bank_last_updated_it_in_the_dashboards_words()
    {
        var source = new BankSource("Green Bank", LateEveningInNewYork.AddDays(-1), Connection(ConnectionStatus.ReadOnly, LateEveningInNewYork, LateEveningInNewYork.AddDays(-1)));

        Assert.StartsWith("Green Bank's pending payments are as Leafy Bank last updated them, yesterday at 21:30 EST. ",
            source.PendingNotUpdatedAt(LateEveningInNewYork, NewYork), StringComparison.Ordinal);
    }

    [Fact]
    public void A_calendar_date_is_the_same_day_in_every_zone_and_an_instants_day_is_the_customers()
    {
        var lastDay = new DateTime(2026, 12, 3, 0, 0, 0, DateTimeKind.Utc);

        Assert.Equal("3 Dec 2026", DashboardFormat.Day(lastDay));
        Assert.Equal("3 Dec 2026", LeafyBank.Core.Domain.DayFormat.OfCalendarDate(lastDay));
        Assert.Equal("2 Dec 2026", LocalTime.Day(lastDay, NewYork));
        Assert.Equal("3 Dec 2026", LocalTime.Day(lastDay, Tokyo));
    }
}
