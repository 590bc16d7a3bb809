namespace LeafyBank.Tests.Sandbox.Authorization;

/// <summary>
/// private_key_jwt client authentication (RFC 7523, FAPI 2.0 Security Profile §5.3.2.1) at the banks:
/// advertised, required at the FAPI banks, and every assertion held to the profile.
/// </summary>
[Collection(SandboxWithTestAccounts.Collection)]
public sealed class ClientAssertionTests(SandboxWithTestAccounts sandbox) : IAsyncDisposable
{
    private const string Thames = "thamesbank";
    private readonly SandboxTestHost host = sandbox.NewSession();

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public static TheoryData<string> Banks => [.. SandboxBankCatalog.All.Select(bank => bank.Id)];

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    [Theory]
    [MemberData(nameof(Banks))]
    public async Task Every_bank_advertises_private_key_jwt_with_the_algorithms_FAPI_allows(string bankId)
    {
        using var client = host.NewClient();
        using var metadata = JsonDocument.Parse(await client.GetStringAsync($"/.well-known/oauth-authorization-server/sandbox/{bankId}", Ct));
        var root = metadata.RootElement;
        var methods = Strings(root, "token_endpoint_auth_methods_supported");
        Assert.Contains("private_key_jwt", methods);
        Assert.Equal(["ES256", "EdDSA", "PS256"], Strings(root, "token_endpoint_auth_signing_alg_values_supported").Order(StringComparer.Ordinal));
        Assert.Equal(methods, Strings(root, "revocation_endpoint_auth_methods_supported"));
        var fapi = SandboxBankCatalog.Find(bankId)!.Dialect is SandboxDialects.BerlinGroup or SandboxDialects.UkOpenBanking;
        Assert.Equal(fapi, methods is ["private_key_jwt"]);
    }

    [Fact]
    public async Task A_signed_assertion_gets_a_token_and_revokes_it_at_a_FAPI_bank()
    {
        using var token = await ClientCredentialsAsync(host.ClientAssertion(Thames));
        var body = await token.Content.ReadAsStringAsync(Ct);
        Assert.True(token.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);

        using var client = host.NewClient();
        using var revoke = await client.PostAsync($"/sandbox/{Thames}/connect/revoke", new FormUrlEncodedContent(
            host.ClientAssertionFields(Thames).Append(KeyValuePair.Create("token", json.RootElement.GetProperty("access_token").GetString()!))), Ct);
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
    }

