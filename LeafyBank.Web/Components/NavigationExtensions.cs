using Microsoft.AspNetCore.Components;

namespace LeafyBank.Web.Components;

public static class NavigationExtensions
{
    /// <summary>
    /// Whether an absolute address is the page at <paramref name="pagePath"/> (e.g. "transactions"),
    /// whatever its query or fragment says.
    /// </summary>
    public static bool IsPage(this NavigationManager navigation, string location, string pagePath) =>
        navigation.ToBaseRelativePath(location).Split('?', '#')[0].TrimEnd('/') == pagePath;
}
