using LeafyBank.DevIdentityProvider;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LeafyBank.Tests.Web.Authentication;

/// <summary>
/// A browser without a browser: one cookie-keeping client for the app (in memory) and one for the
/// development identity provider (real loopback HTTP), following every redirect by hand so each
/// hop of the code + PKCE flow can be asserted.
/// </summary>
public sealed class SignInDriver : IDisposable
{
    private static readonly Uri AppOrigin = new("http://localhost/");
    private readonly HttpClient idp;

    // Both cookie jars live at the app's instant (see ClockedCookieJar), as a browser and its server agree on the time.
    /// <param name="appAddress">An app served on a real port (<c>LeafyBankWebFactory.Start</c>), for flows that leave the process; null: the app in memory.</param>
    /// <param name="observer">Sees every request to the app in memory as sent, cookies included (to replay them later).</param>
    public SignInDriver(LeafyBankWebFactory factory, Uri? appAddress = null, DelegatingHandler? observer = null)
    {
        App = appAddress is not null ? ClockedCookieJar.Client(factory.Clock, appAddress)
            : observer is null ? factory.CreateDefaultClient(AppOrigin, new ClockedCookieJar(factory.Clock))
            : factory.CreateDefaultClient(AppOrigin, new ClockedCookieJar(factory.Clock), observer);
        Provider = factory.Service<DevIdentityProviderHost>();
        idp = ClockedCookieJar.Client(factory.Clock);
    }

    public HttpClient App { get; }

    public DevIdentityProviderHost Provider { get; }

    private static CancellationToken Cancellation => Xunit.TestContext.Current.CancellationToken;

    /// <summary>Starts at the app's login endpoint and stops on the provider's sign-in page.</summary>
    public async Task<(Uri Page, string Html)> OpenSignInPageAsync(string loginPath)
    {
        using var login = await App.GetAsync(loginPath, Cancellation);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var authorize = login.Headers.Location!;
        Assert.StartsWith(new Uri(Provider.Address, "connect/authorize").ToString(), authorize.ToString(), StringComparison.Ordinal);
        return await OpenSignInPageAsync(authorize);
    }

    /// <summary>Any client's authorization request at the provider, up to the provider's sign-in page.</summary>
    public async Task<(Uri Page, string Html)> OpenSignInPageAsync(Uri authorize)
    {
        using var challenge = await idp.GetAsync(authorize, Cancellation);
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var page = new Uri(authorize, challenge.Headers.Location!);
        Assert.Equal(DevIdentityEndpoints.SignInPath, page.AbsolutePath);
        return (page, await idp.GetStringAsync(page, Cancellation));
    }

    /// <summary>Signs in on the provider's page and follows it back to the authorization; returns the provider's redirect to the client.</summary>
    public async Task<Uri> SignInAtProviderAsync(Uri page, string html, string userName)
    {
        using var authorized = await SignInAndReturnAsync(page, html, userName);
        Assert.Equal(HttpStatusCode.Redirect, authorized.StatusCode);
        return authorized.Headers.Location!;
    }

    /// <summary>
    /// Signs in on the provider's page for a client the customer must answer for (the tools' data API client) and
    /// follows it back to the authorization, which asks; returns the consent page.
    /// </summary>
    public async Task<(Uri Page, string Html)> SignInUntilConsentAsync(Uri page, string html, string userName)
    {
        using var authorized = await SignInAndReturnAsync(page, html, userName);
        return await ConsentPageAsync(authorized);
    }

    /// <summary>The provider's answer to an authorization request, asserted to be its consent question.</summary>
    public static async Task<(Uri Page, string Html)> ConsentPageAsync(HttpResponseMessage authorized)
    {
        var html = await authorized.Content.ReadAsStringAsync(Cancellation);
        Assert.True(authorized.StatusCode == HttpStatusCode.OK, $"expected the consent page, got {(int)authorized.StatusCode} {authorized.Headers.Location}");
        Assert.Contains("data-testid=\"consent-question\"", html, StringComparison.Ordinal);
        return (authorized.RequestMessage!.RequestUri!, html);
    }

