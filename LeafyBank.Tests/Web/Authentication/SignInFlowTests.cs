using LeafyBank.DevIdentityProvider;

namespace LeafyBank.Tests.Web.Authentication;

/// <summary>Customer sign-in over HTTP: the app, OpenID Connect code + PKCE, the development identity provider.</summary>
public sealed class SignInFlowTests(LeafyBankWebFactory factory) : IClassFixture<LeafyBankWebFactory>
{
    private static CancellationToken Cancellation => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task Anonymous_dashboard_request_is_sent_to_sign_in_with_code_and_PKCE()
    {
        using var browser = new SignInDriver(factory);

        using var response = await browser.App.GetAsync("/dashboard", Cancellation);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith(new Uri(browser.Provider.Address, "connect/authorize").ToString(), location, StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(response.Headers.Location!.Query);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.False(string.IsNullOrEmpty(query["code_challenge"]));
        Assert.Equal("openid profile", query["scope"]);
    }

    [Fact]
    public async Task Signing_in_as_fridaklo_lands_on_a_dashboard_with_her_name_and_balance()
    {
        using var browser = new SignInDriver(factory);

        var landing = await browser.SignInAsync("fridaklo");
        var html = await browser.App.GetStringAsync(landing, Cancellation);

        Assert.Equal("/dashboard", landing);
        Assert.Contains("Welcome, Frida Kahlo", html, StringComparison.Ordinal);
        // 1,100 + 2,975 + 550 in her Leafy Bank accounts.
        Assert.Contains("4,625", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"user-name\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_analyst_who_is_not_a_customer_signs_in_to_the_analytics_with_no_word_about_customer_pages()
    {
        using var browser = new SignInDriver(factory);

        var landing = await browser.SignInAsync("analyst");
        var html = await browser.App.GetStringAsync(landing, Cancellation);

        // Not the dashboard first: the customer-page gate would turn her away from it, saying she asked for a customer page.
        Assert.Equal(SignInLanding.AnalystStartPage, landing);
        Assert.Contains("Cross-customer analytics", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"sent-from-customer-page\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_analyst_who_signs_in_to_a_customer_page_she_asked_for_is_told_why_she_sees_the_analytics()
    {
        using var browser = new SignInDriver(factory);

        var landing = await browser.SignInAsync("analyst", loginPath: "/authentication/login?returnUrl=%2Faccounts");
        using var accounts = await browser.App.GetAsync(landing, Cancellation);
        var html = await browser.App.GetStringAsync(accounts.Headers.Location, Cancellation);

        Assert.Equal("/accounts", landing);
        Assert.Equal(HttpStatusCode.Redirect, accounts.StatusCode);
        Assert.Contains("data-testid=\"sent-from-customer-page\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_providers_answer_arriving_a_second_time_sends_a_signed_in_analyst_on_to_the_analytics()
    {
        using var browser = new SignInDriver(factory);
        var (page, html) = await browser.OpenSignInPageAsync("/authentication/login");
        var callback = await browser.SignInAtProviderAsync(page, html, "analyst");
        using var first = await browser.App.GetAsync(callback.PathAndQuery, Cancellation);

        using var again = await browser.App.GetAsync(callback.PathAndQuery, Cancellation);

        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(SignInLanding.AnalystStartPage, again.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_sign_in_page_says_how_to_sign_in_as_the_personas()
    {
        using var browser = new SignInDriver(factory);

        var (_, html) = await browser.OpenSignInPageAsync("/authentication/login");

        Assert.Contains(DevIdentityEndpoints.DemoPassword, html, StringComparison.Ordinal);
        foreach (var userName in new[] { "fridaklo", "gracehop", "adalove", "claumon" })
        {
            Assert.Contains(userName, html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_wrong_password_stays_on_the_identity_providers_page_with_an_error()
    {
        using var browser = new SignInDriver(factory);
        var (page, html) = await browser.OpenSignInPageAsync("/authentication/login");

        using var response = await browser.SubmitSignInAsync(page, html, "fridaklo", "not-the-password");
        var again = await response.Content.ReadAsStringAsync(Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"signin-error\"", again, StringComparison.Ordinal);
        Assert.Contains("<form method=\"post\"", again, StringComparison.Ordinal);
        // Still nobody at the app.
        using var dashboard = await browser.App.GetAsync("/dashboard", Cancellation);
        Assert.Equal(HttpStatusCode.Redirect, dashboard.StatusCode);
    }

    [Fact]
    public async Task A_user_name_picked_on_the_home_page_travels_as_login_hint_and_is_filled_in_at_the_provider()
    {
        using var browser = new SignInDriver(factory);

        var (_, html) = await browser.OpenSignInPageAsync("/authentication/login?loginHint=gracehop");
        var (_, plain) = await browser.OpenSignInPageAsync("/authentication/login");

        Assert.Matches("<input type=\"text\" id=\"username\"[^>]* value=\"gracehop\">", html);
        Assert.Contains("id=\"password\" name=\"password\" autocomplete=\"current-password\" required autofocus>", html, StringComparison.Ordinal);
        Assert.Matches("<input type=\"text\" id=\"username\"[^>]* value=\"\" autofocus>", plain);
        // A hint fills in; it signs no one in: the password is still asked for.
        Assert.Contains("id=\"password\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_out_needs_the_antiforgery_token_and_then_ends_the_session()
    {
        using var browser = new SignInDriver(factory);
        var landing = await browser.SignInAsync("gracehop");
        var dashboard = await browser.App.GetStringAsync(landing, Cancellation);
        var token = SignInDriver.HiddenField(dashboard, "__RequestVerificationToken");

        using var forged = await browser.App.PostAsync("/authentication/logout",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["returnUrl"] = "/" }), Cancellation);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        using (var stillIn = await browser.App.GetAsync("/dashboard", Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
        }

        using var signOut = await browser.App.PostAsync("/authentication/logout",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["returnUrl"] = SignInDriver.HiddenField(dashboard, "returnUrl") }),
            Cancellation);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        // On to the provider's end-session endpoint, so the provider's session ends too.
        Assert.StartsWith(new Uri(browser.Provider.Address, "connect/endsession").ToString(), signOut.Headers.Location!.ToString(), StringComparison.Ordinal);
        // The app bar's form lands on the home page, which says the customer is signed out (and only to someone who is).
        var home = await browser.FollowSignOutAsync(signOut.Headers.Location!);
        Assert.Equal(AuthenticationExtensions.SignedOutPath, home);
        Assert.Contains("You are signed out of Leafy Bank. Signing in again asks for your password.", await browser.App.GetStringAsync(home, Cancellation), StringComparison.Ordinal);

        using var afterwards = await browser.App.GetAsync("/dashboard", Cancellation);
        Assert.Equal(HttpStatusCode.Redirect, afterwards.StatusCode);
        // The provider's session ended too: signing in again asks for the password.
        var (page, _) = await browser.OpenSignInPageAsync("/authentication/login");
        Assert.Equal(DevIdentityEndpoints.SignInPath, page.AbsolutePath);
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("//evil.example/dashboard")]
    [InlineData("/\\evil.example")]
    public async Task A_foreign_return_url_lands_on_the_home_page_not_elsewhere(string returnUrl)
    {
        using var browser = new SignInDriver(factory);

        var landing = await browser.SignInAsync("claumon", loginPath: "/authentication/login?returnUrl=" + Uri.EscapeDataString(returnUrl));

        Assert.Equal("/", landing);
    }

    [Fact]
    public async Task The_providers_answer_arriving_a_second_time_sends_a_signed_in_customer_on_to_the_dashboard_not_to_an_error()
    {
        using var browser = new SignInDriver(factory);
        var (page, html) = await browser.OpenSignInPageAsync("/authentication/login");
        var callback = await browser.SignInAtProviderAsync(page, html, "gracehop");
        using var first = await browser.App.GetAsync(callback.PathAndQuery, Cancellation);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);

        // Back to the provider's answer after signing in: its correlation cookie is gone.
        using var again = await browser.App.GetAsync(callback.PathAndQuery, Cancellation);

        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal("/dashboard", again.Headers.Location!.OriginalString);
        Assert.Contains("Welcome, Grace Hopper", await browser.App.GetStringAsync("/dashboard", Cancellation), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_that_cannot_be_used_sends_someone_signed_out_home_where_it_says_to_sign_in_again()
    {
        using var browser = new SignInDriver(factory);

        using var stale = await browser.App.GetAsync("/signin-oidc?code=made-up&state=made-up", Cancellation);
        var home = await browser.App.GetStringAsync(stale.Headers.Location!.OriginalString, Cancellation);

        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        Assert.Equal(AuthenticationExtensions.SignInFailedPath, stale.Headers.Location!.OriginalString);
        Assert.Contains("Your sign-in did not finish", home, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"landing-sign-in\"", home, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_local_return_url_is_honoured()
    {
        using var browser = new SignInDriver(factory);

        var landing = await browser.SignInAsync("adalove", loginPath: "/authentication/login?returnUrl=%2Fdashboard%3Ftab%3D1");

        Assert.Equal("/dashboard?tab=1", landing);
    }
}
