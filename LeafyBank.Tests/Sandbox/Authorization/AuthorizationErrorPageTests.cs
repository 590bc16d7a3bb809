namespace LeafyBank.Tests.Sandbox.Authorization;

/// <summary>
/// An authorization request the bank cannot send back to the client (RFC 6749 §4.1.2.1) is
/// answered in the customer's browser with the bank's own page: 400, plain words, what to do next
/// and the error code for support, never OpenIddict's raw protocol text. Errors the bank can
/// send back to the client still go back by redirect.
/// </summary>
[Collection(SandboxWithTestAccounts.Collection)]
public sealed class AuthorizationErrorPageTests(SandboxWithTestAccounts sandbox) : IAsyncDisposable
{
    private readonly SandboxTestHost host = sandbox.NewSession();

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task The_browsers_Back_button_to_a_used_request_uri_shows_the_banks_page_with_a_link_to_the_clients_registered_origin()
    {
        var consentId = await host.CreateConsentAsync("greenbank");
        var (_, challenge) = SandboxTestHost.NewPkce();
        var pushed = await host.PushAsync(SandboxTestHost.AuthorizeUrl("greenbank", consentId, challenge));
        await host.AuthorizeInBrowserAsync(pushed);

        using var back = await host.Browser.GetAsync(pushed, Ct);

        var page = await ErrorPageAsync(back);
        Assert.Contains("This request to share your data has already been used or has expired", page, StringComparison.Ordinal);
        Assert.Contains("Go back to Leafy Bank and start again", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"back-to-client\" href=\"https://app.example/\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_client_id_shows_the_banks_page_without_a_link_anywhere()
    {
        using var response = await host.Browser.GetAsync(
            "/sandbox/greenbank/connect/authorize?client_id=nobody&request_uri=urn%3Aietf%3Aparams%3Aoauth%3Arequest_uri%3Amadeup", Ct);

        var page = await ErrorPageAsync(response);
        Assert.Contains("We don't recognise the app that sent you here", page, StringComparison.Ordinal);
        Assert.DoesNotContain("back-to-client", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_uri_the_bank_never_issued_shows_the_banks_page()
    {
        using var response = await host.Browser.GetAsync(
            $"/sandbox/greenbank/connect/authorize?client_id={SandboxTestHost.ClientId}&request_uri=urn%3Aietf%3Aparams%3Aoauth%3Arequest_uri%3Amadeup", Ct);

        var page = await ErrorPageAsync(response);
        Assert.Contains("has already been used or has expired", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_authorize_url_without_parameters_shows_the_banks_page()
    {
        using var response = await host.Browser.GetAsync("/sandbox/mongodbbank/connect/authorize", Ct);

        var page = await ErrorPageAsync(response);
        Assert.Contains("MongoDB Bank", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_decline_still_redirects_to_the_clients_redirect_uri_with_access_denied()
    {
        var consentId = await host.CreateConsentAsync("greenbank");
        var (_, challenge) = SandboxTestHost.NewPkce();

        var callback = await host.AuthorizeInBrowserAsync(
            SandboxTestHost.AuthorizeUrl("greenbank", consentId, challenge, redirectUri: SandboxTestHost.RegisteredRedirectUri), approve: false);

        Assert.StartsWith(SandboxTestHost.RegisteredRedirectUri + "?", callback.OriginalString, StringComparison.Ordinal);
        Assert.Equal("access_denied", SandboxTestHost.QueryValue(callback, "error"));
    }

    /// <summary>The bank's error page: a 400 in HTML, a title, the next step and the error code, nothing of OpenIddict's own text.</summary>
    private static async Task<string> ErrorPageAsync(HttpResponseMessage response)
    {
        var page = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {page}");
        Assert.Null(response.Headers.Location);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("data-testid=\"error-title\"", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"next-step\"", page, StringComparison.Ordinal);
        Assert.Matches("data-testid=\"error-code\">Error code for support: <code>[a-z_]+</code>", page);
        Assert.DoesNotContain("openiddict.com", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("error_description", page, StringComparison.Ordinal);
        return page;
    }
}
