using System.ComponentModel;
using LeafyBank.Core.Configuration;
using Microsoft.Extensions.Configuration;

namespace LeafyBank.Core.Notifications;

/// <summary>
/// How often an instance without a change stream (the embedded engine, a standalone MongoDB)
/// reads the <c>sync_state</c> of its watched customers to hear syncs finished elsewhere
/// (<c>LeafyBank:LiveUpdates:PollMilliseconds</c>, alias <c>LEAFYBANK_LIVE_UPDATES_POLL_MS</c>).
/// </summary>
public sealed record LiveUpdateSettings
{
    public const string Section = "LeafyBank:LiveUpdates";
    public const string PollMillisecondsKey = "LEAFYBANK_LIVE_UPDATES_POLL_MS";

    /// <summary>One second: a dashboard on another instance refreshes well within two.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(1);

    public LiveUpdateSettings()
    {
    }

    public LiveUpdateSettings(TimeSpan pollInterval) => PollMilliseconds = (int)pollInterval.TotalMilliseconds;

    [Description("a whole number of milliseconds between 50 and 60000")]
    public int PollMilliseconds { get; set; } = (int)DefaultPollInterval.TotalMilliseconds;

    public TimeSpan PollInterval => TimeSpan.FromMilliseconds(PollMilliseconds);

    public static LiveUpdateSettings FromConfiguration(IConfiguration configuration) =>
        SettingsRegistration.Read<LiveUpdateSettings, LiveUpdateSettingsValidator>(configuration, Section);
}

public sealed class LiveUpdateSettingsValidator : SettingsValidator<LiveUpdateSettings>
{
    public override void Check(LiveUpdateSettings options)
    {
        if (options.PollMilliseconds is < 50 or > 60_000)
        {
            throw new ConfigurationException(LiveUpdateSettings.PollMillisecondsKey,
                $"must be a whole number of milliseconds between 50 and 60000 (got '{options.PollMilliseconds}'); it is how often other instances' syncs are looked for.");
        }
    }
}
