using System.ComponentModel;
using LeafyBank.Core.Configuration;
using Microsoft.Extensions.Configuration;

namespace LeafyBank.Core.Security.Sessions;

/// <summary>
/// How long a Leafy Bank sign-in lasts: it ends after <see cref="Idle"/> without a request or
/// circuit activity (<c>LeafyBank:Sessions:IdleMinutes</c>, alias <c>LEAFYBANK_SESSION_IDLE_MINUTES</c>,
/// 30 by default) and after <see cref="Absolute"/> in any case (<c>LeafyBank:Sessions:AbsoluteHours</c>,
/// alias <c>LEAFYBANK_SESSION_ABSOLUTE_HOURS</c>, 8 by default).
/// </summary>
public sealed record SessionLifetime
{
    public const string Section = "LeafyBank:Sessions";
    public const string IdleMinutesKey = "LEAFYBANK_SESSION_IDLE_MINUTES";
    public const string AbsoluteHoursKey = "LEAFYBANK_SESSION_ABSOLUTE_HOURS";

    public static readonly SessionLifetime Default = new();

    public SessionLifetime()
    {
    }

    public SessionLifetime(TimeSpan idle, TimeSpan absolute)
    {
        IdleMinutes = (int)idle.TotalMinutes;
        AbsoluteHours = (int)absolute.TotalHours;
    }

    [Description("a whole number of minutes between 1 and 1440")]
    public int IdleMinutes { get; set; } = 30;

    [Description("a whole number of hours between 1 and 720")]
    public int AbsoluteHours { get; set; } = 8;

    public TimeSpan Idle => TimeSpan.FromMinutes(IdleMinutes);

    public TimeSpan Absolute => TimeSpan.FromHours(AbsoluteHours);

    public static SessionLifetime FromConfiguration(IConfiguration configuration) =>
        SettingsRegistration.Read<SessionLifetime, SessionLifetimeValidator>(configuration, Section);
}

public sealed class SessionLifetimeValidator : SettingsValidator<SessionLifetime>
{
    public override void Check(SessionLifetime options)
    {
        InRange(SessionLifetime.IdleMinutesKey, options.IdleMinutes, 1, 24 * 60, "minutes");
        InRange(SessionLifetime.AbsoluteHoursKey, options.AbsoluteHours, 1, 30 * 24, "hours");
        if (options.Idle > options.Absolute)
        {
            throw new ConfigurationException(SessionLifetime.IdleMinutesKey,
                $"must not be longer than {SessionLifetime.AbsoluteHoursKey} ({options.AbsoluteHours} hours); got {options.IdleMinutes} minutes.");
        }
    }

    private static void InRange(string key, int value, int minimum, int maximum, string unit)
    {
        if (value < minimum || value > maximum)
        {
            throw new ConfigurationException(key, $"must be a whole number of {unit} between {minimum} and {maximum} (got '{value}').");
        }
    }
}
