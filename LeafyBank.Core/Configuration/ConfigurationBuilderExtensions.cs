using Microsoft.Extensions.Configuration;

namespace LeafyBank.Core.Configuration;

public static class ConfigurationBuilderExtensions
{
    /// <summary>
    /// Makes the documented flat names (<c>MONGODB_URI</c>, <c>LEAFYBANK_*</c>) and
    /// <c>ConnectionStrings:mongodb</c> aliases of the section keys the options bind. Call it after
    /// the host's own sources: a flat name that is set wins over its section key.
    /// </summary>
    public static IConfigurationManager AddFlatKeyAliases(this IConfigurationManager configuration)
    {
        if (!configuration.Sources.OfType<FlatKeyAliasConfigurationSource>().Any())
        {
            configuration.Sources.Add(new FlatKeyAliasConfigurationSource(configuration));
        }
        return configuration;
    }
}
