using Microsoft.IdentityModel.JsonWebTokens;

namespace LeafyBank.Tests.Sandbox.Authorization;

/// <summary>
/// The FAPI 2.0 Security Profile baseline every bank keeps: RFC 8414 metadata at its well-known
/// path, an honest scopes_supported, pushed authorization requests required (RFC 9126), and a
/// rotated-out refresh token refused at once.
/// </summary>
[Collection(SandboxWithTestAccounts.Collection)]
public sealed class FapiBaselineTests(SandboxWithTestAccounts sandbox) : IAsyncDisposable
{
    private readonly SandboxTestHost host = sandbox.NewSession();

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public static TheoryData<string> Banks => [.. SandboxBankCatalog.All.Select(bank => bank.Id)];

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    [Theory]
    [MemberData(nameof(Banks))]
    public async Task Every_bank_publishes_RFC_8414_metadata_at_the_host_root_path_for_its_issuer(string bankId)
    {
        using var client = host.NewClient();
        using var rfc8414 = await client.GetAsync($"/.well-known/oauth-authorization-server/sandbox/{bankId}", Ct);
        var oauthBody = await rfc8414.Content.ReadAsStringAsync(Ct);
        Assert.True(rfc8414.StatusCode == HttpStatusCode.OK, oauthBody);
        var openIdBody = await client.GetStringAsync($"/sandbox/{bankId}/.well-known/openid-configuration", Ct);

        using var oauth = JsonDocument.Parse(oauthBody);
        using var openId = JsonDocument.Parse(openIdBody);
        Assert.Equal($"http://localhost/sandbox/{bankId}", oauth.RootElement.GetProperty("issuer").GetString()?.TrimEnd('/'));
        Assert.Equal(openId.RootElement.ToString(), oauth.RootElement.ToString());
    }

    [Fact]
    public async Task The_well_known_path_of_an_unknown_issuer_is_not_found()
    {
        using var client = host.NewClient();
        using var response = await client.GetAsync("/.well-known/oauth-authorization-server/sandbox/nobank", Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Banks))]
    public async Task Every_bank_requires_pushed_authorization_requests_and_says_so(string bankId)
    {
        using var metadata = await MetadataAsync(bankId);
        var root = metadata.RootElement;
        Assert.Equal($"http://localhost/sandbox/{bankId}/connect/par", root.GetProperty("pushed_authorization_request_endpoint").GetString());
        Assert.True(root.GetProperty("require_pushed_authorization_requests").GetBoolean());

        // The same request in the browser's URL, without pushing it first, is refused.
        var consentId = await host.CreateConsentAsync("greenbank");
        var (_, challenge) = SandboxTestHost.NewPkce();
        using var unpushed = await host.Browser.GetAsync(SandboxTestHost.AuthorizeUrl("greenbank", consentId, challenge), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, unpushed.StatusCode);
        Assert.Null(unpushed.Headers.Location);
        Assert.Contains("invalid_request", await unpushed.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pushed_request_carries_the_consent_through_sign_in_and_the_one_time_code()
    {
        var consentId = await host.CreateConsentAsync("greenbank");
        var (verifier, challenge) = SandboxTestHost.NewPkce();
        var pushed = await host.PushAsync(SandboxTestHost.AuthorizeUrl("greenbank", consentId, challenge));
        Assert.DoesNotContain(consentId, pushed, StringComparison.Ordinal);
        Assert.DoesNotContain("code_challenge", pushed, StringComparison.Ordinal);

        var callback = await host.AuthorizeInBrowserAsync(pushed);

        var tokens = await host.RedeemCodeAsync("greenbank", SandboxTestHost.QueryValue(callback, "code")!, verifier);
        Assert.Equal(consentId, new JsonWebToken(tokens.AccessToken).GetPayloadValue<string>("consent_id"));
        Assert.Equal("valid", await host.ConsentStatusAsync("greenbank", consentId));
    }

    [Fact]
    public async Task A_request_uri_the_bank_did_not_issue_is_refused()
    {
        using var response = await host.Browser.GetAsync(
            $"/sandbox/greenbank/connect/authorize?client_id={SandboxTestHost.ClientId}&request_uri=urn%3Aietf%3Aparams%3Aoauth%3Arequest_uri%3Amadeup", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Theory]
    [MemberData(nameof(Banks))]
    public async Task Every_advertised_scope_is_one_the_bank_grants(string bankId)
    {
        using var metadata = await MetadataAsync(bankId);
        var advertised = metadata.RootElement.GetProperty("scopes_supported").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.NotEmpty(advertised);

        // A consent for everything the bank offers, asked for with every advertised scope, is not refused for a scope.
        // Each standard names the consent its own way (Berlin Group in a scope of its own, UK Open Banking in the claims request),
        // as Leafy Bank's client does.
        var (_, challenge) = SandboxTestHost.NewPkce();
        var pushed = await host.PushForConsentAsync(bankId, await host.CreateConsentAsync(bankId), challenge, moreScopes: advertised);
        using var authorize = await host.Browser.GetAsync(pushed, Ct);
        Assert.Equal(HttpStatusCode.Redirect, authorize.StatusCode);
        Assert.DoesNotContain("error=", authorize.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains("/signin?", authorize.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rotated_out_refresh_token_fails_at_once_and_ends_the_whole_chain()
    {
        var (_, tokens) = await host.ConnectAsync("greenbank");
        using var first = await host.TokenRequestAsync("greenbank", ("grant_type", "refresh_token"), ("refresh_token", tokens.RefreshToken!));
        var rotated = (await first.Content.ReadFromJsonAsync<BankTokenResponse>(Ct))!;
        Assert.NotEqual(tokens.RefreshToken, rotated.RefreshToken);

        // No clock moves: the old refresh token is refused in the same instant it was rotated out.
        using var reuse = await host.TokenRequestAsync("greenbank", ("grant_type", "refresh_token"), ("refresh_token", tokens.RefreshToken!));
        Assert.Equal(HttpStatusCode.BadRequest, reuse.StatusCode);
        using (var error = JsonDocument.Parse(await reuse.Content.ReadAsStringAsync(Ct)))
        {
            Assert.Equal("invalid_grant", error.RootElement.GetProperty("error").GetString());
        }

        // Reuse means theft: what the rotation issued stops working too.
        using var successor = await host.TokenRequestAsync("greenbank", ("grant_type", "refresh_token"), ("refresh_token", rotated.RefreshToken!));
        Assert.Equal(HttpStatusCode.BadRequest, successor.StatusCode);
        using var call = await host.CallApiAsync("greenbank", rotated.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, call.StatusCode);
    }

    private async Task<JsonDocument> MetadataAsync(string bankId)
    {
        using var client = host.NewClient();
        return JsonDocument.Parse(await client.GetStringAsync($"/.well-known/oauth-authorization-server/sandbox/{bankId}", Ct));
    }
}
