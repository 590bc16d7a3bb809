using LeafyBank.Core.Persistence;

namespace LeafyBank.Core.Interop;

/// <summary>Look-ups across all customers that only operators need (the command line), not the app.</summary>
public static class StoreDirectory
{
    /// <summary>Every user name in the store, sorted: for messages such as "unknown user; known users are …".</summary>
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
}
