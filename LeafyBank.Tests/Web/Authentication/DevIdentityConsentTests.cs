using LeafyBank.DevIdentityProvider;
using LeafyBank.Tests.Web.Api;

namespace LeafyBank.Tests.Web.Authentication;

/// <summary>
/// A tool gets the data API only with the customer's yes: the development provider asks a signed-in customer on its own
/// page before it hands the tools' client a code, Deny is <c>access_denied</c> at the tool's redirect (RFC 6749
/// §4.1.2.1), and only the provider's own form can answer. The app's own sign-in asks nothing more than the password.
/// </summary>
public sealed class DevIdentityConsentTests(LeafyBankWebFactory factory) : IClassFixture<LeafyBankWebFactory>
{
    private static CancellationToken Cancellation => Xunit.TestContext.Current.CancellationToken;

    private ApiTokenDriver Tokens => new(factory);

    /// <summary>A browser signed in at Leafy Bank as <paramref name="userName"/> (and so at the provider), as the customer is when a tool asks.</summary>
    private async Task<SignInDriver> SignedInAsync(string userName)
    {
        var browser = new SignInDriver(factory);
        await browser.SignInAsync(userName);
        return browser;
    }

    [Fact]
    public async Task A_signed_in_customer_is_asked_on_the_provider_s_page_before_a_tool_gets_a_code()
    {
        using var browser = await SignedInAsync("adalove");
        var request = Tokens.NewAuthorizationRequest();

        using var authorize = await browser.GetAtProviderAsync(request.Url);

        Assert.Null(authorize.Headers.Location);
        var (_, html) = await SignInDriver.ConsentPageAsync(authorize);
        Assert.Contains("Ada Lovelace", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"consent-allow\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"consent-deny\"", html, StringComparison.Ordinal);
        Assert.Contains("Your transactions", html, StringComparison.Ordinal);
        // The access token's lifetime as OpenIddict issues it (its default hour), and no promise that a sign-out ends it:
        // the data API checks a token's signature and expiry only.
        Assert.Contains("The tool's access lasts one hour", html, StringComparison.Ordinal);
        Assert.Contains("Signing out of Leafy Bank does not end it sooner; Sign out everywhere does.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Allow_hands_the_tool_a_code_that_it_exchanges_for_a_token_the_data_API_accepts()
    {
        using var browser = await SignedInAsync("fridaklo");
        var request = Tokens.NewAuthorizationRequest();
        using var authorize = await browser.GetAtProviderAsync(request.Url);
        var (page, html) = await SignInDriver.ConsentPageAsync(authorize);

        using var allowed = await browser.AnswerConsentAsync(page, html, DevIdentityEndpoints.AllowAnswer);

        Assert.Equal(HttpStatusCode.Redirect, allowed.StatusCode);
        var answer = ApiTokenDriver.CallbackQuery(allowed.Headers.Location!, request.State);
        var token = await Tokens.ExchangeAsync(answer["code"].ToString(), request.Verifier);
        using var api = factory.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("access_token").GetString());
        using var position = await api.GetAsync("/api/v1/position", Cancellation);
        Assert.Equal(HttpStatusCode.OK, position.StatusCode);
    }

    [Fact]
    public async Task Deny_returns_access_denied_to_the_tool_s_redirect_with_its_state_and_no_code()
    {
        using var browser = await SignedInAsync("adalove");
        var request = Tokens.NewAuthorizationRequest();
        using var authorize = await browser.GetAtProviderAsync(request.Url);
        var (page, html) = await SignInDriver.ConsentPageAsync(authorize);

        using var denied = await browser.AnswerConsentAsync(page, html, DevIdentityEndpoints.DenyAnswer);

        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        var answer = ApiTokenDriver.CallbackQuery(denied.Headers.Location!, request.State);
        Assert.Equal("access_denied", answer["error"].ToString());
        Assert.False(answer.ContainsKey("code"));
    }

    [Fact]
    public async Task A_forged_Allow_without_the_provider_s_antiforgery_token_is_refused()
    {
        using var browser = await SignedInAsync("adalove");
        var request = Tokens.NewAuthorizationRequest();
        // What a page on another site (or another program) can post: the whole request and the answer, but no token of the provider's form.
        var forged = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(request.Url.Query)
            .Select(p => KeyValuePair.Create(p.Key, p.Value.ToString()))
            .Append(KeyValuePair.Create(DevIdentityEndpoints.ConsentAnswerField, DevIdentityEndpoints.AllowAnswer));

        using var answer = await browser.PostAtProviderAsync(new Uri(request.Url.GetLeftPart(UriPartial.Path)), forged);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Null(answer.Headers.Location);
        Assert.Contains("data-testid=\"consent-expired\"", await answer.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_in_the_query_of_a_link_is_not_an_answer()
    {
        using var browser = await SignedInAsync("adalove");
        var request = Tokens.NewAuthorizationRequest();
        var link = new Uri(request.Url + $"&{DevIdentityEndpoints.ConsentAnswerField}={DevIdentityEndpoints.AllowAnswer}");

        using var authorize = await browser.GetAtProviderAsync(link);

        await SignInDriver.ConsentPageAsync(authorize);
    }

    [Fact]
    public async Task A_tool_asking_for_no_page_gets_consent_required_not_a_code()
    {
        using var browser = await SignedInAsync("adalove");
        var request = Tokens.NewAuthorizationRequest(prompt: "none");

        using var authorize = await browser.GetAtProviderAsync(request.Url);

        Assert.Equal(HttpStatusCode.Redirect, authorize.StatusCode);
        var answer = ApiTokenDriver.CallbackQuery(authorize.Headers.Location!, request.State);
        Assert.Equal("consent_required", answer["error"].ToString());
        Assert.False(answer.ContainsKey("code"));
    }

    [Fact]
    public async Task The_apps_own_sign_in_is_not_asked_the_question()
    {
        // SignInAsync asserts the provider answers the password with the app's code, no page between.
        using var browser = await SignedInAsync("adalove");

        // Signed in at the provider, an app authorization that does not insist on a fresh sign-in is answered at once.
        using var login = await browser.App.GetAsync("/authentication/login", Cancellation);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(login.Headers.Location!.Query)
            .Where(p => p.Key is not ("prompt" or "max_age"))
            .Select(p => KeyValuePair.Create(p.Key, (string?)p.Value.ToString()));
        using var authorize = await browser.GetAtProviderAsync(new Uri(login.Headers.Location.GetLeftPart(UriPartial.Path) + Microsoft.AspNetCore.Http.QueryString.Create(query)));

        Assert.Equal(HttpStatusCode.Redirect, authorize.StatusCode);
        Assert.Equal("/signin-oidc", authorize.Headers.Location!.AbsolutePath);
        Assert.Contains("code=", authorize.Headers.Location.Query, StringComparison.Ordinal);
    }
}
