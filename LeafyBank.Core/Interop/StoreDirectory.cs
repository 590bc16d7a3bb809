using LeafyBank.Core.Persistence;

namespace LeafyBank.Core.Interop;

/// <summary>Look-ups across all customers that only operators need (the command line), not the app.</summary>
public static class StoreDirectory
{
    /// <summary>How many names a message lists at most: a store of demo customers holds thousands.</summary>
    public const int MostNamesShown = 10;

    /// <summary>Every user name in the store, sorted.</summary>
    public static async Task<IReadOnlyList<string>> UserNamesAsync(IDocumentStore store, CancellationToken cancellationToken = default)
    {
        var names = new List<string>();
        // The store has no unscoped query by design; export is its one whole-collection read.
        await foreach (var user in store.Collection(OpenFinanceCollections.Users).ExportAsync(cancellationToken))
        {
            if (user.TryGetValue("UserName", out var name) && name.IsString)
            {
                names.Add(name.AsString);
            }
        }
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <summary>
    /// The user names to offer for a name the store does not know, for messages such as "unknown user;
    /// known users are …": all of them, sorted, when there are at most <paramref name="limit"/>; otherwise
    /// the <paramref name="limit"/> closest to <paramref name="wanted"/> (fewest letters to change, ignoring
    /// case), closest first. <see cref="NameSuggestions.Total"/> says how many users there are.
    /// </summary>
    public static async Task<NameSuggestions> UserNamesLikeAsync(IDocumentStore store, string wanted, int limit = MostNamesShown,
        CancellationToken cancellationToken = default)
    {
        var names = await UserNamesAsync(store, cancellationToken);
        if (names.Count <= limit)
        {
            return new NameSuggestions(names, names.Count);
        }
        var target = wanted.ToLowerInvariant();
        List<string> closest = [.. names
            .Select(name => (Name: name, Distance: EditDistance(target, name.ToLowerInvariant())))
            .OrderBy(candidate => candidate.Distance)
            .ThenBy(candidate => candidate.Name, StringComparer.Ordinal)
            .Take(limit)
            .Select(candidate => candidate.Name)];
        return new NameSuggestions(closest, names.Count);
    }

    /// <summary>Levenshtein distance: the fewest single-character insertions, deletions or substitutions from one to the other.</summary>
    private static int EditDistance(string from, string to)
    {
        var previous = new int[to.Length + 1];
        var current = new int[to.Length + 1];
        for (var j = 0; j <= to.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= from.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= to.Length; j++)
            {
                var substitution = previous[j - 1] + (from[i - 1] == to[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }
            (previous, current) = (current, previous);
        }
        return previous[to.Length];
    }
}
