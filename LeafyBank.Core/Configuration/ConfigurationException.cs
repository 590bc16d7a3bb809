namespace LeafyBank.Core.Configuration;

/// <summary>
/// A missing or invalid setting, named by its key (the flat name and its section key) so the fix
/// is obvious. The only configuration exception: start-up reports it as "Configuration error".
/// </summary>
public sealed class ConfigurationException(string key, string problem)
    : Exception($"Configuration value {key} {problem}{InSection(key)}")
{
    public string Key { get; } = key;

    private static string InSection(string key) =>
        ConfigurationKeys.Aliases.TryGetValue(key, out var sectionKey) ? $" (appsettings: {sectionKey})" : "";
}
