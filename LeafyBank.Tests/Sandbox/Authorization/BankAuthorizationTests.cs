using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeafyBank.Sandbox.Access;

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

        var header = SandboxTestHost.JwtHeader(tokens.AccessToken);
        var payload = SandboxTestHost.JwtPayload(tokens.AccessToken);
        Assert.Equal("RS256", header.GetProperty("alg").GetString());
        Assert.Equal("at+jwt", header.GetProperty("typ").GetString());
        Assert.Equal("http://localhost/sandbox/greenbank", payload.GetProperty("iss").GetString()?.TrimEnd('/'));
        Assert.Equal("greenbank", payload.GetProperty("aud").ValueKind == JsonValueKind.Array
            ? payload.GetProperty("aud")[0].GetString() : payload.GetProperty("aud").GetString());
        Assert.Equal(consentId, payload.GetProperty("consent_id").GetString());
        Assert.Equal("frida", payload.GetProperty("sub").GetString());
        Assert.Equal(300, payload.GetProperty("exp").GetInt64() - payload.GetProperty("iat").GetInt64());
        Assert.Equal(300, tokens.ExpiresIn);
        Assert.NotNull(tokens.RefreshToken);
        Assert.Equal("valid", await host.ConsentStatusAsync("greenbank", consentId));

        using var response = await host.CallApiAsync("greenbank", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(["GB-frida-001", "GB-frida-002"], json.RootElement.GetProperty("accounts").EnumerateArray().Select(e => e.GetString()).ToArray());
        Assert.Equal(consentId, json.RootElement.GetProperty("consent").GetString());
        Assert.True(json.RootElement.GetProperty("unattended").GetBoolean());
    }
}
