namespace LeafyBank.Core.Interop;

/// <summary>Choices an operator makes for one import run.</summary>
public sealed record ImportOptions
{
    public static readonly ImportOptions Default = new();

    /// <summary>
    /// Create the users that documents name and the store does not know. Off by default: a
    /// typo or a stranger's file must not quietly give someone an account.
    /// </summary>
    public bool CreateUsers { get; init; }
}
