namespace LeafyBank.Web.Authentication;

/// <summary>Where the app may send the browser after sign-in or sign-out: its own pages, nowhere else.</summary>
public static class ReturnUrls
{
    /// <summary>
    /// <paramref name="returnUrl"/> when it is a local path ("/dashboard?x=1"), otherwise "/".
    /// Refuses absolute URLs, scheme-relative ("//evil") and backslash tricks ("/\evil").
    /// </summary>
    public static string Local(string? returnUrl, string whenMissing = "/")
    {
        if (string.IsNullOrEmpty(returnUrl))
        {
            return whenMissing;
        }
        return IsLocal(returnUrl) ? returnUrl : "/";
    }

    /// <summary>Whether <paramref name="returnUrl"/> is one of the app's own pages: a local path, never another host.</summary>
    public static bool IsLocal([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl[0] == '/' &&
        (returnUrl.Length == 1 || (returnUrl[1] != '/' && returnUrl[1] != '\\')) &&
        !returnUrl.Any(char.IsControl);

    /// <summary>
    /// <paramref name="page"/> as a page to return to after signing in again, or null: only the app's own pages
    /// (<see cref="IsLocal"/>), and not the home page or the sign-in and sign-out endpoints, which would only lead back to
    /// where the sign-in starts, nor the refusal page, which would only show the refusal again.
    /// </summary>
    public static string? PageToReturnTo(string? page) =>
        IsLocal(page) && page != "/" && !page.StartsWith("/?", StringComparison.Ordinal)
        && !page.StartsWith("/authentication/", StringComparison.OrdinalIgnoreCase)
        && !IsPageOrBelow(page, AnalystPolicy.AccessDeniedPath)
            ? page
            : null;

    private static bool IsPageOrBelow(string page, string path) =>
        page.Equals(path, StringComparison.OrdinalIgnoreCase)
        || page.StartsWith(path + "?", StringComparison.OrdinalIgnoreCase)
        || page.StartsWith(path + "/", StringComparison.OrdinalIgnoreCase);
}
