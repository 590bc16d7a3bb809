namespace LeafyBank.Tests.Web.Components.Pages.Analytics;

/// <summary>
/// Who reaches /analytics over HTTP, signed in through the development identity provider:
/// the analyst (her id_token carries role=analyst), not a customer, not an anonymous visitor.
/// </summary>
public sealed class AnalyticsAccessTests(LeafyBankWebFactory factory) : IClassFixture<LeafyBankWebFactory>
{
    private static CancellationToken Cancellation => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_customer_is_refused_with_a_403_page_that_says_the_page_is_not_for_them()
    {
        using var browser = new SignInDriver(factory);
        await browser.SignInAsync("fridaklo");

        using var refused = await browser.App.GetAsync("/analytics", Cancellation);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal(AnalystPolicy.AccessDeniedPath, refused.Headers.Location!.AbsolutePath());

        using var page = await browser.App.GetAsync(refused.Headers.Location, Cancellation);
        var html = await page.Content.ReadAsStringAsync(Cancellation);
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Contains("data-testid=\"access-denied\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Cross-customer analytics", html, StringComparison.Ordinal);
        // A customer has no administrator to ask and no "role": told whose page it is and led to their own.
        Assert.Contains("This page is for Leafy Bank's staff: it shows figures across all customers, not your own.", html, StringComparison.Ordinal);
        Assert.Contains("href=\"dashboard\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("ask your administrator", html, StringComparison.Ordinal);
        Assert.DoesNotContain("a role your sign-in does not have", html, StringComparison.Ordinal);
        Assert.DoesNotContain("You are not signed in", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Someone_signed_out_who_opens_the_refusal_page_is_asked_to_sign_in_not_told_they_are_signed_in()
    {
        using var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var html = await (await client.GetAsync(AnalystPolicy.AccessDeniedPath, Cancellation)).Content.ReadAsStringAsync(Cancellation);

        Assert.Contains("Sign in to continue", html, StringComparison.Ordinal);
        Assert.Contains("You are not signed in.", html, StringComparison.Ordinal);
        Assert.Contains("href=\"authentication/login\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("your sign-in does not have", html, StringComparison.Ordinal);
    }

    [Theory]
    // The cookie handler's own parameter, as it sends a refused request here; the home page's spelling works too.
    [InlineData("?ReturnUrl=%2Fanalytics", "authentication/login?returnUrl=%2Fanalytics")]
    [InlineData("?returnUrl=%2Fanalytics%3Fcurrency%3DEUR", "authentication/login?returnUrl=%2Fanalytics%3Fcurrency%3DEUR")]
    // Only the app's own pages, and not this one (signing in would only show the refusal again) or the home page.
    [InlineData("?ReturnUrl=https%3A%2F%2Fevil.example%2F", "authentication/login")]
    [InlineData("?ReturnUrl=%2F%2Fevil.example", "authentication/login")]
    [InlineData("?ReturnUrl=%2F%5Cevil.example", "authentication/login")]
    [InlineData("?ReturnUrl=%2Faccess-denied%3FReturnUrl%3D%252Fanalytics", "authentication/login")]
    [InlineData("?returnUrl=%2FAccess-Denied", "authentication/login")]
    [InlineData("?ReturnUrl=%2F", "authentication/login")]
    public async Task Signing_in_from_the_refusal_page_returns_to_the_page_the_visitor_was_trying_to_open_when_it_is_one_of_the_apps_own(string query, string signIn)
    {
        using var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var html = await (await client.GetAsync(AnalystPolicy.AccessDeniedPath + query, Cancellation)).Content.ReadAsStringAsync(Cancellation);

        // The page's own Sign in, and the app bar's, which reads the address by itself: both go to the same place.
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        var refusal = document.QuerySelector("[data-testid=access-denied]")!;
        Assert.Contains("You are not signed in.", refusal.TextContent, StringComparison.Ordinal);
        var link = Assert.Single(refusal.QuerySelectorAll("a[href]"));
        Assert.Equal("Sign in", link.TextContent.Trim());
        Assert.Equal(signIn, link.GetAttribute("href"));
        Assert.Equal(signIn, document.QuerySelector("[data-testid=sign-in]")?.GetAttribute("href"));
    }

    [Fact]
    public async Task The_analyst_signs_in_at_the_identity_provider_and_sees_the_analytics()
    {
        using var browser = new SignInDriver(factory);
        var (_, signInPage) = await browser.OpenSignInPageAsync("/authentication/login");
        Assert.Contains("analyst", signInPage, StringComparison.Ordinal);
        Assert.Contains("Ana Lytics", signInPage, StringComparison.Ordinal);

        await browser.SignInAsync("analyst", loginPath: "/authentication/login?returnUrl=%2Fanalytics");
        using var page = await browser.App.GetAsync("/analytics", Cancellation);
        var html = await page.Content.ReadAsStringAsync(Cancellation);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Cross-customer analytics", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"k-minimum\"", html, StringComparison.Ordinal);
        // The default minimum, stated on the page.
        Assert.Contains("a figure is shown only when it covers at least", html, StringComparison.Ordinal);
        // The page's scoped stylesheet marks its elements with an attribute (<strong b-…>).
        Assert.Matches("<strong[^>]*>5 customers</strong>", html);
    }

    [Fact]
    public async Task An_anonymous_visitor_is_sent_to_sign_in()
    {
        using var browser = new SignInDriver(factory);

        using var response = await browser.App.GetAsync("/analytics", Cancellation);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(new Uri(browser.Provider.Address, "connect/authorize").ToString(), response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }
}

internal static class UriPaths
{
    /// <summary>The path of a Location header, which may be relative.</summary>
    public static string AbsolutePath(this Uri uri) => uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString.Split('?')[0];
}
