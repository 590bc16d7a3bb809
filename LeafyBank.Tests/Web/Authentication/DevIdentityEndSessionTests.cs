using LeafyBank.DevIdentityProvider;

namespace LeafyBank.Tests.Web.Authentication;

/// <summary>The development provider's end-session endpoint cannot be triggered by a link on another site.</summary>
public sealed class DevIdentityEndSessionTests(LeafyBankWebFactory factory) : IClassFixture<LeafyBankWebFactory>
{
    private static CancellationToken Cancellation => Xunit.TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("")]
    [InlineData("?id_token_hint=not-a-token")]
    [InlineData("?id_token_hint=eyJhbGciOiJub25lIn0.eyJzdWIiOiI2NWE1NDZhZTRhOGY2NGU4Zjg4ZmI4OWUifQ.")]
    public async Task A_cross_site_GET_without_a_valid_id_token_hint_asks_before_signing_out(string query)
    {
        using var browser = new SignInDriver(factory);
        await browser.SignInAsync("fridaklo");

        using var crossSite = await browser.GetAtProviderAsync(new Uri(browser.Provider.Address, DevIdentityEndpoints.EndSessionPath + query));

        Assert.NotEqual(HttpStatusCode.Redirect, crossSite.StatusCode);
        if (crossSite.StatusCode == HttpStatusCode.OK)
        {
            Assert.Contains("data-testid=\"signout-confirm\"", await crossSite.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        }
        // Still signed in at the provider: an authorization request that does not ask for a fresh sign-in (Leafy Bank's
        // always does, FreshSignIn) goes straight back to the app without the password page.
        using var login = await browser.App.GetAsync("/authentication/login", Cancellation);
        using var authorize = await browser.GetAtProviderAsync(WithoutFreshSignIn(login.Headers.Location!));
        Assert.Equal(HttpStatusCode.Redirect, authorize.StatusCode);
        Assert.Equal("/signin-oidc", authorize.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task A_cross_site_GET_with_no_hint_shows_the_confirmation_page()
    {
        using var browser = new SignInDriver(factory);
        await browser.SignInAsync("fridaklo");

        using var crossSite = await browser.GetAtProviderAsync(new Uri(browser.Provider.Address, DevIdentityEndpoints.EndSessionPath));

        Assert.Equal(HttpStatusCode.OK, crossSite.StatusCode);
        var page = await crossSite.Content.ReadAsStringAsync(Cancellation);
        Assert.Contains("data-testid=\"signout-confirm\"", page, StringComparison.Ordinal);
        Assert.Contains("method=\"post\"", page, StringComparison.Ordinal);
    }

    private static Uri WithoutFreshSignIn(Uri authorize)
    {
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(authorize.Query)
            .Where(p => p.Key is not ("prompt" or "max_age"))
            .Select(p => KeyValuePair.Create(p.Key, (string?)p.Value.ToString()));
        return new Uri(authorize.GetLeftPart(UriPartial.Path) + Microsoft.AspNetCore.Http.QueryString.Create(query));
    }
}
