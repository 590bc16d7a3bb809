using LeafyBank.Core.Persistence;

namespace LeafyBank.Core.Interop;

/// <summary>The collections an import can write, and how a file names its collection.</summary>
public static class ImportTargets
{
    public static readonly IReadOnlyList<string> Collections =
    [
        OpenFinanceCollections.Tokens.CollectionName,
        OpenFinanceCollections.ExternalAccounts.CollectionName,
        OpenFinanceCollections.ExternalProducts.CollectionName,
    ];

    private static readonly string[] JsonExtensions = [".json", ".ndjson", ".jsonl"];

    /// <summary>The collection a name designates (case-insensitive), or null.</summary>
    public static string? FromName(string name) =>
        Collections.FirstOrDefault(collection => string.Equals(collection, name.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The collection a file's name says, as mongoexport and the reference demo name them:
    /// <c>open_finance.external_accounts.json</c> (database prefix optional), or null.
    /// </summary>
    public static string? FromFileName(string path)
    {
        var name = Path.GetFileName(path);
        var extension = JsonExtensions.FirstOrDefault(candidate => name.EndsWith(candidate, StringComparison.OrdinalIgnoreCase));
        if (extension is not null)
        {
            name = name[..^extension.Length];
        }
        var lastDot = name.LastIndexOf('.');
        return FromName(lastDot < 0 ? name : name[(lastDot + 1)..]);
    }
}
