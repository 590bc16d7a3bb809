namespace LeafyBank.Core.Configuration;

/// <summary>The names of the settings, as they appear in environment variables, .env and appsettings.</summary>
public static class ConfigurationKeys
{
    public const string MongoUri = "MONGODB_URI";
    public const string MongoDatabase = "MONGODB_DATABASE";
    public const string DataDirectory = "LEAFYBANK_DATA_DIR";
    public const string DefaultDatabaseName = "open_finance";
    public const string MongoStableApi = "LEAFYBANK_MONGODB_STABLE_API";
    public const string MongoWriteConcern = "LEAFYBANK_MONGODB_WRITE_CONCERN";
    public const string AnalyticsReadPreference = "LEAFYBANK_ANALYTICS_READ_PREFERENCE";
    public const string AnalyticsReadTags = "LEAFYBANK_ANALYTICS_READ_TAGS";
}
