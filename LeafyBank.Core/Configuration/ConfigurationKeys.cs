namespace LeafyBank.Core.Configuration;

/// <summary>The names of the settings, as they appear in environment variables, .env and appsettings.</summary>
public static class ConfigurationKeys
{
    public const string MongoUri = "MONGODB_URI";
    public const string MongoDatabase = "MONGODB_DATABASE";
    public const string DataDirectory = "LEAFYBANK_DATA_DIR";
    public const string DefaultDatabaseName = "open_finance";
}
