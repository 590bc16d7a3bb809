using Microsoft.Extensions.Configuration;

namespace LeafyBank.Core.Configuration;

public static class ConfigurationFlag
{
    /// <summary>A true/false setting; unset is <paramref name="defaultValue"/>, anything else fails naming the key.</summary>
    public static bool Read(IConfiguration configuration, string key, bool defaultValue) =>
        configuration[key] switch
        {
            null or "" => defaultValue,
            var value when bool.TryParse(value, out var flag) => flag,
            var value => throw new ConfigurationException(key, $"must be true or false (got '{value}')."),
        };
}
