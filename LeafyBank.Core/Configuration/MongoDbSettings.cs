using Microsoft.Extensions.Configuration;
using MongoDB.Driver;

namespace LeafyBank.Core.Configuration;

/// <summary>
/// How the app talks to MongoDB, beyond where: the Stable API version it declares, the write
/// concern of the records that must survive a failover (consents, tokens, sessions, the ledger,
/// the key ring) and where the analyst's cross-customer reads go. Read with the store settings and
/// validated at start-up; a bad value fails with the key's name. Unused on the embedded engine.
/// </summary>
public sealed record MongoDbSettings(bool StableApi, WriteConcern DurableWriteConcern, ReadPreference AnalyticsReadPreference)
{
    /// <summary>Stable API V1, <c>w: majority</c>, analytics on secondaries when there are any.</summary>
    public static MongoDbSettings Default { get; } = new(true, WriteConcern.WMajority, ReadPreference.SecondaryPreferred);

    private static readonly Dictionary<string, ReadPreferenceMode> Modes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["primary"] = ReadPreferenceMode.Primary,
        ["primaryPreferred"] = ReadPreferenceMode.PrimaryPreferred,
        ["secondary"] = ReadPreferenceMode.Secondary,
        ["secondaryPreferred"] = ReadPreferenceMode.SecondaryPreferred,
        ["nearest"] = ReadPreferenceMode.Nearest,
    };

    public static MongoDbSettings FromConfiguration(IConfiguration configuration) => new(
        ReadStableApi(configuration[ConfigurationKeys.MongoStableApi]),
        ReadWriteConcern(configuration[ConfigurationKeys.MongoWriteConcern]),
        ReadAnalyticsPreference(configuration[ConfigurationKeys.AnalyticsReadPreference], configuration[ConfigurationKeys.AnalyticsReadTags]));

    private static bool ReadStableApi(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "1" or "v1" => true,
        // Servers older than 5.0 and wire-compatible emulations refuse a declared API version.
        "off" or "none" or "false" => false,
        _ => throw new ConfigurationException(ConfigurationKeys.MongoStableApi, $"must be 1 (declare Stable API V1, the default) or off (got '{value}')."),
    };

    private static WriteConcern ReadWriteConcern(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Trim().Equals("majority", StringComparison.OrdinalIgnoreCase))
        {
            return WriteConcern.WMajority;
        }
        // w: 0 would make a lost consent or token look stored; a number of members must be at least one.
        if (int.TryParse(value.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var members) && members >= 1)
        {
            return new WriteConcern(members);
        }
        throw new ConfigurationException(ConfigurationKeys.MongoWriteConcern,
            $"must be majority (the default) or the number of replica-set members that confirm a write, at least 1 (got '{value}').");
    }

    private static ReadPreference ReadAnalyticsPreference(string? modeText, string? tagsText)
    {
        var mode = ReadPreferenceMode.SecondaryPreferred;
        if (!string.IsNullOrWhiteSpace(modeText) && !Modes.TryGetValue(modeText.Trim(), out mode))
        {
            throw new ConfigurationException(ConfigurationKeys.AnalyticsReadPreference,
                $"must be one of {string.Join(", ", Modes.Keys)} (got '{modeText}'; the default is secondaryPreferred).");
        }
        if (string.IsNullOrWhiteSpace(tagsText))
        {
            return new ReadPreference(mode);
        }
        if (mode == ReadPreferenceMode.Primary)
        {
            throw new ConfigurationException(ConfigurationKeys.AnalyticsReadTags,
                $"cannot be used with {ConfigurationKeys.AnalyticsReadPreference}=primary: tags choose among secondaries.");
        }
        var tags = new List<Tag>();
        foreach (var pair in tagsText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split(':', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
            {
                throw new ConfigurationException(ConfigurationKeys.AnalyticsReadTags,
                    $"must be name:value pairs separated by commas, e.g. nodeType:ANALYTICS (got '{tagsText}').");
            }
            tags.Add(new Tag(parts[0], parts[1]));
        }
        return new ReadPreference(mode, [new TagSet(tags)]);
    }
}
