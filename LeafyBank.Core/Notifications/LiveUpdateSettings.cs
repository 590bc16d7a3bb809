using System.Globalization;
using LeafyBank.Core.Configuration;
using Microsoft.Extensions.Configuration;

namespace LeafyBank.Core.Notifications;

/// <summary>
/// How often an instance without a change stream (the embedded engine, a standalone MongoDB)
/// reads the <c>sync_state</c> of its watched customers to hear syncs finished elsewhere.
/// </summary>
public sealed record LiveUpdateSettings(TimeSpan PollInterval)
{
    public const string PollMillisecondsKey = "LEAFYBANK_LIVE_UPDATES_POLL_MS";

    /// <summary>One second: a dashboard on another instance refreshes well within two.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(1);

    public static LiveUpdateSettings FromConfiguration(IConfiguration configuration)
    {
        var text = configuration[PollMillisecondsKey];
        if (string.IsNullOrWhiteSpace(text))
        {
            return new LiveUpdateSettings(DefaultPollInterval);
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds) || milliseconds is < 50 or > 60_000)
        {
            throw new ConfigurationException(PollMillisecondsKey,
                $"must be a whole number of milliseconds between 50 and 60000 (got '{text}'); it is how often other instances' syncs are looked for.");
        }
        return new LiveUpdateSettings(TimeSpan.FromMilliseconds(milliseconds));
    }
}
