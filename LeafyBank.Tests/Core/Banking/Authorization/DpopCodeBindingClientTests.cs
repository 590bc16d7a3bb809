namespace LeafyBank.Tests.Core.Banking.Authorization;

/// <summary>
/// Leafy Bank binds the authorization code to its DPoP key (RFC 9449 §10): every pushed authorization request to a
/// bank that takes its proofs carries <c>dpop_jkt</c>, the RFC 7638 thumbprint of the key that signs its token
/// requests' proofs, and no proof (so no nonce is needed there); a bank without DPoP gets no <c>dpop_jkt</c>.
/// </summary>
public sealed class DpopCodeBindingClientTests
{
    private static readonly RSA Rsa = RSA.Create(2048);
    private static readonly BankClientKey Key = new(Rsa);
    private static readonly BankDirectoryEntry Thames = TestBanks.ThamesBank;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AuthorizationServerMetadata Metadata(IReadOnlyList<string>? dpopAlgorithms, bool pushed = true) => new(
        Issuer: Thames.Issuer.AbsoluteUri, AuthorizationEndpoint: $"{Thames.Issuer}/connect/authorize", TokenEndpoint: $"{Thames.Issuer}/connect/token",
        RevocationEndpoint: null, CodeChallengeMethodsSupported: ["S256"],
        PushedAuthorizationRequestEndpoint: pushed ? $"{Thames.Issuer}/connect/par" : null, RequirePushedAuthorizationRequests: pushed,
        TokenEndpointAuthMethodsSupported: [BankOAuthClient.PrivateKeyJwt], DpopSigningAlgValuesSupported: dpopAlgorithms);

    private static readonly Dictionary<string, string?> Parameters = new()
    {
        ["response_type"] = "code",
        ["client_id"] = "leafybank",
        ["redirect_uri"] = "https://leafy.example/connections/callback",
        ["code_challenge"] = "challenge",
        ["code_challenge_method"] = "S256",
    };

    [Fact]
    public async Task A_pushed_request_to_a_DPoP_bank_carries_dpop_jkt_equal_to_the_keys_thumbprint_and_no_proof()
    {
        var bank = new PushedAuthorizationEndpoint();
        var oauth = new BankOAuthClient(new HttpClient(bank), new BankClientCredentials("leafybank", "unused", Key), clock: TestTime.Frozen());

        await oauth.PushAuthorizationRequestAsync(Thames, Metadata([BankClientKey.Algorithm]), Parameters, Ct);

        var sent = Assert.Single(bank.Requests);
        Assert.Equal(RsaThumbprint(Rsa), sent.Form["dpop_jkt"]);
        Assert.False(sent.HadProof);
        // The caller's parameters are left as they were.
        Assert.False(Parameters.ContainsKey("dpop_jkt"));
    }

    [Fact]
    public async Task A_bank_without_DPoP_for_Leafy_Banks_algorithm_gets_no_dpop_jkt()
    {
        var bank = new PushedAuthorizationEndpoint();
        var oauth = new BankOAuthClient(new HttpClient(bank), new BankClientCredentials("leafybank", "unused", Key), clock: TestTime.Frozen());

        await oauth.PushAuthorizationRequestAsync(Thames, Metadata(dpopAlgorithms: null), Parameters, Ct);
        await oauth.PushAuthorizationRequestAsync(Thames, Metadata(dpopAlgorithms: ["ES256"]), Parameters, Ct);

        Assert.All(bank.Requests, sent => Assert.False(sent.Form.ContainsKey("dpop_jkt")));
    }

    [Fact]
    public async Task A_DPoP_bank_without_a_pushed_authorization_endpoint_gets_dpop_jkt_in_the_authorization_url()
    {
        var oauth = new BankOAuthClient(new HttpClient(new NoNetwork()), new BankClientCredentials("leafybank", "unused", Key), clock: TestTime.Frozen());

        var url = await oauth.PushAuthorizationRequestAsync(Thames, Metadata([BankClientKey.Algorithm], pushed: false), Parameters, Ct);

        Assert.Equal(RsaThumbprint(Rsa), Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(url.Query)["dpop_jkt"].ToString());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_code_is_redeemed_with_a_proof_exactly_when_the_push_bound_it_whatever_the_metadata_in_hand_says(bool bound)
    {
        var bank = new PushedAuthorizationEndpoint();
        var oauth = new BankOAuthClient(new HttpClient(bank), new BankClientCredentials("leafybank", "unused", Key), clock: TestTime.Frozen());
        // The metadata read later says the opposite of what the push decided.
        var readLater = Metadata(bound ? null : [BankClientKey.Algorithm]);

        await oauth.PushAuthorizationRequestAsync(Thames, Metadata([BankClientKey.Algorithm]), Parameters, bindCodeToDpopKey: bound, Ct);
        await oauth.ExchangeCodeAsync(Thames, readLater, "the-code", "https://leafy.example/connections/callback", "verifier", withDpopProof: bound, Ct);

        var (pushed, exchanged) = (bank.Requests.First(), bank.Requests.Last());
        Assert.Equal(bound, pushed.Form.ContainsKey("dpop_jkt"));
        Assert.Equal("authorization_code", exchanged.Form["grant_type"]);
        Assert.Equal(bound, exchanged.HadProof);
    }

    /// <summary>RFC 7638 computed here from the key itself, not taken from <see cref="BankClientKey.KeyId"/>.</summary>
    private static string RsaThumbprint(RSA rsa)
    {
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        var canonical = $$"""{"e":"{{Base64Url(parameters.Exponent!)}}","kty":"RSA","n":"{{Base64Url(parameters.Modulus!)}}"}""";
        return Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed record SentRequest(Dictionary<string, string> Form, bool HadProof);

    /// <summary>
    /// A pushed authorization endpoint that records each request and answers with a request_uri (RFC 9126 §2.2); its token endpoint
    /// records each request too and answers with a token.
    /// </summary>
    private sealed class PushedAuthorizationEndpoint : HttpMessageHandler
    {
        public ConcurrentQueue<SentRequest> Requests { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var form = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(await request.Content!.ReadAsStringAsync(cancellationToken))
                .ToDictionary(field => field.Key, field => field.Value.ToString());
            Requests.Enqueue(new SentRequest(form, request.Headers.Contains("DPoP")));
            if (request.RequestUri!.AbsolutePath.EndsWith("/connect/token", StringComparison.Ordinal))
            {
                return new HttpResponseMessage(HttpStatusCode.OK)
                {
                    Content = JsonContent.Create(new { access_token = "access-token", token_type = form.ContainsKey("dpop_jkt") ? "DPoP" : "Bearer", expires_in = 300 }),
                };
            }
            return new HttpResponseMessage(HttpStatusCode.Created)
            {
                Content = JsonContent.Create(new { request_uri = "urn:ietf:params:oauth:request_uri:abc", expires_in = 60 }),
            };
        }
    }
}