    [Theory]
    [InlineData("donaubank", "form")]
    [InlineData("donaubank", "basic")]
    [InlineData("thamesbank", "form")]
    [InlineData("thamesbank", "basic")]
    public async Task A_FAPI_bank_refuses_even_the_right_client_secret_at_its_token_par_and_revocation_endpoints(string bankId, string where)
    {
        foreach (var (endpoint, fields) in new (string, Dictionary<string, string>)[]
                 {
                     ("token", new() { ["grant_type"] = "client_credentials", ["scope"] = "accounts" }),
                     ("par", new() { ["response_type"] = "code", ["redirect_uri"] = SandboxTestHost.SameOriginRedirectUri, ["scope"] = "accounts",
                         ["code_challenge"] = SandboxTestHost.NewPkce().Challenge, ["code_challenge_method"] = "S256" }),
                     ("revoke", new() { ["token"] = "anything" }),
                 })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/sandbox/{bankId}/connect/{endpoint}");
            if (where == "basic")
            {
                host.OAuth.Authenticated(request);
            }
            else
            {
                fields["client_id"] = SandboxTestHost.ClientId;
                fields["client_secret"] = SandboxTestHost.ClientSecret;
            }
            request.Content = new FormUrlEncodedContent(fields);
            using var client = host.NewClient();
            using var response = await client.SendAsync(request, Ct);
            Assert.Equal("invalid_client", await ErrorAsync(response));
        }
    }

    [Fact]
    public async Task A_reference_bank_still_takes_its_client_secret()
    {
        var consentId = await host.CreateConsentAsync("greenbank");
        var url = SandboxTestHost.AuthorizeUrl("greenbank", consentId, SandboxTestHost.NewPkce().Challenge);
        var form = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(url[url.IndexOf('?', StringComparison.Ordinal)..])
            .Select(field => KeyValuePair.Create(field.Key, field.Value.ToString()))
            .Append(KeyValuePair.Create("client_secret", SandboxTestHost.ClientSecret));
        using var client = host.NewClient();
        using var response = await client.PostAsync("/sandbox/greenbank/connect/par", new FormUrlEncodedContent(form), Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task A_replayed_assertion_is_refused()
    {
        var assertion = host.ClientAssertion(Thames);
        using (var first = await ClientCredentialsAsync(assertion))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }
        using var replay = await ClientCredentialsAsync(assertion);
        Assert.Equal("invalid_client", await ErrorAsync(replay));
    }

    [Fact]
    public async Task An_expired_assertion_is_refused()
    {
        var assertion = SandboxTestHost.ClientKey.CreateAssertion(SandboxTestHost.ClientId, SandboxTestHost.Issuer(Thames), host.Clock.GetUtcNow().AddMinutes(-2));
        using var response = await ClientCredentialsAsync(assertion);
        Assert.Equal("invalid_client", await ErrorAsync(response));
    }

    [Fact]
    public async Task An_assertion_signed_with_another_key_is_refused()
    {
        using var stranger = RSA.Create(2048);
        using var response = await ClientCredentialsAsync(Sign(stranger, "PS256", Claims()));
        Assert.Equal("invalid_client", await ErrorAsync(response));
    }

    [Theory]
    [InlineData("the token endpoint")]
    [InlineData("another bank")]
    [InlineData("a list with the issuer")]
    public async Task An_assertion_for_another_audience_than_the_issuer_is_refused(string audience)
    {
        object aud = audience switch
        {
            "the token endpoint" => $"http://localhost/sandbox/{Thames}/connect/token",
            "another bank" => SandboxTestHost.Issuer("donaubank"),
            _ => new[] { SandboxTestHost.Issuer(Thames), "https://attacker.example/" },
        };
        using var response = await ClientCredentialsAsync(Sign(null, "PS256", Claims(aud: aud)));
        Assert.Equal("invalid_client", await ErrorAsync(response));
    }

    [Fact]
    public async Task The_same_key_with_an_algorithm_FAPI_does_not_allow_is_refused()
    {
        using var response = await ClientCredentialsAsync(Sign(null, "RS256", Claims()));
        Assert.Equal("invalid_client", await ErrorAsync(response));
    }

    [Fact]
    public async Task An_assertion_that_lives_too_long_or_lacks_a_jti_or_names_another_subject_is_refused()
    {
        var now = host.Clock.GetUtcNow().ToUnixTimeSeconds();
        foreach (var claims in new[]
                 {
                     Claims(exp: now + 3600),
                     Claims(jti: null),
                     Claims(sub: "someone-else"),
                 })
        {
            using var response = await ClientCredentialsAsync(Sign(null, "PS256", claims));
            Assert.Equal("invalid_client", await ErrorAsync(response));
        }
        // The same claims, well formed, pass: each refusal above is for its one fault.
        using var fine = await ClientCredentialsAsync(Sign(null, "PS256", Claims()));
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
    }

    private Dictionary<string, object?> Claims(object? aud = null, long? exp = null, string? sub = SandboxTestHost.ClientId, string? jti = "")
    {
        var now = host.Clock.GetUtcNow().ToUnixTimeSeconds();
        var claims = new Dictionary<string, object?>
        {
            ["iss"] = SandboxTestHost.ClientId,
            ["sub"] = sub,
            ["aud"] = aud ?? SandboxTestHost.Issuer(Thames),
            ["iat"] = now,
            ["exp"] = exp ?? now + 60,
            ["jti"] = jti == "" ? Guid.NewGuid().ToString("N") : jti,
        };
        return claims.Where(claim => claim.Value is not null).ToDictionary();
    }

    /// <summary>A hand-made assertion; <paramref name="key"/> null signs with the registered key itself.</summary>
    private static string Sign(RSA? key, string algorithm, Dictionary<string, object?> claims)
    {
        key ??= SandboxTestHost.ClientRsa;
        var header = WebEncoders.Base64UrlEncode(JsonSerializer.SerializeToUtf8Bytes(new { alg = algorithm, typ = "client-authentication+jwt", kid = SandboxTestHost.ClientKey.KeyId }));
        var input = $"{header}.{WebEncoders.Base64UrlEncode(JsonSerializer.SerializeToUtf8Bytes(claims))}";
        var padding = algorithm == "PS256" ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;
        return $"{input}.{WebEncoders.Base64UrlEncode(key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, padding))}";
    }

    /// <summary>A client-credentials request at Thames with <paramref name="assertion"/> (and the DPoP proof Thames requires).</summary>
    private async Task<HttpResponseMessage> ClientCredentialsAsync(string assertion)
    {
        using var client = host.NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/sandbox/{Thames}/connect/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["scope"] = "accounts",
                ["client_id"] = SandboxTestHost.ClientId,
                ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                ["client_assertion"] = assertion,
            }),
        };
        request.Headers.Add("DPoP", host.DpopProof(HttpMethod.Post, $"/sandbox/{Thames}/connect/token"));
        return await client.SendAsync(request, Ct);
    }

    private static async Task<string?> ErrorAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.False(response.IsSuccessStatusCode, body);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.TryGetProperty("error", out var error) ? error.GetString() : null;
    }

    private static string[] Strings(JsonElement root, string name) =>
        root.TryGetProperty(name, out var values) ? [.. values.EnumerateArray().Select(value => value.GetString()!)] : [];
}
