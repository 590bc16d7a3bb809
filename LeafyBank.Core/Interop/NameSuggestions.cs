namespace LeafyBank.Core.Interop;

/// <summary>Names offered for an unknown one (<see cref="StoreDirectory.UserNamesLikeAsync"/>) and how many there are in all.</summary>
public sealed record NameSuggestions(IReadOnlyList<string> Names, int Total)
{
    /// <summary>Whether <see cref="Names"/> is every name there is.</summary>
    public bool IsEveryName => Names.Count == Total;
}
