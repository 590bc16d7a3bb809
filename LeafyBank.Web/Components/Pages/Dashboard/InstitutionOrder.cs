namespace LeafyBank.Web.Components.Pages.Dashboard;

/// <summary>
/// The one order institutions are listed in, by bank: Leafy Bank's own accounts first, then the linked banks by name.
/// The Accounts page and the dashboard's "Accounts by bank" both use it, so a customer finds each bank in the same place.
/// </summary>
public static class InstitutionOrder
{
    public static readonly IComparer<(string Bank, bool Internal)> Comparer = Comparer<(string Bank, bool Internal)>.Create((x, y) =>
        x.Internal != y.Internal ? y.Internal.CompareTo(x.Internal)
        : StringComparer.OrdinalIgnoreCase.Compare(x.Bank, y.Bank) is var byName and not 0 ? byName
        : StringComparer.Ordinal.Compare(x.Bank, y.Bank));
}
