using System.Globalization;
using Microsoft.Extensions.Configuration;
using MongoDB.Driver;

namespace LeafyBank.Core.Configuration;

/// <summary>
/// How the app talks to MongoDB, beyond where: the Stable API version it declares, the write
/// concern of the records that must survive a failover (consents, tokens, sessions, the ledger,
/// the key ring) and where the analyst's cross-customer reads go. Bound from section <c>MongoDb</c>
/// and checked on either engine, so a typo is found before the day MongoDB is switched on.
/// </summary>
public sealed class MongoDbSettings
{
    public const string Section = "MongoDb";

    /// <summary>Stable API V1, <c>w: majority</c>, analytics on secondaries when there are any.</summary>
    public static MongoDbSettings Default => new();

    /// <summary><c>1</c> (declare Stable API V1) or <c>off</c>.</summary>
    public string StableApi { get; set; } = "1";

    /// <summary><c>majority</c> or the number of members that confirm a write.</summary>
    public string WriteConcern { get; set; } = "majority";

    public string AnalyticsReadMode { get; set; } = "secondaryPreferred";

    /// <summary>name:value pairs separated by commas, e.g. <c>nodeType:ANALYTICS</c>; empty for none.</summary>
    public string AnalyticsReadTags { get; set; } = "";

    internal static readonly Dictionary<string, ReadPreferenceMode> Modes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["primary"] = ReadPreferenceMode.Primary,
        ["primaryPreferred"] = ReadPreferenceMode.PrimaryPreferred,
        ["secondary"] = ReadPreferenceMode.Secondary,
        ["secondaryPreferred"] = ReadPreferenceMode.SecondaryPreferred,
        ["nearest"] = ReadPreferenceMode.Nearest,
    };

    public bool DeclaresStableApi => StableApi?.Trim().ToLowerInvariant() switch
    {
        null or "" or "1" or "v1" => true,
        // Servers older than 5.0 and wire-compatible emulations refuse a declared API version.
        "off" or "none" or "false" => false,
        _ => throw new ConfigurationException(ConfigurationKeys.MongoStableApi, $"must be 1 (declare Stable API V1, the default) or off (got '{StableApi}')."),
    };

    public WriteConcern DurableWriteConcern
    {
        get
        {
            if (string.IsNullOrWhiteSpace(WriteConcern) || WriteConcern.Trim().Equals("majority", StringComparison.OrdinalIgnoreCase))
            {
                return MongoDB.Driver.WriteConcern.WMajority;
            }
            // w: 0 would make a lost consent or token look stored; a number of members must be at least one.
            if (int.TryParse(WriteConcern.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var members) && members >= 1)
            {
                return new WriteConcern(members);
            }
            throw new ConfigurationException(ConfigurationKeys.MongoWriteConcern,
                $"must be majority (the default) or the number of replica-set members that confirm a write, at least 1 (got '{WriteConcern}').");
        }
    }

    public ReadPreference AnalyticsReadPreference
    {
        get
        {
            var mode = ReadPreferenceMode.SecondaryPreferred;
            if (!string.IsNullOrWhiteSpace(AnalyticsReadMode) && !Modes.TryGetValue(AnalyticsReadMode.Trim(), out mode))
            {
                throw new ConfigurationException(ConfigurationKeys.AnalyticsReadPreference,
                    $"must be one of {string.Join(", ", Modes.Keys)} (got '{AnalyticsReadMode}'; the default is secondaryPreferred).");
            }
            if (string.IsNullOrWhiteSpace(AnalyticsReadTags))
            {
                return new ReadPreference(mode);
            }
            if (mode == ReadPreferenceMode.Primary)
            {
                throw new ConfigurationException(ConfigurationKeys.AnalyticsReadTags,
                    $"cannot be used with {ConfigurationKeys.AnalyticsReadPreference}=primary: tags choose among secondaries.");
            }
            var tags = new List<Tag>();
            foreach (var pair in AnalyticsReadTags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var parts = pair.Split(':', 2, StringSplitOptions.TrimEntries);
                if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
                {
                    throw new ConfigurationException(ConfigurationKeys.AnalyticsReadTags,
                        $"must be name:value pairs separated by commas, e.g. nodeType:ANALYTICS (got '{AnalyticsReadTags}').");
                }
                tags.Add(new Tag(parts[0], parts[1]));
            }
            return new ReadPreference(mode, [new TagSet(tags)]);
        }
    }

    public static MongoDbSettings FromConfiguration(IConfiguration configuration) =>
        SettingsRegistration.Read<MongoDbSettings, MongoDbSettingsValidator>(configuration, Section);
}

/// <summary>Reads each derived value once: its parse throws the message naming the key.</summary>
public sealed class MongoDbSettingsValidator : SettingsValidator<MongoDbSettings>
{
    public override void Check(MongoDbSettings options)
    {
        _ = options.DeclaresStableApi;
        _ = options.DurableWriteConcern;
        _ = options.AnalyticsReadPreference;
    }
}
