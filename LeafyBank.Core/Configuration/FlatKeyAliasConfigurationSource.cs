using Microsoft.Extensions.Configuration;

namespace LeafyBank.Core.Configuration;

/// <summary>
/// Lets the documented flat names (<c>MONGODB_URI</c>, <c>LEAFYBANK_*</c>, <c>ConnectionStrings:mongodb</c>)
/// answer for the section keys the options classes bind (<see cref="ConfigurationKeys.Aliases"/>).
/// Added last, it is asked first: a flat name that is set (not empty) wins over its section key,
/// from whichever source either comes. The values are looked up when read, never copied, so a
/// source added later (a test's settings, a reload) is seen too.
/// </summary>
public sealed class FlatKeyAliasConfigurationSource(IConfiguration root) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider(root);

    private sealed class Provider(IConfiguration root) : ConfigurationProvider
    {
        /// <summary>Section key → the flat names that may stand for it, strongest first.</summary>
        private static readonly Dictionary<string, string[]> FlatNamesBySection = ConfigurationKeys.Aliases
            .GroupBy(alias => alias.Value, alias => alias.Key, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(group => group.Key, group => group.ToArray(), StringComparer.OrdinalIgnoreCase);

        static Provider()
        {
            // The host's connection string is the weaker alias: MONGODB_URI is what this app documents.
            FlatNamesBySection["MongoDb:ConnectionString"] = [ConfigurationKeys.MongoUri, ConfigurationKeys.MongoConnectionString];
        }

        public override bool TryGet(string key, out string? value)
        {
            value = null;
            if (!FlatNamesBySection.TryGetValue(key, out var flatNames))
            {
                return false;
            }
            foreach (var flatName in flatNames)
            {
                // Empty means unset, as everywhere else: a ".env" line "KEY=" leaves the section's value.
                if (root[flatName] is { Length: > 0 } flatValue)
                {
                    value = flatValue;
                    return true;
                }
            }
            return false;
        }

        public override void Set(string key, string? value)
        {
            // Read-only view: a write belongs to the source that holds the flat name.
        }

        public override IEnumerable<string> GetChildKeys(IEnumerable<string> earlierKeys, string? parentPath)
        {
            var prefix = parentPath is null ? "" : parentPath + ConfigurationPath.KeyDelimiter;
            var children = earlierKeys.ToList();
            foreach (var sectionKey in FlatNamesBySection.Keys)
            {
                if (sectionKey.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && TryGet(sectionKey, out _))
                {
                    children.Add(sectionKey[prefix.Length..].Split(ConfigurationPath.KeyDelimiter)[0]);
                }
            }
            children.Sort(ConfigurationKeyComparer.Instance);
            return children;
        }
    }
}
