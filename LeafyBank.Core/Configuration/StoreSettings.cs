using Microsoft.Extensions.Configuration;
using MongoDB.Driver;

namespace LeafyBank.Core.Configuration;

/// <summary>
/// Which engine to use and where, read from configuration (environment, .env, appsettings)
/// and validated at start-up: a bad value fails with the key's name, never later.
/// </summary>
public sealed record StoreSettings(string? MongoUri, string DatabaseName, string DataDirectory)
{
    public bool UsesMongo => MongoUri is not null;

    /// <summary>Where the embedded store lives when <c>LEAFYBANK_DATA_DIR</c> is unset.</summary>
    public static string DefaultDataDirectory
    {
        get
        {
            var appData = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
            return string.IsNullOrWhiteSpace(appData)
                ? Path.GetFullPath(".leafybank-data")
                : Path.Combine(appData, "LeafyBank");
        }
    }

    public static StoreSettings FromConfiguration(IConfiguration configuration)
    {
        var uri = configuration[ConfigurationKeys.MongoUri];
        if (string.IsNullOrWhiteSpace(uri))
        {
            uri = null;
        }
        else
        {
            try
            {
                MongoUrl.Create(uri);
            }
            catch (Exception exception) when (exception is MongoConfigurationException or FormatException or ArgumentException)
            {
                // The parser's message can echo the URI, credentials included: name the key, not the value.
                throw new ConfigurationException(ConfigurationKeys.MongoUri,
                    "is not a valid MongoDB connection string. Expected e.g. mongodb://localhost:27017 or mongodb+srv://user:password@cluster.example.net.");
            }
        }

        var database = configuration[ConfigurationKeys.MongoDatabase];
        database = string.IsNullOrWhiteSpace(database) ? ConfigurationKeys.DefaultDatabaseName : database.Trim();
        if (database.Length > 63 || database.IndexOfAny(['/', '\\', '.', ' ', '"', '$', '*', '<', '>', ':', '|', '?']) >= 0)
        {
            throw new ConfigurationException(ConfigurationKeys.MongoDatabase,
                $"'{database}' is not a valid database name (at most 63 characters, none of / \\ . space \" $ * < > : | ?).");
        }

        var dataDirectory = configuration[ConfigurationKeys.DataDirectory];
        if (string.IsNullOrWhiteSpace(dataDirectory))
        {
            dataDirectory = DefaultDataDirectory;
        }
        else if (dataDirectory.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            throw new ConfigurationException(ConfigurationKeys.DataDirectory, "contains characters that are not valid in a path.");
        }

        return new StoreSettings(uri, database, Path.GetFullPath(dataDirectory));
    }
}

/// <summary>A missing or invalid setting, named by its key so the fix is obvious.</summary>
public sealed class ConfigurationException(string key, string problem)
    : Exception($"Configuration value {key} {problem}")
{
    public string Key { get; } = key;
}
