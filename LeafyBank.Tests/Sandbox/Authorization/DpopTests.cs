using LeafyBank.Sandbox.Banks;

namespace LeafyBank.Tests.Sandbox.Authorization;

/// <summary>
/// Sender-constrained access tokens by DPoP (RFC 9449) at the banks: advertised (§5.1), required at
/// the standards' banks' token endpoints (§5), tokens bound by <c>cnf.jkt</c> (§6.1) and answered as
/// <c>token_type</c> DPoP, and at the data APIs every proof check of §4.3 and §7.1.
/// </summary>
[Collection(SandboxWithTestAccounts.Collection)]
public sealed class DpopTests(SandboxWithTestAccounts sandbox) : IAsyncDisposable
{
    private const string Thames = "thamesbank";
    private const string Green = "greenbank";
    private readonly SandboxTestHost host = sandbox.NewSession();

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public static TheoryData<string> Banks => [.. SandboxBankCatalog.All.Select(bank => bank.Id)];

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    [Theory]
    [MemberData(nameof(Banks))]
    public async Task Every_bank_advertises_the_DPoP_algorithms_it_takes(string bankId)
    {
        using var client = host.NewClient();
        using var metadata = JsonDocument.Parse(await client.GetStringAsync($"/.well-known/oauth-authorization-server/sandbox/{bankId}", Ct));

        var algorithms = metadata.RootElement.GetProperty("dpop_signing_alg_values_supported").EnumerateArray().Select(a => a.GetString()).ToList();
        Assert.Contains(BankClientKey.Algorithm, algorithms);
        Assert.Contains("ES256", algorithms);
        Assert.DoesNotContain("none", algorithms);
    }

    [Fact]
    public async Task A_FAPI_bank_issues_a_token_only_against_a_proof_and_binds_it_to_the_proofs_key()
    {
        using (var without = await ClientCredentialsAsync(proof: null))
        {
            Assert.Equal(HttpStatusCode.BadRequest, without.StatusCode);
            Assert.Equal("invalid_dpop_proof", await ErrorAsync(without));
        }
        using (var forAnotherUrl = await ClientCredentialsAsync(host.DpopProof(HttpMethod.Post, $"/sandbox/{Thames}/connect/par")))
        {
            Assert.Equal("invalid_dpop_proof", await ErrorAsync(forAnotherUrl));
        }

        using var bound = await ClientCredentialsAsync(host.DpopProof(HttpMethod.Post, TokenPath(Thames)));
        var body = await bound.Content.ReadAsStringAsync(Ct);
        Assert.True(bound.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("DPoP", json.RootElement.GetProperty("token_type").GetString());
        // The key's RFC 7638 thumbprint, which BankClientKey also uses as its kid.
        Assert.Equal(SandboxTestHost.ClientKey.KeyId, Thumbprint(json.RootElement.GetProperty("access_token").GetString()!));
    }

    [Fact]
    public async Task A_bound_token_is_used_only_with_a_fresh_proof_of_its_key_for_that_request()
    {
        var (_, tokens) = await host.ConnectAsync(Green);
        var token = tokens.AccessToken;
        Assert.True(SandboxTestHost.IsDpopBound(token));
        var path = $"/sandbox/{Green}/test/accounts";
        using var stranger = RSA.Create(2048);
        var strangersKey = new BankClientKey(stranger);

        var refusals = new (string Case, string Scheme, string? Proof, string Error)[]
        {
            ("as a bearer token", "Bearer", null, "invalid_token"),
            ("without a proof", "DPoP", null, "invalid_dpop_proof"),
            ("with a proof for another URL", "DPoP", host.DpopProof(HttpMethod.Get, $"/sandbox/{Green}/test/transactions", token), "invalid_dpop_proof"),
            ("with a proof for another method", "DPoP", host.DpopProof(HttpMethod.Post, path, token), "invalid_dpop_proof"),
            ("with a proof for another token", "DPoP", host.DpopProof(HttpMethod.Get, path, token + "x"), "invalid_dpop_proof"),
            ("with a proof made two minutes ago", "DPoP",
                SandboxTestHost.ClientKey.CreateDpopProof(HttpMethod.Get, Url(path), host.Clock.GetUtcNow().AddMinutes(-2), token), "invalid_dpop_proof"),
            ("with another key's proof", "DPoP", strangersKey.CreateDpopProof(HttpMethod.Get, Url(path), host.Clock.GetUtcNow(), token), "invalid_dpop_proof"),
        };
        foreach (var (what, scheme, proof, error) in refusals)
        {
            using var refused = await CallAsync(path, scheme, token, proof);
            Assert.True(refused.StatusCode == HttpStatusCode.Unauthorized, $"{what}: {refused.StatusCode}");
            var challenge = refused.Headers.WwwAuthenticate.ToString();
            Assert.True(challenge.StartsWith($"DPoP error=\"{error}\"", StringComparison.Ordinal), $"{what}: {challenge}");
            Assert.Contains("algs=\"", challenge);
        }

        var fresh = host.DpopProof(HttpMethod.Get, path, token);
        using (var accepted = await CallAsync(path, "DPoP", token, fresh))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }
        using var replayed = await CallAsync(path, "DPoP", token, fresh);
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        Assert.Contains("jti", replayed.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task A_proof_signed_with_a_P256_key_is_taken_and_one_carrying_a_private_key_is_not()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var path = TokenPath(Thames);
        using (var es256 = await ClientCredentialsAsync(EcProof(ec, HttpMethod.Post, path, withPrivateKey: false)))
        {
            Assert.Equal(HttpStatusCode.OK, es256.StatusCode);
        }
        using var leaked = await ClientCredentialsAsync(EcProof(ec, HttpMethod.Post, path, withPrivateKey: true));
        Assert.Equal("invalid_dpop_proof", await ErrorAsync(leaked));
    }

    [Fact]
    public async Task A_reference_bank_asked_without_a_proof_issues_a_bearer_token_which_the_DPoP_scheme_does_not_carry()
    {
        var consentId = await host.CreateConsentAsync(Green);
        var (verifier, challenge) = SandboxTestHost.NewPkce();
        // Pushed raw, without dpop_jkt: Leafy Bank's own client binds the code to its key (RFC 9449 §10), which a proof-less exchange could not redeem.
        using var pushed = await host.PushRequestAsync(SandboxTestHost.AuthorizeUrl(Green, consentId, challenge));
        var callback = await host.AuthorizeInBrowserAsync(await SandboxTestHost.AuthorizeUrlForPushedAsync(Green, pushed));
        using var client = host.NewClient();
        using var response = await client.PostAsync(TokenPath(Green), new FormUrlEncodedContent(host.ClientAssertionFields(Green).Concat(
        [
            KeyValuePair.Create("grant_type", "authorization_code"),
            KeyValuePair.Create("code", SandboxTestHost.QueryValue(callback, "code")!),
            KeyValuePair.Create("redirect_uri", SandboxTestHost.SameOriginRedirectUri),
            KeyValuePair.Create("code_verifier", verifier),
        ])), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, body);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("Bearer", json.RootElement.GetProperty("token_type").GetString());
        var token = json.RootElement.GetProperty("access_token").GetString()!;
        Assert.False(SandboxTestHost.IsDpopBound(token));

        var path = $"/sandbox/{Green}/test/accounts";
        using (var asBearer = await CallAsync(path, "Bearer", token, proof: null))
        {
            Assert.Equal(HttpStatusCode.OK, asBearer.StatusCode);
        }
        using var asDpop = await CallAsync(path, "DPoP", token, host.DpopProof(HttpMethod.Get, path, token));
        Assert.Equal(HttpStatusCode.Unauthorized, asDpop.StatusCode);
    }

    private static string TokenPath(string bankId) => $"/sandbox/{bankId}/connect/token";

    private static Uri Url(string path) => new(SandboxTestHost.Origin, path);

    private async Task<HttpResponseMessage> ClientCredentialsAsync(string? proof)
    {
        using var client = host.NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, TokenPath(Thames))
        {
            Content = new FormUrlEncodedContent(host.ClientAssertionFields(Thames).Concat(
                [KeyValuePair.Create("grant_type", "client_credentials"), KeyValuePair.Create("scope", "accounts")])),
        };
        if (proof is not null)
        {
            request.Headers.Add("DPoP", proof);
        }
        return await client.SendAsync(request, Ct);
    }

