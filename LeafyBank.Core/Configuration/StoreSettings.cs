using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MongoDB.Driver;

namespace LeafyBank.Core.Configuration;

/// <summary>
/// Which engine to use and where: MongoDB when <see cref="ConnectionString"/> is set
/// (<c>MongoDb:ConnectionString</c>, alias <c>MONGODB_URI</c> or <c>ConnectionStrings:mongodb</c>),
/// the embedded store in <see cref="DataDirectory"/> otherwise. Bound from section
/// <c>MongoDb</c>; the data directory, shared with the sandbox, is <c>LeafyBank:DataDirectory</c>.
/// </summary>
public sealed class StoreSettings
{
    public const string Section = "MongoDb";
    public const string DataDirectoryKey = "LeafyBank:DataDirectory";

    public string? ConnectionString { get; set; }

    public string Database { get; set; } = ConfigurationKeys.DefaultDatabaseName;

    /// <summary>Set from <see cref="DataDirectoryKey"/> when read; <see cref="DefaultDataDirectory"/> when that is unset.</summary>
    public string DataDirectory { get; private set; } = "";

    public string? MongoUri => string.IsNullOrWhiteSpace(ConnectionString) ? null : ConnectionString.Trim();

    public bool UsesMongo => MongoUri is not null;

    public string DatabaseName => string.IsNullOrWhiteSpace(Database) ? ConfigurationKeys.DefaultDatabaseName : Database.Trim();

    /// <summary>Where the embedded store (and the sandbox, in a folder of its own) lives when <c>LEAFYBANK_DATA_DIR</c> is unset.</summary>
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

    /// <summary>The store's settings from <paramref name="configuration"/>, checked; throws <see cref="ConfigurationException"/>.</summary>
    public static StoreSettings FromConfiguration(IConfiguration configuration) =>
        SettingsRegistration.Read<StoreSettings, StoreSettingsValidator>(configuration, Section, Complete);

    /// <summary>Registers the settings (ValidateOnStart) and returns them checked, for the choice of engine.</summary>
    public static StoreSettings Register(IServiceCollection services, IConfiguration configuration) =>
        services.AddValidatedSettings<StoreSettings, StoreSettingsValidator>(configuration, Section, Complete);

    private static void Complete(StoreSettings settings, IConfiguration configuration) =>
        settings.DataDirectory = ResolveDataDirectory(configuration[DataDirectoryKey]);

    /// <summary>The data directory as a full path; the one place its default is applied.</summary>
    public static string ResolveDataDirectory(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(DefaultDataDirectory);
        }
        if (configured.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            throw new ConfigurationException(ConfigurationKeys.DataDirectory, "contains characters that are not valid in a path.");
        }
        return Path.GetFullPath(configured);
    }
}

/// <summary>Today's checks of the store's settings, as messages that name the key.</summary>
public sealed class StoreSettingsValidator : SettingsValidator<StoreSettings>
{
    public override void Check(StoreSettings options)
    {
        if (options.MongoUri is { } uri)
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

        var database = options.DatabaseName;
        if (database.Length > 63 || database.IndexOfAny(['/', '\\', '.', ' ', '"', '$', '*', '<', '>', ':', '|', '?']) >= 0)
        {
            throw new ConfigurationException(ConfigurationKeys.MongoDatabase,
                $"'{database}' is not a valid database name (at most 63 characters, none of / \\ . space \" $ * < > : | ?).");
        }
    }
}
