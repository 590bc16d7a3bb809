using System.Net;
using System.Reflection;
using LeafyBank.Core.Analytics;
using LeafyBank.Core.Banking;
using LeafyBank.Core.Configuration;
using LeafyBank.Core.Notifications;
using LeafyBank.Core.Security.Sessions;
using LeafyBank.Web.Authentication;
using LeafyBank.Web.Extensions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LeafyBank.Tests.Configuration;

/// <summary>
/// One way to read settings: options classes bound from sections, the documented flat names as
/// aliases (a set flat name wins), validators that name the key and never echo a credential.
/// </summary>
public sealed class SettingsConfigurationTests
{
    /// <summary>Every options class and the section it binds.</summary>
    private static readonly (Type Options, string Section)[] OptionsClasses =
    [
        (typeof(StoreSettings), StoreSettings.Section),
        (typeof(MongoDbSettings), MongoDbSettings.Section),
        (typeof(SessionLifetime), SessionLifetime.Section),
        (typeof(LiveUpdateSettings), LiveUpdateSettings.Section),
        (typeof(AnalyticsSettings), AnalyticsSettings.Section),
        (typeof(AnalystSettings), AnalystSettings.Section),
        (typeof(DataApiSettings), DataApiSettings.Section),
        (typeof(SignInSettings), SignInSettings.Section),
        (typeof(KeyRingSettings), KeyRingSettings.Section),
        (typeof(HostingSecuritySettings), HostingSecuritySettings.Section),
        (typeof(BankingSettings), BankingSettings.Section),
    ];

    /// <summary>Keys read outside an options class: the data directory (shared with the sandbox) and the public origin (the sandbox's).</summary>
    private static readonly string[] SharedKeys = [StoreSettings.DataDirectoryKey, "LeafyBank:PublicOrigin", ConfigurationKeys.MongoConnectionString];