    /// <summary>Presses Allow or Deny on the provider's consent page: its form as the page wrote it, hidden fields included.</summary>
    public Task<HttpResponseMessage> AnswerConsentAsync(Uri page, string html, string answer)
    {
        var action = Regex.Match(html, "<form method=\"post\" action=\"(?<action>[^\"]*)\"");
        Assert.True(action.Success, "no form on the consent page");
        return PostAtProviderAsync(new Uri(page, WebUtility.HtmlDecode(action.Groups["action"].Value)),
            [.. HiddenFields(html), KeyValuePair.Create(DevIdentityEndpoints.ConsentAnswerField, answer)]);
    }

    /// <summary>A form POST at the identity provider from this browser, its provider cookies included (as a form on another site would send them).</summary>
    public Task<HttpResponseMessage> PostAtProviderAsync(Uri address, IEnumerable<KeyValuePair<string, string>> form) =>
        idp.PostAsync(address, new FormUrlEncodedContent(form), Cancellation);

    private async Task<HttpResponseMessage> SignInAndReturnAsync(Uri page, string html, string userName)
    {
        using var signedIn = await SubmitSignInAsync(page, html, userName, DevIdentityEndpoints.DemoPassword);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return await idp.GetAsync(new Uri(page, signedIn.Headers.Location!), Cancellation);
    }

    /// <summary>Posts the provider's sign-in form as a person would (its antiforgery token and return URL included).</summary>
    public Task<HttpResponseMessage> SubmitSignInAsync(Uri page, string html, string userName, string password) =>
        idp.PostAsync(new Uri(page, DevIdentityEndpoints.SignInPath), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = HiddenField(html, "__RequestVerificationToken"),
            ["returnUrl"] = HiddenField(html, "returnUrl"),
            ["username"] = userName,
            ["password"] = password,
        }), Cancellation);

    /// <summary>The whole flow; returns where the app finally sends the browser after its callback.</summary>
    public async Task<string> SignInAsync(string userName, string loginPath = "/authentication/login")
    {
        var (page, html) = await OpenSignInPageAsync(loginPath);
        var callback = await SignInAtProviderAsync(page, html, userName);
        Assert.Equal("/signin-oidc", callback.AbsolutePath);
        Assert.Contains("code=", callback.Query, StringComparison.Ordinal);

        using var landed = await App.GetAsync(callback.PathAndQuery, Cancellation);
        Assert.Equal(HttpStatusCode.Redirect, landed.StatusCode);
        return landed.Headers.Location!.OriginalString;
    }

    /// <summary>Follows the provider's end-session redirect back to the app; returns where the app lands.</summary>
    public async Task<string> FollowSignOutAsync(Uri endSession)
    {
        using var ended = await idp.GetAsync(endSession, Cancellation);
        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        var callback = ended.Headers.Location!;
        Assert.Equal("/signout-callback-oidc", callback.AbsolutePath);

        using var back = await App.GetAsync(callback.PathAndQuery, Cancellation);
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        return back.Headers.Location!.OriginalString;
    }

    /// <summary>A GET at the identity provider from this browser, its provider session cookie included (as a link on another site would send it).</summary>
    public Task<HttpResponseMessage> GetAtProviderAsync(Uri address) => idp.GetAsync(address, Cancellation);

    /// <summary>Every hidden field of the page, in its order, decoded.</summary>
    public static IEnumerable<KeyValuePair<string, string>> HiddenFields(string html) =>
        Regex.Matches(html, "<input type=\"hidden\" name=\"(?<name>[^\"]*)\" value=\"(?<value>[^\"]*)\"")
            .Select(m => KeyValuePair.Create(WebUtility.HtmlDecode(m.Groups["name"].Value), WebUtility.HtmlDecode(m.Groups["value"].Value)));

    public static string HiddenField(string html, string name)
    {
        var match = Regex.Match(html, $"<input[^>]*name=\"{Regex.Escape(name)}\"[^>]*value=\"(?<value>[^\"]*)\"");
        Assert.True(match.Success, $"no hidden field {name} in the page");
        return WebUtility.HtmlDecode(match.Groups["value"].Value);
    }

    public void Dispose()
    {
        App.Dispose();
        idp.Dispose();
    }
}
