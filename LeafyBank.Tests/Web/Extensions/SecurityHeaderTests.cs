namespace LeafyBank.Tests.Web.Extensions;

/// <summary>Every kind of response carries the security headers: pages, API, health, static files, the banks' pages and APIs.</summary>
public sealed partial class SecurityHeaderTests(LeafyBankWebFactory factory) : IClassFixture<LeafyBankWebFactory>
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/")]                                                   // an app page
    [InlineData("/dashboard")]                                          // a page that sends the anonymous to sign in
    [InlineData("/no-such-page")]                                       // the not-found page
    [InlineData("/api/v1/position")]                                    // the data API, refused without a token
    [InlineData("/health")]
    [InlineData("/favicon.svg")]                                        // a static file
    [InlineData("/sandbox/banks")]                                      // the bank directory
    [InlineData("/sandbox/greenbank/.well-known/openid-configuration")] // a bank's discovery
    [InlineData("/sandbox/greenbank/signin")]                           // a bank's page
    [InlineData("/sandbox/greenbank/api/accounts")]                     // a bank's data API, refused without a token
    public async Task Every_kind_of_response_carries_the_security_headers(string path)
    {
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.GetAsync(path, Cancel);

        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("style-src 'self' 'unsafe-inline'", csp, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.DoesNotMatch("script-src[^;]*'unsafe-inline'", csp);
        Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Contains("camera=()", Header(response, "Permissions-Policy"), StringComparison.Ordinal);
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
    }

    [Fact]
    public async Task The_policy_allows_the_pages_import_map_by_its_hash_and_nothing_else_inline()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/", Cancel);
        var html = await response.Content.ReadAsStringAsync(Cancel);

        var inlineScripts = InlineScript().Matches(html);
        var importMap = Assert.Single(inlineScripts);
        Assert.Contains("type=\"importmap\"", importMap.Value, StringComparison.Ordinal);
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(importMap.Groups["body"].Value)));
        Assert.Contains($"script-src 'self' 'sha256-{hash}';", Header(response, "Content-Security-Policy"), StringComparison.Ordinal);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"{(int)response.StatusCode} {response.RequestMessage?.RequestUri} has no {name} header");

    // <script …>body</script> without a src attribute.
    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>(?<body>.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex InlineScript();
}

/// <summary>
/// Outside Development behind a TLS proxy: HSTS, no Server header, Secure cookies and https
/// redirect URIs when a known proxy says https — and none of it when an unknown one does.
/// </summary>
public sealed class BehindAProxyTests : IAsyncDisposable
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private readonly LeafyBankWebFactory app = LeafyBankWebFactory.With(new Dictionary<string, string> { ["environment"] = "Production", [SignInSettings.DevIdentityProviderKey] = "true" });

    /// <summary>The app's address on Kestrel, started on first use.</summary>
    private Uri Address => app.Start();

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task Behind_a_known_TLS_proxy_the_app_sends_HSTS_secure_cookies_and_https_redirect_uris_and_never_a_Server_header()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Address, "authentication/login"));
        // The proxy (on loopback, trusted by default) received https://leafy.example and says so.
        request.Headers.Host = "leafy.example";
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");

        using var response = await client.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.False(response.Headers.Contains("Server"), "no Server header");
        Assert.StartsWith("max-age=31536000", string.Join("", response.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
        Assert.Contains("redirect_uri=https%3A%2F%2Fleafy.example%2Fsignin-oidc", response.Headers.Location!.Query, StringComparison.Ordinal);
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, cookie => Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Plain_http_gets_no_HSTS_and_no_Server_header()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });

        using var response = await client.GetAsync(new Uri(Address, "health"), Cancel);

        Assert.False(response.Headers.Contains("Server"), "no Server header");
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "HSTS only over https");
        Assert.True(response.Headers.Contains("Content-Security-Policy"));
    }
}

/// <summary>A proxy the settings do not name cannot make plain http look like https.</summary>
public sealed class UnknownProxyTests : IAsyncDisposable
{
    private readonly LeafyBankWebFactory app = LeafyBankWebFactory.With(new Dictionary<string, string> { [HostingSecuritySettings.KnownProxiesKey] = "10.9.9.9" });

    /// <summary>The app's address on Kestrel, started on first use.</summary>
    private Uri Address => app.Start();

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task A_forwarded_https_from_an_address_not_named_in_LEAFYBANK_KNOWN_PROXIES_is_ignored()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Address, "authentication/login"));
        request.Headers.Add("X-Forwarded-Proto", "https");

        using var response = await client.SendAsync(request, Xunit.TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("redirect_uri=http%3A%2F%2F", response.Headers.Location!.Query, StringComparison.Ordinal);
        Assert.All(response.Headers.GetValues("Set-Cookie"), cookie => Assert.DoesNotContain("; secure", cookie, StringComparison.OrdinalIgnoreCase));
    }
}