    private static IConfiguration Settings(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, v.Value))).Build();

    private static IEnumerable<string> BoundKeys() =>
        OptionsClasses.SelectMany(entry => entry.Options.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.SetMethod is { IsPublic: true })
            .Select(property => $"{entry.Section}:{property.Name}"));

    public static TheoryData<string, string> Aliases()
    {
        var data = new TheoryData<string, string>();
        foreach (var (flat, section) in ConfigurationKeys.Aliases)
        {
            data.Add(flat, section);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Aliases))]
    public void Every_documented_flat_name_answers_for_its_section_key(string flatName, string sectionKey)
    {
        var configuration = SettingsRegistration.WithFlatKeyAliases(Settings((flatName, "from-the-flat-name")));

        Assert.Equal("from-the-flat-name", configuration[sectionKey]);
    }

    [Theory]
    [MemberData(nameof(Aliases))]
    public void Every_flat_name_is_bound_by_an_options_class(string flatName, string sectionKey)
    {
        Assert.True(BoundKeys().Concat(SharedKeys).Contains(sectionKey, StringComparer.OrdinalIgnoreCase),
            $"{flatName} maps to {sectionKey}, which no options class binds.");
    }

    [Fact]
    public void The_flat_names_reach_the_options()
    {
        var configuration = Settings(
            (ConfigurationKeys.MongoUri, "mongodb://db.example:27017"), (ConfigurationKeys.MongoDatabase, "leafy_test"),
            (ConfigurationKeys.DataDirectory, "/var/lib/leafy-test"), (ConfigurationKeys.MongoWriteConcern, "2"),
            (SessionLifetime.IdleMinutesKey, "15"), (LiveUpdateSettings.PollMillisecondsKey, "250"),
            (AnalyticsSettings.MinimumCustomersKey, "7"), (AnalystSettings.ClaimTypeKey, "roles"),
            (DataApiSettings.AudienceKey, "api://leafy"), (SignInSettings.DevIdentityProviderUrlKey, "http://127.0.0.1:5999"),
            (HostingSecuritySettings.KnownProxiesKey, "10.0.0.5"), (HostingSecuritySettings.HealthDetailsKey, "true"),
            (BankingSettings.SyncIntervalKey, "120"), (BankingSettings.SyncEnabledKey, "false"));

        var store = StoreSettings.FromConfiguration(configuration);
        Assert.Equal("mongodb://db.example:27017", store.MongoUri);
        Assert.Equal("leafy_test", store.DatabaseName);
        Assert.Equal(Path.GetFullPath("/var/lib/leafy-test"), store.DataDirectory);
        Assert.Equal(new MongoDB.Driver.WriteConcern(2), MongoDbSettings.FromConfiguration(configuration).DurableWriteConcern);
        Assert.Equal(TimeSpan.FromMinutes(15), SessionLifetime.FromConfiguration(configuration).Idle);
        Assert.Equal(TimeSpan.FromMilliseconds(250), LiveUpdateSettings.FromConfiguration(configuration).PollInterval);
        Assert.Equal(7, AnalyticsSettings.FromConfiguration(configuration).MinimumCustomers);
        Assert.Equal("roles", AnalystSettings.FromConfiguration(configuration).ClaimType);
        Assert.Equal("api://leafy", DataApiSettings.FromConfiguration(configuration).Audience);
        Assert.Equal(new Uri("http://127.0.0.1:5999"), SignInSettings.FromConfiguration(configuration).DevIdentityProviderUrl);
        var hosting = HostingSecuritySettings.FromConfiguration(configuration);
        Assert.Equal([IPAddress.Parse("10.0.0.5")], hosting.TrustedProxies);
        Assert.True(hosting.HealthDetailsForEveryone);
        var banking = BankingSettings.FromConfiguration(configuration);
        Assert.Equal(120, banking.SyncIntervalSeconds);
        Assert.False(banking.SyncEnabled);
    }

    [Fact]
    public void A_flat_name_that_is_set_wins_over_its_section_key_and_an_empty_one_leaves_it()
    {
        var flatWins = Settings(("LeafyBank:Sessions:IdleMinutes", "20"), (SessionLifetime.IdleMinutesKey, "45"));
        var emptyFlat = Settings(("LeafyBank:Sessions:IdleMinutes", "20"), (SessionLifetime.IdleMinutesKey, ""));

        Assert.Equal(45, SessionLifetime.FromConfiguration(flatWins).IdleMinutes);
        Assert.Equal(20, SessionLifetime.FromConfiguration(emptyFlat).IdleMinutes);
    }

    [Fact]
    public void The_section_keys_alone_configure_the_app()
    {
        var configuration = Settings(("MongoDb:ConnectionString", "mongodb://section.example"), ("MongoDb:Database", "by_section"));

        var store = StoreSettings.FromConfiguration(configuration);

        Assert.Equal("mongodb://section.example", store.MongoUri);
        Assert.Equal("by_section", store.DatabaseName);
    }

    [Fact]
    public void A_host_connection_string_named_mongodb_is_accepted_and_MONGODB_URI_wins_over_it()
    {
        var hostOnly = Settings((ConfigurationKeys.MongoConnectionString, "mongodb://aspire.example:27017"));
        var both = Settings((ConfigurationKeys.MongoConnectionString, "mongodb://aspire.example:27017"), (ConfigurationKeys.MongoUri, "mongodb://mine.example"));

        Assert.Equal("mongodb://aspire.example:27017", StoreSettings.FromConfiguration(hostOnly).MongoUri);
        Assert.True(StoreSettings.FromConfiguration(hostOnly).UsesMongo);
        Assert.Equal("mongodb://mine.example", StoreSettings.FromConfiguration(both).MongoUri);
    }

    [Fact]
    public void A_bad_connection_string_is_named_by_its_key_without_echoing_the_credential()
    {
        var configuration = Settings((ConfigurationKeys.MongoUri, "mongodb://leafy:Sup3rSecretPw@db.example:notaport"));

        var problem = Assert.Throws<ConfigurationException>(() => StoreSettings.FromConfiguration(configuration));

        Assert.Equal(ConfigurationKeys.MongoUri, problem.Key);
        Assert.Contains("MONGODB_URI", problem.Message, StringComparison.Ordinal);
        Assert.Contains("(appsettings: MongoDb:ConnectionString)", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Sup3rSecretPw", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_that_turns_bad_after_registration_fails_at_start_through_the_same_validator()
    {
        var values = new Dictionary<string, string?> { [ConfigurationKeys.MongoUri] = "mongodb://db.example" };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddValidatedSettings<StoreSettings, StoreSettingsValidator>(configuration, StoreSettings.Section);
        configuration[ConfigurationKeys.MongoUri] = "mongodb://leafy:Sup3rSecretPw@db.example:notaport";
        using var provider = services.BuildServiceProvider();

        var problem = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<StoreSettings>>().Value);

        var failure = Assert.Single(problem.Failures);
        Assert.Contains(ConfigurationKeys.MongoUri, failure, StringComparison.Ordinal);
        Assert.DoesNotContain("Sup3rSecretPw", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_number_that_is_not_one_is_named_by_its_flat_key()
    {
        var problem = Assert.Throws<ConfigurationException>(() =>
            BankingSettings.FromConfiguration(Settings((BankingSettings.SyncIntervalKey, "a minute"))));

        Assert.Equal(BankingSettings.SyncIntervalKey, problem.Key);
        Assert.Contains("must be a whole number of seconds between 5 and 86400 (got 'a minute')", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Appsettings_json_lists_every_option_and_no_other()
    {
        var json = AppSettingsJson();
        var listed = json.AsEnumerable()
            .Where(pair => pair.Value is not null && !pair.Key.StartsWith("Logging:", StringComparison.Ordinal) && pair.Key != "AllowedHosts")
            .Select(pair => pair.Key)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var expected = BoundKeys().Concat(SharedKeys).ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.Empty(expected.Except(listed, StringComparer.OrdinalIgnoreCase).Order());
        Assert.Empty(listed.Except(expected, StringComparer.OrdinalIgnoreCase).Order());
    }

    [Fact]
    public void Appsettings_json_holds_the_defaults()
    {
        var json = AppSettingsJson();

        foreach (var (type, section) in OptionsClasses)
        {
            var bound = json.GetSection(section).Get(type) ?? Activator.CreateInstance(type)!;
            var defaults = Activator.CreateInstance(type)!;
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(property => property.SetMethod is { IsPublic: true }))
            {
                // An empty string in the file is how an unset value is shown.
                Assert.True(Equals(property.GetValue(defaults) ?? "", property.GetValue(bound) ?? ""),
                    $"{section}:{property.Name} is '{property.GetValue(bound)}' in appsettings.json but defaults to '{property.GetValue(defaults)}'.");
            }
        }
    }

    private static IConfigurationRoot AppSettingsJson()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "LeafyBank.Web", "appsettings.json")))
        {
            directory = directory.Parent;
        }
        Assert.NotNull(directory);
        return new ConfigurationBuilder().AddJsonFile(Path.Combine(directory.FullName, "LeafyBank.Web", "appsettings.json")).Build();
    }
}
