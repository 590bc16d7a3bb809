namespace LeafyBank.Core.Configuration;

/// <summary>
/// A missing or invalid setting, named by its key (the flat name and its section key) so the fix
/// is obvious. The only configuration exception: start-up reports it as "Configuration error".
/// </summary>
public sealed class ConfigurationException(string key, string problem)
    : Exception($"Configuration value {ConfigurationKeys.Describe(key)} {problem}")
{
    public string Key { get; } = key;
}
