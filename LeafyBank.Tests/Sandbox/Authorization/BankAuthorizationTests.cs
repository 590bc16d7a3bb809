using LeafyBank.Tests.Sandbox.Dialects.UkOpenBanking;
using Microsoft.IdentityModel.JsonWebTokens;

namespace LeafyBank.Tests.Sandbox.Authorization;

/// <summary>
/// The banks' OAuth 2.0 protocol, end to end over HTTP: consent, browser sign-in and approval,
/// code + PKCE, tokens, refresh, revocation, and the data API's access rules.
/// </summary>
public sealed class BankAuthorizationTests : IAsyncLifetime
{
    private SandboxTestHost host = null!;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => host = await SandboxTestHost.StartAsync();

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Discovery_advertises_S256_only_and_the_banks_own_issuer()
    {
        using var client = host.NewClient();
        using var json = JsonDocument.Parse(await client.GetStringAsync("/sandbox/greenbank/.well-known/openid-configuration", Ct));
        var root = json.RootElement;

        Assert.Equal("http://localhost/sandbox/greenbank", root.GetProperty("issuer").GetString()?.TrimEnd('/'));
        Assert.Equal(["S256"], root.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(e => e.GetString()).ToArray());
        Assert.Equal("http://localhost/sandbox/greenbank/connect/authorize", root.GetProperty("authorization_endpoint").GetString());
        Assert.Equal("http://localhost/sandbox/greenbank/connect/token", root.GetProperty("token_endpoint").GetString());
        Assert.Equal("http://localhost/sandbox/greenbank/connect/revoke", root.GetProperty("revocation_endpoint").GetString());
    }