    private async Task<HttpResponseMessage> CallAsync(string path, string scheme, string token, string? proof)
    {
        using var client = host.NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue(scheme, token);
        if (proof is not null)
        {
            request.Headers.Add("DPoP", proof);
        }
        return await client.SendAsync(request, Ct);
    }

    /// <summary>An ES256 proof made by hand (Leafy Bank's own key is RSA); <paramref name="withPrivateKey"/> puts <c>d</c> in its jwk, as a careless client might.</summary>
    private string EcProof(ECDsa key, HttpMethod method, string path, bool withPrivateKey)
    {
        var parameters = key.ExportParameters(includePrivateParameters: true);
        var jwk = new Dictionary<string, string>
        {
            ["kty"] = "EC",
            ["crv"] = "P-256",
            ["x"] = WebEncoders.Base64UrlEncode(parameters.Q.X!),
            ["y"] = WebEncoders.Base64UrlEncode(parameters.Q.Y!),
        };
        if (withPrivateKey)
        {
            jwk["d"] = WebEncoders.Base64UrlEncode(parameters.D!);
        }
        var header = WebEncoders.Base64UrlEncode(JsonSerializer.SerializeToUtf8Bytes(new { typ = "dpop+jwt", alg = "ES256", jwk }));
        var payload = WebEncoders.Base64UrlEncode(JsonSerializer.SerializeToUtf8Bytes(new
        {
            jti = Guid.NewGuid().ToString("N"),
            htm = method.Method,
            htu = Url(path).AbsoluteUri,
            iat = host.Clock.GetUtcNow().ToUnixTimeSeconds(),
            nonce = host.CurrentNonce(path),
        }));
        var signature = key.SignData(Encoding.ASCII.GetBytes($"{header}.{payload}"), HashAlgorithmName.SHA256);
        return $"{header}.{payload}.{WebEncoders.Base64UrlEncode(signature)}";
    }

    private static string? Thumbprint(string accessToken)
    {
        using var payload = JsonDocument.Parse(WebEncoders.Base64UrlDecode(accessToken.Split('.')[1]));
        return payload.RootElement.GetProperty("cnf").GetProperty("jkt").GetString();
    }

    private static async Task<string?> ErrorAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return json.RootElement.TryGetProperty("error", out var error) ? error.GetString() : null;
    }
}
