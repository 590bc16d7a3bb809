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
        var isLocalPath = returnUrl[0] == '/' &&
                          (returnUrl.Length == 1 || (returnUrl[1] != '/' && returnUrl[1] != '\\')) &&
                          !returnUrl.Any(char.IsControl);
        return isLocalPath ? returnUrl : "/";
    }
}