    [Fact]
    public async Task Happy_path_gives_a_signed_JWT_for_this_bank_and_consent_that_opens_the_API()
    {
        var (consentId, tokens) = await host.ConnectAsync("greenbank");

        var jwt = new JsonWebToken(tokens.AccessToken);
        Assert.Equal("RS256", jwt.Alg);
        Assert.Equal("at+jwt", jwt.Typ);
        Assert.Equal("http://localhost/sandbox/greenbank", jwt.Issuer.TrimEnd('/'));
        Assert.Equal("greenbank", jwt.Audiences.First());
        Assert.Equal(consentId, jwt.GetPayloadValue<string>("consent_id"));
        Assert.Equal("frida", jwt.Subject);
        Assert.Equal(300, jwt.GetPayloadValue<long>("exp") - jwt.GetPayloadValue<long>("iat"));
        Assert.InRange(tokens.ExpiresIn ?? 0, 299, 300); // whole seconds left, rounded by the server
        Assert.NotNull(tokens.RefreshToken);
        Assert.Equal("valid", await host.ConsentStatusAsync("greenbank", consentId));

        using var response = await host.CallApiAsync("greenbank", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(["GB-frida-001", "GB-frida-002", "GB-frida-L01"], json.RootElement.GetProperty("accounts").EnumerateArray().Select(e => e.GetString()).ToArray());
        Assert.Equal(consentId, json.RootElement.GetProperty("consent").GetString());
        Assert.True(json.RootElement.GetProperty("unattended").GetBoolean());
    }

    [Fact]
    public async Task Bank_directory_lists_every_bank_with_absolute_issuer_and_accounts_endpoint()
    {
        using var client = host.NewClient();
        using var json = JsonDocument.Parse(await client.GetStringAsync("/sandbox/banks", Ct));
        var banks = json.RootElement.EnumerateArray().ToDictionary(b => b.GetProperty("Id").GetString()!);

        Assert.Equal(["donaubank", "greenbank", "mongodbbank", "thamesbank"], banks.Keys.Order(StringComparer.Ordinal).ToArray());
        Assert.Equal("Green Bank", banks["greenbank"].GetProperty("Name").GetString());
        Assert.Equal("green-bank-json", banks["greenbank"].GetProperty("Dialect").GetString());
        Assert.Equal("http://localhost/sandbox/greenbank", banks["greenbank"].GetProperty("Issuer").GetString());
        Assert.Equal("http://localhost/sandbox/greenbank/api/accounts", banks["greenbank"].GetProperty("AccountsEndpoint").GetString());
        Assert.Equal("http://localhost/sandbox/mongodbbank/api/accounts", banks["mongodbbank"].GetProperty("AccountsEndpoint").GetString());
        Assert.Equal("http://localhost/sandbox/donaubank/v1/accounts", banks["donaubank"].GetProperty("AccountsEndpoint").GetString());
        Assert.Equal("http://localhost/sandbox/thamesbank/open-banking/v3.1/aisp/accounts", banks["thamesbank"].GetProperty("AccountsEndpoint").GetString());
    }

    [Fact]
    public async Task Pkce_verifier_mismatch_is_invalid_grant()
    {
        var consentId = await host.CreateConsentAsync("greenbank");
        var (_, challenge) = SandboxTestHost.NewPkce();
        var callback = await host.AuthorizeInBrowserAsync(SandboxTestHost.AuthorizeUrl("greenbank", consentId, challenge));
        var code = SandboxTestHost.QueryValue(callback, "code")!;
        var (otherVerifier, _) = SandboxTestHost.NewPkce();

        using var response = await host.TokenRequestAsync("greenbank",
            ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", SandboxTestHost.SameOriginRedirectUri), ("code_verifier", otherVerifier));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_grant", await ErrorOf(response));
    }

    [Theory]
    [InlineData("", "code_challenge")]
    [InlineData("&code_challenge=abcdefghijklmnopqrstuvwxyzabcdefghijklmnopq&code_challenge_method=plain", "code_challenge_method")]
    public async Task Authorization_without_an_S256_code_challenge_is_refused(string pkceParameters, string named)
    {
        var consentId = await host.CreateConsentAsync("greenbank");
        var url = SandboxTestHost.AuthorizeUrl("greenbank", consentId, "x")
            .Replace("&code_challenge=x&code_challenge_method=S256", pkceParameters, StringComparison.Ordinal);

        using var response = await host.PushRequestAsync(url);

        // The pushed request is refused on the back channel: nothing reaches the browser.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("invalid_request", body, StringComparison.Ordinal);
        Assert.Contains(named, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reused_code_is_invalid_grant_and_revokes_the_tokens_of_the_first_redemption()
    {
        var consentId = await host.CreateConsentAsync("greenbank");
        var (verifier, challenge) = SandboxTestHost.NewPkce();
        var callback = await host.AuthorizeInBrowserAsync(SandboxTestHost.AuthorizeUrl("greenbank", consentId, challenge));
        var code = SandboxTestHost.QueryValue(callback, "code")!;
        var first = await host.RedeemCodeAsync("greenbank", code, verifier);

        using var again = await host.TokenRequestAsync("greenbank",
            ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", SandboxTestHost.SameOriginRedirectUri), ("code_verifier", verifier));

        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal("invalid_grant", await ErrorOf(again));
        // OpenIddict treats a replayed code as a stolen one and revokes what the first redemption issued.
        using var call = await host.CallApiAsync("greenbank", first.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, call.StatusCode);
        using var refresh = await host.TokenRequestAsync("greenbank", ("grant_type", "refresh_token"), ("refresh_token", first.RefreshToken!));
        Assert.Equal("invalid_grant", await ErrorOf(refresh));
    }

    [Theory]
    [InlineData("http://evil.example/connections/callback")]
    [InlineData("http://localhost/connections/other")]
    [InlineData("http://localhost:8080/connections/callback")]
    [InlineData("https://app.example/connections/callback/extra")]
    public async Task Unregistered_redirect_uri_is_refused_without_redirecting(string redirectUri)
    {
        var consentId = await host.CreateConsentAsync("greenbank");
        var (_, challenge) = SandboxTestHost.NewPkce();

        using var response = await host.PushRequestAsync(SandboxTestHost.AuthorizeUrl("greenbank", consentId, challenge, redirectUri: redirectUri));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("invalid_request", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SandboxTestHost.RegisteredRedirectUri)]
    [InlineData(SandboxTestHost.SameOriginRedirectUri)]
    public async Task Registered_or_same_origin_callback_redirect_uri_is_accepted(string redirectUri)
    {
        var consentId = await host.CreateConsentAsync("greenbank");
        var (verifier, challenge) = SandboxTestHost.NewPkce();

        var callback = await host.AuthorizeInBrowserAsync(SandboxTestHost.AuthorizeUrl("greenbank", consentId, challenge, redirectUri: redirectUri));

        Assert.StartsWith(redirectUri + "?", callback.OriginalString, StringComparison.Ordinal);
        var tokens = await host.RedeemCodeAsync("greenbank", SandboxTestHost.QueryValue(callback, "code")!, verifier, redirectUri);
        Assert.NotEmpty(tokens.AccessToken);
    }

    [Fact]
    public async Task Decline_redirects_with_access_denied_and_state_and_rejects_the_consent()
    {
        var consentId = await host.CreateConsentAsync("greenbank");
        var (_, challenge) = SandboxTestHost.NewPkce();

        var callback = await host.AuthorizeInBrowserAsync(SandboxTestHost.AuthorizeUrl("greenbank", consentId, challenge, state: "s-42"), approve: false);

        Assert.Equal("access_denied", SandboxTestHost.QueryValue(callback, "error"));
        Assert.Equal("s-42", SandboxTestHost.QueryValue(callback, "state"));
        Assert.Null(SandboxTestHost.QueryValue(callback, "code"));
        Assert.Equal("rejected", await host.ConsentStatusAsync("greenbank", consentId));
    }

    [Fact]
    public async Task Consent_page_shows_requesting_party_permissions_validity_frequency_and_accounts()
    {
        var consentId = await host.CreateConsentAsync("greenbank", ["accounts", "balances"], frequencyPerDay: 2, validDays: 30);

        var page = await ConsentPageAsync(consentId, "accounts balances offline_access");

        Assert.Contains("data-testid=\"requesting-party\">Leafy Bank<", page, StringComparison.Ordinal);
        Assert.Contains("Your account balances", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Your transactions", page, StringComparison.Ordinal);
        Assert.Contains("For 30 days, until the end of", page, StringComparison.Ordinal);
        Assert.Contains("up to 2 times a day", page, StringComparison.Ordinal);
        // The loan is not offered: the consent does not cover loans and mortgages, so ticking it would share nothing.
        Assert.Equal(["GB-grace-001", "GB-grace-002"], SandboxTestHost.AccountCheckboxes(page));
    }

    [Fact]
    public async Task Consent_page_offers_loans_only_when_the_consent_covers_them()
    {
        var consentId = await host.CreateConsentAsync("greenbank");

        var page = await ConsentPageAsync(consentId, "accounts balances transactions products offline_access");

        Assert.Equal(["GB-grace-001", "GB-grace-002", "GB-grace-L01"], SandboxTestHost.AccountCheckboxes(page));
    }

    [Fact]
    public async Task Approving_with_no_account_ticked_asks_again_and_leaves_the_boxes_as_the_customer_left_them()
    {
        var consentId = await host.CreateConsentAsync("greenbank");
        var page = await ConsentPageAsync(consentId, "accounts balances transactions products offline_access");
        var form = SandboxTestHost.HiddenFields(page);
        form["decision"] = "approve";

        using var answer = await host.Browser.PostAsync(SandboxTestHost.FormAction(page), new FormUrlEncodedContent(form), Ct);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var again = await answer.Content.ReadAsStringAsync(Ct);
        Assert.Contains("Choose at least one account, loan or mortgage to share, or decline.", again, StringComparison.Ordinal);
        Assert.Equal(3, SandboxTestHost.AccountCheckboxes(again).Count);
        Assert.DoesNotContain(" checked>", again, StringComparison.Ordinal);
        Assert.Equal("received", await host.ConsentStatusAsync("greenbank", consentId));
    }

    /// <summary>Grace signs in at Green Bank (password and one-time code) and opens the consent page for <paramref name="scope"/>.</summary>
    private async Task<string> ConsentPageAsync(string consentId, string scope)
    {
        var (_, challenge) = SandboxTestHost.NewPkce();
        using var authorize = await host.Browser.GetAsync(await host.PushAsync(SandboxTestHost.AuthorizeUrl("greenbank", consentId, challenge, scope)), Ct);
        var signInPage = await host.Browser.GetStringAsync(authorize.Headers.Location, Ct);
        Assert.Contains("sandbox</code>", signInPage, StringComparison.Ordinal);
        var form = SandboxTestHost.HiddenFields(signInPage);
        form["username"] = "grace";
        form["password"] = "sandbox";
        using var signedIn = await host.Browser.PostAsync(SandboxTestHost.FormAction(signInPage), new FormUrlEncodedContent(form), Ct);
        var consentUrl = await new BankBrowser(host.Browser).EnterCodeAsync(signedIn.Headers.Location!);
        return await host.Browser.GetStringAsync(consentUrl, Ct);
    }

    [Fact]
    public async Task Wrong_password_keeps_the_customer_on_the_sign_in_page()
    {
        var consentId = await host.CreateConsentAsync("greenbank");
        var (_, challenge) = SandboxTestHost.NewPkce();
        using var authorize = await host.Browser.GetAsync(await host.PushAsync(SandboxTestHost.AuthorizeUrl("greenbank", consentId, challenge)), Ct);
        var signInPage = await host.Browser.GetStringAsync(authorize.Headers.Location, Ct);
        var form = SandboxTestHost.HiddenFields(signInPage);
        form["username"] = "frida";
        form["password"] = "wrong";

        using var response = await host.Browser.PostAsync(SandboxTestHost.FormAction(signInPage), new FormUrlEncodedContent(form), Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(authorize.Headers.Location, response.Headers.Location);
        Assert.Contains("data-testid=\"signin-error\"", await host.Browser.GetStringAsync(response.Headers.Location, Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_in_post_without_antiforgery_token_is_refused()
    {
        using var response = await host.Browser.PostAsync("/sandbox/greenbank/signin",
            new FormUrlEncodedContent([KeyValuePair.Create("username", "frida"), KeyValuePair.Create("password", "sandbox")]), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Expired_access_token_is_401_with_invalid_token()
    {
        var (_, tokens) = await host.ConnectAsync("greenbank");

        host.Clock.Advance(TimeSpan.FromMinutes(6));
        using var response = await host.CallApiAsync("greenbank", tokens.AccessToken);

        await AssertInvalidToken(response);
    }

    [Fact]
    public async Task Missing_or_garbage_token_is_401_with_invalid_token()
    {
        using var missing = await host.CallApiAsync("greenbank", null);
        await AssertInvalidToken(missing);
        using var garbage = await host.CallApiAsync("greenbank", "not-a-token");
        await AssertInvalidToken(garbage);
    }

    [Fact]
    public async Task Access_token_revoked_with_RFC7009_is_401()
    {
        var (_, tokens) = await host.ConnectAsync("greenbank");
        using var client = host.NewClient();

        using var revoke = await client.PostAsync("/sandbox/greenbank/connect/revoke", new FormUrlEncodedContent(
        [
            KeyValuePair.Create("token", tokens.AccessToken),
            KeyValuePair.Create("token_type_hint", "access_token"),
            KeyValuePair.Create("client_id", SandboxTestHost.ClientId),
            KeyValuePair.Create("client_secret", SandboxTestHost.ClientSecret),
        ]), Ct);
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);

        using var response = await host.CallApiAsync("greenbank", tokens.AccessToken);
        await AssertInvalidToken(response);
    }

    [Fact]
    public async Task Deleted_consent_is_terminatedByTpp_stops_the_access_token_and_refresh()
    {
        var (consentId, tokens) = await host.ConnectAsync("greenbank");
        using var client = host.NewClient();

        using var delete = await client.SendAsync(host.OAuth.Authenticated(new HttpRequestMessage(HttpMethod.Delete, $"/sandbox/greenbank/consents/{consentId}")), Ct);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);

        Assert.Equal("terminatedByTpp", await host.ConsentStatusAsync("greenbank", consentId));
        using var call = await host.CallApiAsync("greenbank", tokens.AccessToken);
        Assert.Contains(call.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden });
        using var refresh = await host.TokenRequestAsync("greenbank", ("grant_type", "refresh_token"), ("refresh_token", tokens.RefreshToken!));
        Assert.Equal("invalid_grant", await ErrorOf(refresh));
    }

    [Fact]
    public async Task Customer_revoking_at_the_bank_makes_the_consent_revokedByPsu_and_stops_the_token()
    {
        var (consentId, tokens) = await host.ConnectAsync("greenbank");

        var revokeAction = $"/sandbox/greenbank/my-consents/{consentId}/revoke";
        Assert.Contains(revokeAction, await host.Browser.GetStringAsync("/sandbox/greenbank/my-consents", Ct), StringComparison.Ordinal);
        var confirmation = await host.Browser.GetStringAsync(revokeAction, Ct);
        using var revoke = await host.Browser.PostAsync(revokeAction, new FormUrlEncodedContent(SandboxTestHost.HiddenFields(confirmation)), Ct);
        Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);

        Assert.Equal("revokedByPsu", await host.ConsentStatusAsync("greenbank", consentId));
        using var call = await host.CallApiAsync("greenbank", tokens.AccessToken);
        await AssertInvalidToken(call);
    }

    [Fact]
    public async Task Permission_outside_the_consent_is_403()
    {
        var (_, tokens) = await host.ConnectAsync("greenbank", ["accounts", "balances"]);

        using var allowed = await host.CallApiAsync("greenbank", tokens.AccessToken, "test/accounts");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        using var denied = await host.CallApiAsync("greenbank", tokens.AccessToken, "test/transactions");
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Contains("transactions", await denied.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scope_beyond_the_consent_is_refused_at_authorization()
    {
        var consentId = await host.CreateConsentAsync("greenbank", ["accounts"]);
        var (_, challenge) = SandboxTestHost.NewPkce();

        using var response = await host.Browser.GetAsync(await host.PushAsync(SandboxTestHost.AuthorizeUrl("greenbank", consentId, challenge, "accounts transactions")), Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("invalid_scope", SandboxTestHost.QueryValue(response.Headers.Location!, "error"));
    }

    [Fact]
    public async Task Token_from_greenbank_is_401_at_donaubank()
    {
        var (_, tokens) = await host.ConnectAsync("greenbank");

        using var response = await host.CallApiAsync("donaubank", tokens.AccessToken);

        await AssertInvalidToken(response);
    }

    [Fact]
    public async Task Code_from_greenbank_cannot_be_redeemed_at_donaubank()
    {
        var consentId = await host.CreateConsentAsync("greenbank");
        var (verifier, challenge) = SandboxTestHost.NewPkce();
        var callback = await host.AuthorizeInBrowserAsync(SandboxTestHost.AuthorizeUrl("greenbank", consentId, challenge));

        using var response = await host.TokenRequestAsync("donaubank", ("grant_type", "authorization_code"),
            ("code", SandboxTestHost.QueryValue(callback, "code")!), ("redirect_uri", SandboxTestHost.SameOriginRedirectUri), ("code_verifier", verifier));

        Assert.Equal("invalid_grant", await ErrorOf(response));
    }

    // One test endpoint is one resource: each unattended call to it is one access of that resource.
    [Fact]
    public async Task Unattended_reads_of_one_resource_beyond_frequencyPerDay_are_429_with_Retry_After_while_attended_reads_go_through()
    {
        var (_, tokens) = await host.ConnectAsync("greenbank", frequencyPerDay: 2);

        for (var call = 0; call < 2; call++)
        {
            using var ok = await host.CallApiAsync("greenbank", tokens.AccessToken);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        using var limited = await host.CallApiAsync("greenbank", tokens.AccessToken);
        Assert.Equal((HttpStatusCode)429, limited.StatusCode);
        var retryAfter = limited.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        var now = host.Clock.GetUtcNow();
        var untilMidnight = now.Date.AddDays(1) - now.UtcDateTime;
        Assert.InRange(retryAfter.Value.TotalSeconds, untilMidnight.TotalSeconds - 1, untilMidnight.TotalSeconds + 1);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);

        using var attended = await host.CallApiAsync("greenbank", tokens.AccessToken, attended: true);
        Assert.Equal(HttpStatusCode.OK, attended.StatusCode);
        using var attendedJson = JsonDocument.Parse(await attended.Content.ReadAsStringAsync(Ct));
        Assert.False(attendedJson.RootElement.GetProperty("unattended").GetBoolean());
    }

    [Fact]
    public async Task The_unattended_allowance_of_a_resource_resets_on_the_next_UTC_day()
    {
        var (_, tokens) = await host.ConnectAsync("greenbank", frequencyPerDay: 1);
        using (var first = await host.CallApiAsync("greenbank", tokens.AccessToken))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }
        using (var second = await host.CallApiAsync("greenbank", tokens.AccessToken))
        {
            Assert.Equal((HttpStatusCode)429, second.StatusCode);
        }

        var now = host.Clock.GetUtcNow();
        host.Clock.Advance(now.Date.AddDays(1) - now.UtcDateTime + TimeSpan.FromMinutes(1));
        var refreshed = await host.RefreshAsync("greenbank", tokens.RefreshToken!);
        using var nextDay = await host.CallApiAsync("greenbank", refreshed.AccessToken);

        Assert.Equal(HttpStatusCode.OK, nextDay.StatusCode);
    }

    [Fact]
    public async Task Refresh_works_while_the_consent_is_valid_and_fails_once_it_has_expired()
    {
        var (consentId, tokens) = await host.ConnectAsync("greenbank", validDays: 0);

        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var refreshed = await host.RefreshAsync("greenbank", tokens.RefreshToken!);
        using (var call = await host.CallApiAsync("greenbank", refreshed.AccessToken))
        {
            Assert.Equal(HttpStatusCode.OK, call.StatusCode);
        }

        host.Clock.Advance(TimeSpan.FromDays(1));
        using var refresh = await host.TokenRequestAsync("greenbank", ("grant_type", "refresh_token"), ("refresh_token", refreshed.RefreshToken!));

        Assert.Equal("invalid_grant", await ErrorOf(refresh));
        Assert.Equal("expired", await host.ConsentStatusAsync("greenbank", consentId));
    }

    [Fact]
    public async Task Refresh_token_lifetime_ends_with_the_consent()
    {
        var (_, tokens) = await host.ConnectAsync("greenbank", validDays: 2);
        // Ask the server what it thinks of the refresh token's lifetime via a refresh just before the end.
        var consentEnd = DateOnly.FromDateTime(host.Clock.GetUtcNow().UtcDateTime).AddDays(3).ToDateTime(TimeOnly.MinValue);
        host.Clock.Advance(consentEnd - host.Clock.GetUtcNow().UtcDateTime - TimeSpan.FromMinutes(1));
        var lastRefresh = await host.RefreshAsync("greenbank", tokens.RefreshToken!);

        host.Clock.Advance(TimeSpan.FromMinutes(2));
        using var afterEnd = await host.TokenRequestAsync("greenbank", ("grant_type", "refresh_token"), ("refresh_token", lastRefresh.RefreshToken!));

        Assert.Equal("invalid_grant", await ErrorOf(afterEnd));
    }

    [Fact]
    public async Task Consent_request_is_validated_and_validUntil_capped_at_the_banks_maximum()
    {
        var today = DateOnly.FromDateTime(host.Clock.GetUtcNow().UtcDateTime);

        using var empty = await host.PostConsentAsync("greenbank", new { access = Array.Empty<string>(), validUntil = today.AddDays(10).ToString("yyyy-MM-dd"), frequencyPerDay = 4 });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        using var unknown = await host.PostConsentAsync("greenbank", new { access = new[] { "payments" }, validUntil = today.AddDays(10).ToString("yyyy-MM-dd"), frequencyPerDay = 4 });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        using var past = await host.PostConsentAsync("greenbank", new { access = new[] { "accounts" }, validUntil = today.AddDays(-1).ToString("yyyy-MM-dd"), frequencyPerDay = 4 });
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        using var tooOften = await host.PostConsentAsync("greenbank", new { access = new[] { "accounts" }, validUntil = today.AddDays(10).ToString("yyyy-MM-dd"), frequencyPerDay = 5 });
        Assert.Equal(HttpStatusCode.BadRequest, tooOften.StatusCode);
        Assert.Contains("frequencyPerDay", await tooOften.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        // Green Bank's maximum is 180 days (Thames Bank's 90 are checked on its UK consent resource, ThamesBankConformanceTests).
        using var long_ = await host.PostConsentAsync("greenbank", new { access = new[] { "accounts" }, validUntil = "9999-12-31", frequencyPerDay = 4 });
        Assert.Equal(HttpStatusCode.Created, long_.StatusCode);
        var created = await long_.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.EndsWith("/sandbox/greenbank/consents/" + created.GetProperty("consentId").GetString(), long_.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal("received", created.GetProperty("consentStatus").GetString());
        Assert.Equal(today.AddDays(180).ToString("yyyy-MM-dd"), created.GetProperty("validUntil").GetString());
    }

    [Fact]
    public async Task Consent_api_requires_client_authentication()
    {
        using var client = host.NewClient();
        using var anonymous = await client.PostAsJsonAsync("/sandbox/greenbank/consents", new { access = new[] { "accounts" }, validUntil = "2099-01-01" }, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/sandbox/greenbank/consents/whatever");
        wrong.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String("leafybank:nope"u8.ToArray()));
        using var wrongSecret = await client.SendAsync(wrong, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret.StatusCode);
    }

    [Fact]
    public async Task Bank_endpoints_are_not_served_at_the_site_root()
    {
        using var client = host.NewClient();
        using var discovery = await client.GetAsync("/.well-known/openid-configuration", Ct);
        Assert.Equal(HttpStatusCode.NotFound, discovery.StatusCode);
    }

    [Fact]
    public async Task Tokens_and_client_survive_a_restart_on_the_same_data_directory()
    {
        var (consentId, tokens) = await host.ConnectAsync("greenbank");

        host = await host.RestartAsync();

        using var call = await host.CallApiAsync("greenbank", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, call.StatusCode);
        var refreshed = await host.RefreshAsync("greenbank", tokens.RefreshToken!);
        Assert.NotEmpty(refreshed.AccessToken);
        Assert.Equal("valid", await host.ConsentStatusAsync("greenbank", consentId));
    }

    private static async Task<string?> ErrorOf(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return json.RootElement.TryGetProperty("error", out var error) ? error.GetString() : null;
    }

    private static async Task AssertInvalidToken(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{response.StatusCode}: {body}");
        Assert.Equal("Bearer error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public void The_consent_page_says_loans_and_mortgages_share_what_they_owe()
    {
        // Leafy Bank's review says "Loans and mortgages (amount owed, rate and terms)": the bank's page must not promise less.
        Assert.Contains("the amount owed", LeafyBank.Sandbox.Pages.BankPage.Describe("products"), StringComparison.Ordinal);
        Assert.DoesNotContain("owed", LeafyBank.Sandbox.Pages.BankPage.Describe("balances"), StringComparison.Ordinal);
    }
}
