namespace LeafyBank.Core.Banking.Authorization;

/// <summary>
/// What a new consent at a bank changes for the customer compared with the live consent it
/// replaces: which kinds of data are added or dropped, and how much sooner or later access ends.
/// One rule for the review (what Continue would do) and the result page (what the customer's approval did).
/// </summary>
/// <param name="PreviousPermissions">What the replaced consent shares.</param>
/// <param name="PreviousValidUntil">When the replaced consent ends.</param>
/// <param name="Permissions">What the new consent shares.</param>
/// <param name="ValidUntil">When the new consent ends.</param>
public sealed record ConsentChange(IReadOnlyList<string> PreviousPermissions, DateTime PreviousValidUntil, IReadOnlyList<string> Permissions, DateTime ValidUntil)
{
    /// <summary>Kinds of data the new consent shares and the replaced one did not, in the new consent's order.</summary>
    public IReadOnlyList<string> Added => [.. Permissions.Where(p => !PreviousPermissions.Contains(p, StringComparer.Ordinal))];

    /// <summary>Kinds of data the replaced consent shared and the new one does not, in the replaced consent's order.</summary>
    public IReadOnlyList<string> Dropped => [.. PreviousPermissions.Where(p => !Permissions.Contains(p, StringComparer.Ordinal))];

    public bool SameData => Added.Count == 0 && Dropped.Count == 0;

    /// <summary>Whole days the new consent runs beyond the replaced one; negative when it ends sooner.</summary>
    public int DaysLonger => (ValidUntil.Date - PreviousValidUntil.Date).Days;

    /// <summary>A renewal in the strict sense: the same data, for longer.</summary>
    public bool IsRenewal => SameData && DaysLonger > 0;

}
