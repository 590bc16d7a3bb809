namespace LeafyBank.Tests.Web.Api;

/// <summary>
/// Who may call the data API: only a bearer token from the identity provider, for the API's
/// audience, unexpired, whose user is a Leafy Bank customer. Everything else is a 401 with
/// <c>WWW-Authenticate: Bearer</c> (or 403 for a non-customer), as a problem — never data,
/// never a sign-in redirect, and never on the strength of the app's session cookie.
/// </summary>
public sealed class DataApiAuthenticationTests(DataApiFixture fixture) : IClassFixture<DataApiFixture>
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;
    /// <summary>The app's "now" (the suite's instant): tokens are minted relative to it.</summary>
    private DateTime Now => fixture.Clock.GetUtcNow().UtcDateTime;

    private static async Task<JsonNode> AssertUnauthorizedAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"expected 401, got {(int)response.StatusCode}: {body}");
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("totalBalance", body, StringComparison.Ordinal);
        return JsonNode.Parse(body)!;
    }

    [Fact]
    public async Task The_development_provider_issues_a_signed_jwt_for_the_api_audience_and_it_is_accepted()
    {
        var response = await fixture.Tokens.RequestTokenAsync("fridaklo");
        var token = response.GetProperty("access_token").GetString()!;

        // A JWS (header.payload.signature), not an encrypted JWE: any resource server can validate it with the published keys.
        Assert.Equal(3, token.Split('.').Length);
        var claims = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token);
        Assert.Equal([DataApiSettings.DefaultAudience], claims.Audiences);
        Assert.Equal("fridaklo", claims.GetClaim("preferred_username").Value);
        Assert.Equal("Bearer", response.GetProperty("token_type").GetString());

        using var client = fixture.ClientWith(token);
        using var position = await client.GetAsync("/api/v1/position", Cancel);
        Assert.Equal(HttpStatusCode.OK, position.StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/position")]
    [InlineData("/api/v1/accounts")]
    [InlineData("/api/v1/accounts/675466b874a6710be0583b3a")]
    [InlineData("/api/v1/products")]
    [InlineData("/api/v1/transactions")]
    [InlineData("/api/v1/connections")]
    public async Task Every_route_without_a_token_is_401_with_a_bearer_challenge_not_a_sign_in_redirect(string path)
    {
        using var anonymous = fixture.ClientWith(null);

        using var response = await anonymous.GetAsync(path, Cancel);

        var problem = await AssertUnauthorizedAsync(response);
        Assert.Contains("Authorization: Bearer", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_or_tampered_token_is_401_invalid_token()
    {
        var real = await fixture.Tokens.AccessTokenAsync("fridaklo");
        var parts = real.Split('.');
        // Same header and signature, a payload claiming another user: the signature no longer matches.
        var forged = fixture.Tokens.Mint("gracehop", DataApiSettings.DefaultAudience, Now.AddHours(1)).Split('.')[1];

        foreach (var token in new[] { "not-a-token", $"{parts[0]}.{forged}.{parts[2]}" })
        {
            using var client = fixture.ClientWith(token);
            using var response = await client.GetAsync("/api/v1/accounts", Cancel);
            await AssertUnauthorizedAsync(response);
            Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_token_minted_with_the_providers_key_is_accepted_so_the_refusals_below_are_about_their_claims()
    {
        using var client = fixture.ClientWith(fixture.Tokens.Mint("fridaklo", DataApiSettings.DefaultAudience, Now.AddMinutes(30)));

        using var response = await client.GetAsync("/api/v1/position", Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_expired_token_is_401_saying_it_expired()
    {
        // Past the handler's five-minute clock-skew allowance.
        using var client = fixture.ClientWith(fixture.Tokens.Mint("fridaklo", DataApiSettings.DefaultAudience, Now.AddMinutes(-10)));

        using var response = await client.GetAsync("/api/v1/position", Cancel);

        await AssertUnauthorizedAsync(response);
        Assert.Contains("expired", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_for_another_audience_is_401()
    {
        using var client = fixture.ClientWith(fixture.Tokens.Mint("fridaklo", "another-api", Now.AddMinutes(30)));

        using var response = await client.GetAsync("/api/v1/position", Cancel);

        await AssertUnauthorizedAsync(response);
        Assert.Contains("audience", response.Headers.WwwAuthenticate.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_real_token_issued_without_the_api_scope_has_no_api_audience_and_is_401()
    {
        var token = await fixture.Tokens.AccessTokenAsync("fridaklo", scope: "openid profile");
        Assert.Empty(new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token).Audiences);
        using var client = fixture.ClientWith(token);

        using var response = await client.GetAsync("/api/v1/accounts", Cancel);

        await AssertUnauthorizedAsync(response);
    }

    [Fact]
    public async Task A_valid_token_for_someone_who_is_not_a_customer_is_403_problem()
    {
        using var client = fixture.ClientWith(fixture.Tokens.Mint("mallory", DataApiSettings.DefaultAudience, Now.AddMinutes(30)));

        using var response = await client.GetAsync("/api/v1/accounts", Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancel))!;
        Assert.Equal(403, problem["status"]!.GetValue<int>());
        Assert.Contains("mallory", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_apps_session_cookie_alone_never_opens_the_api()
    {
        using var browser = new SignInDriver(fixture);
        await browser.SignInAsync("fridaklo");
        // The cookie is a working session: the customer's own ledger download answers with it.
        using var ledger = await browser.App.GetAsync("/ledger/download", Cancel);
        Assert.Equal(HttpStatusCode.OK, ledger.StatusCode);

        using var api = await browser.App.GetAsync("/api/v1/position", Cancel);

        await AssertUnauthorizedAsync(api);
    }

    [Fact]
    public async Task A_token_in_another_scheme_or_in_the_query_string_is_not_accepted()
    {
        var token = await fixture.Tokens.AccessTokenAsync("fridaklo");
        using var client = fixture.ClientWith(null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", token);

        using var basic = await client.GetAsync("/api/v1/position", Cancel);
        using var query = await fixture.ClientWith(null).GetAsync($"/api/v1/position?access_token={token}", Cancel);

        await AssertUnauthorizedAsync(basic);
        await AssertUnauthorizedAsync(query);
    }
}
