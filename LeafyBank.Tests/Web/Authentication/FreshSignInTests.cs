using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace LeafyBank.Tests.Web.Authentication;

/// <summary>
/// Every sign-in is a fresh authentication at the provider (prompt=login, max_age=0, auth_time checked), so a device
/// that still holds the provider's session cannot sign back in silently after "Sign out everywhere".
/// </summary>
public sealed class FreshSignInTests(LeafyBankWebFactory factory) : IClassFixture<LeafyBankWebFactory>
{
    private static CancellationToken Cancellation => Xunit.TestContext.Current.CancellationToken;

    private const long IssuedAt = 1_796_000_000;

    private static ClaimsPrincipal IdToken(long? authTime, long? issuedAt = IssuedAt)
    {
        var claims = new List<Claim> { new("sub", "someone") };
        if (authTime is { } auth)
        {
            claims.Add(new Claim("auth_time", auth.ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64));
        }
        if (issuedAt is { } iat)
        {
            claims.Add(new Claim("iat", iat.ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "oidc"));
    }

    [Theory]
    [InlineData(IssuedAt - 3)]
    [InlineData(IssuedAt - 300)]
    public void An_authentication_moments_before_the_token_is_fresh(long authTime) =>
        Assert.Null(FreshSignIn.Refusal(IdToken(authTime)));

    [Fact]
    public void An_old_authentication_reused_by_the_provider_or_an_unstated_one_is_not()
    {
        Assert.Contains("reused an authentication 60 minutes old", FreshSignIn.Refusal(IdToken(IssuedAt - 3600)), StringComparison.Ordinal);
        Assert.Contains("auth_time", FreshSignIn.Refusal(IdToken(authTime: null)), StringComparison.Ordinal);
        Assert.Contains("iat", FreshSignIn.Refusal(IdToken(IssuedAt - 3, issuedAt: null)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_apps_sign_in_uses_only_a_fresh_authentication()
    {
        var options = factory.Service<IOptionsMonitor<OpenIdConnectOptions>>().Get(AuthenticationExtensions.OidcScheme);
        var scheme = new AuthenticationScheme(AuthenticationExtensions.OidcScheme, null, typeof(OpenIdConnectHandler));
        var http = new DefaultHttpContext { RequestServices = factory.Services };

        var stale = new TokenValidatedContext(http, scheme, options, IdToken(IssuedAt - 3600), new AuthenticationProperties());
        await options.Events.TokenValidated(stale);
        Assert.Contains("Not a fresh sign-in", stale.Result?.Failure?.Message, StringComparison.Ordinal);

        var fresh = new TokenValidatedContext(http, scheme, options, IdToken(IssuedAt - 3), new AuthenticationProperties());
        await options.Events.TokenValidated(fresh);
        Assert.Null(fresh.Result);
    }

    [Fact]
    public async Task Every_sign_in_asks_the_provider_for_the_password_again_even_while_it_remembers_the_person()
    {
        using var browser = new SignInDriver(factory);
        await browser.SignInAsync("fridaklo");

        using var again = await browser.App.GetAsync("/authentication/login", Cancellation);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(again.Headers.Location!.Query);
        Assert.Equal("login", query["prompt"].ToString());
        Assert.Equal("300", query["max_age"].ToString());

        // The provider still has Frida's session, and asks for the password all the same; after it, the flow goes on.
        var (page, html) = await browser.OpenSignInPageAsync(again.Headers.Location!);
        var callback = await browser.SignInAtProviderAsync(page, html, "fridaklo");
        Assert.Equal("/signin-oidc", callback.AbsolutePath);
        using var landed = await browser.App.GetAsync(callback.PathAndQuery, Cancellation);
        Assert.Equal("/dashboard", landed.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_provider_lets_a_remembered_person_through_when_no_fresh_sign_in_is_asked_for()
    {
        using var browser = new SignInDriver(factory);
        await browser.SignInAsync("fridaklo");
        using var login = await browser.App.GetAsync("/authentication/login", Cancellation);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(login.Headers.Location!.Query)
            .Where(p => p.Key is not ("prompt" or "max_age"))
            .Select(p => KeyValuePair.Create(p.Key, (string?)p.Value.ToString()));

        using var authorize = await browser.GetAtProviderAsync(new Uri(login.Headers.Location!.GetLeftPart(UriPartial.Path) + QueryString.Create(query)));

        Assert.Equal(HttpStatusCode.Redirect, authorize.StatusCode);
        Assert.Equal("/signin-oidc", authorize.Headers.Location!.AbsolutePath);
    }
}
