using LeafyBank.Sandbox.Banks;

namespace LeafyBank.Tests.Sandbox.Authorization;

/// <summary>
/// Authorization codes bound to a DPoP key (RFC 9449 §10): a pushed authorization request (RFC 9126) names the key by
/// <c>dpop_jkt</c>, by a <c>DPoP</c> proof (§10.1), or by both, which must agree; the code is then redeemed only with a
/// proof of that key. Donau and Thames require the binding; the reference banks take unbound codes as before.
/// </summary>
[Collection(SandboxWithTestAccounts.Collection)]
public sealed class DpopCodeBindingTests(SandboxWithTestAccounts sandbox) : IAsyncDisposable
{
    private const string Green = "greenbank";
    private const string Thames = "thamesbank";
    private static readonly BankClientKey StrangersKey = new(RSA.Create(2048));
    private readonly SandboxTestHost host = sandbox.NewSession();

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public static TheoryData<string> Banks => [.. SandboxBankCatalog.All.Select(bank => bank.Id)];

    public static TheoryData<string> ReferenceBanks => [.. SandboxBankCatalog.All.Where(bank => !DpopRequired(bank.Id)).Select(bank => bank.Id)];

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    [Theory]
    [MemberData(nameof(Banks))]
    public async Task A_code_pushed_with_dpop_jkt_is_redeemed_only_with_a_proof_of_that_key(string bankId)
    {
        var (verifier, code) = await ApprovedCodeAsync(bankId, dpopJkt: SandboxTestHost.ClientKey.KeyId);

        using (var anotherKey = await RedeemAsync(bankId, code, verifier, StrangersKey))
        {
            Assert.Equal(HttpStatusCode.BadRequest, anotherKey.StatusCode);
            Assert.Equal("invalid_grant", await ErrorAsync(anotherKey));
        }
        using (var noProof = await RedeemAsync(bankId, code, verifier, key: null))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noProof.StatusCode);
            Assert.Equal("invalid_dpop_proof", await ErrorAsync(noProof));
        }
        // The refusals came before the code was used: its own key still redeems it, and the token is bound to that key.
        using var rightKey = await RedeemAsync(bankId, code, verifier, SandboxTestHost.ClientKey);
        var body = await rightKey.Content.ReadAsStringAsync(Ct);
        Assert.True(rightKey.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal("DPoP", JsonDocument.Parse(body).RootElement.GetProperty("token_type").GetString());
    }

    [Theory]
    [MemberData(nameof(Banks))]
    public async Task A_proof_at_the_pushed_authorization_endpoint_binds_the_code_to_its_key(string bankId)
    {
        var (verifier, challenge) = SandboxTestHost.NewPkce();
        var url = SandboxTestHost.ConsentAuthorizeUrl(bankId, await host.CreateConsentAsync(bankId), challenge);
        using var pushed = await host.PushRequestAsync(url, Proof(StrangersKey, SandboxTestHost.ParPath(url)));
        var code = await ApproveAsync(bankId, pushed);

        // §10.1: as if the proof's thumbprint had been sent as dpop_jkt.
        using (var leafyKey = await RedeemAsync(bankId, code, verifier, SandboxTestHost.ClientKey))
        {
            Assert.Equal("invalid_grant", await ErrorAsync(leafyKey));
        }
        using var proofsKey = await RedeemAsync(bankId, code, verifier, StrangersKey);
        Assert.True(proofsKey.StatusCode == HttpStatusCode.OK, await proofsKey.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(Banks))]
    public async Task A_proof_at_the_pushed_authorization_endpoint_that_does_not_match_dpop_jkt_is_refused(string bankId)
    {
        var (_, challenge) = SandboxTestHost.NewPkce();
        var url = SandboxTestHost.ConsentAuthorizeUrl(bankId, await host.CreateConsentAsync(bankId), challenge);

        using var refused = await host.PushRequestAsync($"{url}&dpop_jkt={SandboxTestHost.ClientKey.KeyId}", Proof(StrangersKey, SandboxTestHost.ParPath(url)));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("invalid_dpop_proof", await ErrorAsync(refused));
        // Both naming the same key is fine.
        using var agreeing = await host.PushRequestAsync($"{url}&dpop_jkt={SandboxTestHost.ClientKey.KeyId}", Proof(SandboxTestHost.ClientKey, SandboxTestHost.ParPath(url)));
        Assert.True(agreeing.StatusCode == HttpStatusCode.Created, await agreeing.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(Banks))]
    public async Task A_proof_at_the_pushed_authorization_endpoint_is_checked_as_at_the_token_endpoint(string bankId)
    {
        var (_, challenge) = SandboxTestHost.NewPkce();
        var url = SandboxTestHost.ConsentAuthorizeUrl(bankId, await host.CreateConsentAsync(bankId), challenge);

        // A proof for the token endpoint is not one for this endpoint (htu, §4.3).
        using var forTheTokenEndpoint = await host.PushRequestAsync(url, Proof(SandboxTestHost.ClientKey, $"/sandbox/{bankId}/connect/token"));

        Assert.Equal(HttpStatusCode.BadRequest, forTheTokenEndpoint.StatusCode);
        Assert.Equal("invalid_dpop_proof", await ErrorAsync(forTheTokenEndpoint));
    }

    [Theory]
    [MemberData(nameof(Banks))]
    public async Task A_malformed_dpop_jkt_is_refused_at_the_pushed_authorization_endpoint(string bankId)
    {
        var (_, challenge) = SandboxTestHost.NewPkce();
        var url = SandboxTestHost.ConsentAuthorizeUrl(bankId, await host.CreateConsentAsync(bankId), challenge);

        using var refused = await host.PushRequestAsync($"{url}&dpop_jkt=not-a-thumbprint");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("invalid_request", await ErrorAsync(refused));
    }

    [Theory]
    [InlineData("donaubank")]
    [InlineData(Thames)]
    public async Task The_FAPI_banks_refuse_a_pushed_request_that_does_not_bind_the_code(string bankId)
    {
        var (_, challenge) = SandboxTestHost.NewPkce();

        using var refused = await host.PushRequestAsync(SandboxTestHost.ConsentAuthorizeUrl(bankId, await host.CreateConsentAsync(bankId), challenge));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var body = await refused.Content.ReadAsStringAsync(Ct);
        Assert.Equal("invalid_request", JsonDocument.Parse(body).RootElement.GetProperty("error").GetString());
        Assert.Contains("dpop_jkt", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_proof_at_the_pushed_authorization_endpoint_of_a_bank_with_nonces_must_carry_its_authorization_servers_nonce()
    {
        var (_, challenge) = SandboxTestHost.NewPkce();
        var url = SandboxTestHost.ConsentAuthorizeUrl(Thames, await host.CreateConsentAsync(Thames), challenge);

        using var refused = await host.PushRequestAsync(url,
            SandboxTestHost.ClientKey.CreateDpopProof(HttpMethod.Post, Url(SandboxTestHost.ParPath(url)), host.Clock.GetUtcNow()));

        // RFC 9449 §8: the pushed authorization endpoint is the authorization server, so its nonce is the token endpoint's.
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("use_dpop_nonce", await ErrorAsync(refused));
        Assert.Equal(host.CurrentNonce(SandboxTestHost.ParPath(url)), refused.Headers.GetValues("DPoP-Nonce").Single());
    }

    [Theory]
    [MemberData(nameof(ReferenceBanks))]
    public async Task A_code_pushed_without_binding_still_works_at_the_reference_banks(string bankId)
    {
        var (verifier, code) = await ApprovedCodeAsync(bankId, dpopJkt: null);

        // Unbound: any key's proof, or none, redeems it (the token is then bound to that proof's key, or a bearer token).
        using var redeemed = await RedeemAsync(bankId, code, verifier, StrangersKey);
        Assert.True(redeemed.StatusCode == HttpStatusCode.OK, await redeemed.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(Banks))]
    public async Task A_dpop_jkt_added_to_the_browsers_authorize_url_does_not_change_the_binding(string bankId)
    {
        var (verifier, challenge) = SandboxTestHost.NewPkce();
        var url = SandboxTestHost.ConsentAuthorizeUrl(bankId, await host.CreateConsentAsync(bankId), challenge);
        using var pushed = await host.PushRequestAsync($"{url}&dpop_jkt={SandboxTestHost.ClientKey.KeyId}");
        var callback = await new BankBrowser(host.Browser).AuthorizeAsync(
            await SandboxTestHost.AuthorizeUrlForPushedAsync(bankId, pushed) + "&dpop_jkt=" + StrangersKey.KeyId, "frida");
        var code = SandboxTestHost.QueryValue(callback, "code");
        Assert.True(code is not null, callback.ToString());

        using (var strangers = await RedeemAsync(bankId, code, verifier, StrangersKey))
        {
            Assert.Equal("invalid_grant", await ErrorAsync(strangers));
        }
        using var own = await RedeemAsync(bankId, code, verifier, SandboxTestHost.ClientKey);
        Assert.True(own.StatusCode == HttpStatusCode.OK, await own.Content.ReadAsStringAsync(Ct));
    }

    private static bool DpopRequired(string bankId) => bankId is "donaubank" or Thames;

    /// <summary>A consent approved by the customer through a raw pushed request, with or without dpop_jkt; the code and its PKCE verifier.</summary>
    private async Task<(string Verifier, string Code)> ApprovedCodeAsync(string bankId, string? dpopJkt)
    {
        var (verifier, challenge) = SandboxTestHost.NewPkce();
        var url = SandboxTestHost.ConsentAuthorizeUrl(bankId, await host.CreateConsentAsync(bankId), challenge);
        using var pushed = await host.PushRequestAsync(dpopJkt is null ? url : $"{url}&dpop_jkt={dpopJkt}");
        return (verifier, await ApproveAsync(bankId, pushed));
    }

    private async Task<string> ApproveAsync(string bankId, HttpResponseMessage pushed)
    {
        var callback = await new BankBrowser(host.Browser).AuthorizeAsync(await SandboxTestHost.AuthorizeUrlForPushedAsync(bankId, pushed), "frida");
        var code = SandboxTestHost.QueryValue(callback, "code");
        Assert.True(code is not null, callback.ToString());
        return code;
    }

    /// <summary>A code exchange with a proof of <paramref name="key"/> (with the bank's nonce where it gives them), or none.</summary>
    private async Task<HttpResponseMessage> RedeemAsync(string bankId, string code, string verifier, BankClientKey? key)
    {
        var path = $"/sandbox/{bankId}/connect/token";
        using var client = host.NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(host.ClientAssertionFields(bankId).Concat(
            [
                KeyValuePair.Create("grant_type", "authorization_code"), KeyValuePair.Create("code", code),
                KeyValuePair.Create("redirect_uri", SandboxTestHost.SameOriginRedirectUri), KeyValuePair.Create("code_verifier", verifier),
            ])),
        };
        if (key is not null)
        {
            request.Headers.Add("DPoP", Proof(key, path));
        }
        return await client.SendAsync(request, Ct);
    }

    private string Proof(BankClientKey key, string path) =>
        key.CreateDpopProof(HttpMethod.Post, Url(path), host.Clock.GetUtcNow(), nonce: host.CurrentNonce(path));

    private static Uri Url(string path) => new(SandboxTestHost.Origin, path);

    private static async Task<string?> ErrorAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return json.RootElement.TryGetProperty("error", out var error) ? error.GetString() : null;
    }
}
