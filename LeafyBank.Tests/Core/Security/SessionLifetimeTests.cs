using LeafyBank.Core.Security.Sessions;

namespace LeafyBank.Tests.Core.Security;

public sealed class SessionLifetimeTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Without_settings_a_session_lasts_30_idle_minutes_and_8_hours_at_most()
    {
        var lifetime = SessionLifetime.FromConfiguration(Settings());

        Assert.Equal(TimeSpan.FromMinutes(30), lifetime.Idle);
        Assert.Equal(TimeSpan.FromHours(8), lifetime.Absolute);
    }

    [Fact]
    public void The_lifetimes_come_from_their_settings()
    {
        var lifetime = SessionLifetime.FromConfiguration(Settings((SessionLifetime.IdleMinutesKey, "15"), (SessionLifetime.AbsoluteHoursKey, "12")));

        Assert.Equal(new SessionLifetime(TimeSpan.FromMinutes(15), TimeSpan.FromHours(12)), lifetime);
    }

    [Theory]
    [InlineData(SessionLifetime.IdleMinutesKey, "0")]
    [InlineData(SessionLifetime.IdleMinutesKey, "half an hour")]
    [InlineData(SessionLifetime.AbsoluteHoursKey, "-1")]
    [InlineData(SessionLifetime.IdleMinutesKey, "600")]
    public void A_bad_lifetime_stops_start_up_naming_its_key(string key, string value)
    {
        var problem = Assert.Throws<ConfigurationException>(() => SessionLifetime.FromConfiguration(Settings((key, value))));

        Assert.Contains(key, problem.Message, StringComparison.Ordinal);
    }
}
