using System.Globalization;
using LeafyBank.Core.Configuration;
using Microsoft.Extensions.Configuration;

namespace LeafyBank.Core.Security.Sessions;

/// <summary>
/// How long a Leafy Bank sign-in lasts: it ends after <see cref="Idle"/> without a request or
/// circuit activity (<c>LEAFYBANK_SESSION_IDLE_MINUTES</c>, 30 by default) and after
/// <see cref="Absolute"/> in any case (<c>LEAFYBANK_SESSION_ABSOLUTE_HOURS</c>, 8 by default).
/// </summary>
public sealed record SessionLifetime(TimeSpan Idle, TimeSpan Absolute)
{
    public const string IdleMinutesKey = "LEAFYBANK_SESSION_IDLE_MINUTES";
    public const string AbsoluteHoursKey = "LEAFYBANK_SESSION_ABSOLUTE_HOURS";

    public static readonly SessionLifetime Default = new(TimeSpan.FromMinutes(30), TimeSpan.FromHours(8));

    public static SessionLifetime FromConfiguration(IConfiguration configuration)
    {
        var idle = TimeSpan.FromMinutes(Whole(configuration, IdleMinutesKey, (int)Default.Idle.TotalMinutes, 1, 24 * 60, "minutes"));
        var absolute = TimeSpan.FromHours(Whole(configuration, AbsoluteHoursKey, (int)Default.Absolute.TotalHours, 1, 30 * 24, "hours"));
        return idle > absolute
            ? throw new ConfigurationException(IdleMinutesKey, $"must not be longer than {AbsoluteHoursKey} ({absolute.TotalHours:0} hours); got {idle.TotalMinutes:0} minutes.")
            : new SessionLifetime(idle, absolute);
    }

    private static int Whole(IConfiguration configuration, string key, int fallback, int minimum, int maximum, string unit) =>
        configuration[key] switch
        {
            null or "" => fallback,
            var text when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum => value,
            var text => throw new ConfigurationException(key, $"must be a whole number of {unit} between {minimum} and {maximum} (got '{text}')."),
        };
}
