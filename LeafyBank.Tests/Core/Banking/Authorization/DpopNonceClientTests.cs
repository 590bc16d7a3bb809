using Microsoft.IdentityModel.JsonWebTokens;

namespace LeafyBank.Tests.Core.Banking.Authorization;

/// <summary>
/// Leafy Bank's side of server-provided DPoP nonces (RFC 9449 §8 token endpoint, §9 resource server), against a
/// scripted bank that counts every request: the first call without a nonce succeeds after exactly one retry with a
/// fresh proof, the next call carries the nonce at once, the two servers' nonces are kept apart, a bank that refuses
/// twice is a clear failure after exactly two requests, and several calls at once share what one of them learnt.
/// </summary>
public sealed class DpopNonceClientTests
{
    private static readonly BankClientKey Key = new(RSA.Create(2048));
    private static readonly BankDirectoryEntry Thames = TestBanks.ThamesBank;
    private static readonly Uri TokenEndpoint = new($"{Thames.Issuer}/connect/token");
    private static readonly Uri Accounts = Thames.AccountsEndpoint;

    private static readonly AuthorizationServerMetadata Metadata = new(
        Issuer: Thames.Issuer.AbsoluteUri, AuthorizationEndpoint: $"{Thames.Issuer}/connect/authorize", TokenEndpoint: TokenEndpoint.AbsoluteUri,
        RevocationEndpoint: null, CodeChallengeMethodsSupported: ["S256"],
        TokenEndpointAuthMethodsSupported: [BankOAuthClient.PrivateKeyJwt], DpopSigningAlgValuesSupported: [BankClientKey.Algorithm]);

    private readonly FakeTimeProvider clock = TestTime.Frozen();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_token_request_without_the_nonce_succeeds_after_one_retry_and_the_next_one_carries_it_at_once()
    {
        var bank = new NonceBank("token-nonce-1");
        var nonces = new BankDpopNonces();
        var oauth = new BankOAuthClient(new HttpClient(bank), new BankClientCredentials("leafybank", "unused", Key), clock: clock, nonces: nonces);

        var tokens = await oauth.ExchangeCodeAsync(Thames, Metadata, "the-code", "https://leafy.example/callback", "verifier", withDpopProof: true, Ct);
        Assert.Equal("DPoP", tokens.TokenType);
        Assert.Equal(2, bank.Requests.Count);
        var (refused, retried) = (bank.Requests[0], bank.Requests[1]);
        Assert.Null(refused.Nonce);
        Assert.Equal("token-nonce-1", retried.Nonce);
        // A new request all through: a new proof (jti) and a new client assertion, since the bank has used up both.
        Assert.NotEqual(refused.ProofId, retried.ProofId);
        Assert.NotEqual(refused.ClientAssertion, retried.ClientAssertion);
        Assert.Equal(refused.Form["code"], retried.Form["code"]);
        Assert.Equal("token-nonce-1", nonces.Latest(Thames.Id, DpopNonceServer.Authorization));
        Assert.Null(nonces.Latest(Thames.Id, DpopNonceServer.Resource));

        await oauth.RefreshAsync(Thames, Metadata, "the-refresh-token", withDpopProof: true, Ct);
        Assert.Equal(3, bank.Requests.Count);
        Assert.Equal("token-nonce-1", bank.Requests[2].Nonce);
    }

    [Fact]
    public async Task A_token_endpoint_that_refuses_the_nonce_it_gave_is_a_clear_failure_after_exactly_two_requests()
    {
        var bank = new NonceBank("token-nonce-1") { RefusesEverything = true };
        var oauth = new BankOAuthClient(new HttpClient(bank), new BankClientCredentials("leafybank", "unused", Key), clock: clock, nonces: new BankDpopNonces());

        var failure = await Assert.ThrowsAsync<BankApiException>(() => oauth.RefreshAsync(Thames, Metadata, "the-refresh-token", withDpopProof: true, Ct));
        Assert.Equal(BankFailureKind.Unavailable, failure.Kind);
        Assert.Contains("nonce", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("token-nonce-1", failure.Message, StringComparison.Ordinal);
        Assert.Equal(2, bank.Requests.Count);
    }

    [Fact]
    public async Task Every_page_of_a_report_carries_the_resource_servers_nonce_after_one_retry_on_the_first()
    {
        var bank = new NonceBank("resource-nonce-1") { Pages = 3 };
        var nonces = new BankDpopNonces();
        nonces.Remember(Thames.Id, DpopNonceServer.Authorization, "token-nonce-1");
        var call = ApiCall(bank, nonces);

        var pages = new List<JsonElement>();
        await foreach (var page in call.GetPagesAsync<JsonElement>(Accounts, "the accounts", JsonSerializerOptions.Default,
                           page => call.Link(page.TryGetProperty("next", out var next) ? next.GetString() : null, "the accounts"), Ct))
        {
            pages.Add(page);
        }

        Assert.Equal(3, pages.Count);
        // Page one twice (refused, then with the nonce), pages two and three once each, all with the resource server's nonce, never the token endpoint's.
        Assert.Equal([null, "resource-nonce-1", "resource-nonce-1", "resource-nonce-1"], bank.Requests.Select(r => r.Nonce));
        Assert.Equal(4, bank.Requests.Select(r => r.ProofId).Distinct().Count());

        await call.GetAsync<JsonElement>(Accounts, "the accounts", JsonSerializerOptions.Default, Ct);
        Assert.Equal(5, bank.Requests.Count);
    }

    [Fact]
    public async Task A_data_API_that_refuses_the_nonce_it_gave_is_a_clear_failure_after_exactly_two_requests_and_no_refresh()
    {
        var bank = new NonceBank("resource-nonce-1") { RefusesEverything = true };

        var failure = await Assert.ThrowsAsync<BankApiException>(() =>
            ApiCall(bank, new BankDpopNonces()).GetAsync<JsonElement>(Accounts, "the accounts", JsonSerializerOptions.Default, Ct));

        // Not Unauthorized: that would refresh the token and try again, and the customer would be told to reconnect.
        Assert.Equal(BankFailureKind.Unavailable, failure.Kind);
        Assert.Contains("nonce", failure.Message, StringComparison.Ordinal);
        Assert.Equal(2, bank.Requests.Count);
    }

    [Fact]
    public async Task A_refusal_without_a_new_nonce_is_not_retried()
    {
        var bank = new NonceBank(nonce: null) { RefusesEverything = true };

        await Assert.ThrowsAsync<BankApiException>(() =>
            ApiCall(bank, new BankDpopNonces()).GetAsync<JsonElement>(Accounts, "the accounts", JsonSerializerOptions.Default, Ct));

        Assert.Single(bank.Requests);
    }

    [Fact]
    public async Task Calls_at_once_share_the_nonce_each_learns_and_none_is_sent_more_than_twice()
    {
        var bank = new NonceBank("resource-nonce-1");
        var nonces = new BankDpopNonces();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Task.Run(() => ApiCall(bank, nonces).GetAsync<JsonElement>(Accounts, "the accounts", JsonSerializerOptions.Default, Ct), Ct)));

        Assert.InRange(bank.Requests.Count, 9, 16);
        Assert.Equal(8, bank.Requests.Count(r => r.Nonce == "resource-nonce-1"));
        await ApiCall(bank, nonces).GetAsync<JsonElement>(Accounts, "the accounts", JsonSerializerOptions.Default, Ct);
        Assert.Equal("resource-nonce-1", bank.Requests[^1].Nonce);
    }

    private BankApiCall ApiCall(NonceBank bank, BankDpopNonces nonces) =>
        new(new HttpClient(bank), new BankFetchRequest(Thames, BankAccessToken.Dpop("access-token", Key, clock, nonces, Thames.Id), "consent-1",
            new PartyReference { UserName = "adalove", UserId = ObjectId.Parse("671ff0081ec726b417352702") }, new HashSet<string>(), null, Unattended: true))
        { Clock = clock };

    /// <summary>One request as the bank saw it: its proof's nonce and jti, and for a token request its form.</summary>
    private sealed record SeenRequest(string? Nonce, string ProofId, IReadOnlyDictionary<string, string> Form)
    {
        public string? ClientAssertion => Form.GetValueOrDefault("client_assertion");
    }

    /// <summary>
    /// A bank that gives <paramref name="nonce"/> and takes only proofs carrying it: a token request is refused with 400
    /// <c>use_dpop_nonce</c> (RFC 9449 §8), a data call with 401 and the DPoP challenge (§9), the nonce in <c>DPoP-Nonce</c>
    /// (none when null); <see cref="RefusesEverything"/> refuses the right nonce too. A data call answers <see cref="Pages"/> pages.
    /// </summary>
    private sealed class NonceBank(string? nonce) : HttpMessageHandler
    {
        private readonly ConcurrentQueue<SeenRequest> requests = new();

        public bool RefusesEverything { get; init; }

        public int Pages { get; init; } = 1;

        public IReadOnlyList<SeenRequest> Requests => [.. requests];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var proof = new JsonWebToken(Assert.Single(request.Headers.GetValues("DPoP")));
            var presented = proof.TryGetPayloadValue<string>("nonce", out var value) ? value : null;
            var form = request.Content is null
                ? new Dictionary<string, string>()
                : QueryHelpers.ParseQuery(await request.Content.ReadAsStringAsync(cancellationToken)).ToDictionary(p => p.Key, p => p.Value.ToString());
            requests.Enqueue(new SeenRequest(presented, proof.Id, form));

            var atTokenEndpoint = request.RequestUri == TokenEndpoint;
            if (RefusesEverything || presented is null || presented != nonce)
            {
                var refusal = atTokenEndpoint
                    ? new HttpResponseMessage(HttpStatusCode.BadRequest)
                    {
                        Content = JsonContent.Create(new { error = "use_dpop_nonce", error_description = "Use the nonce in DPoP-Nonce." }),
                    }
                    : new HttpResponseMessage(HttpStatusCode.Unauthorized);
                if (!atTokenEndpoint)
                {
                    refusal.Headers.WwwAuthenticate.ParseAdd("DPoP error=\"use_dpop_nonce\", error_description=\"Use the nonce in DPoP-Nonce.\", algs=\"PS256\"");
                }
                if (nonce is not null)
                {
                    refusal.Headers.Add("DPoP-Nonce", nonce);
                }
                return refusal;
            }
            if (atTokenEndpoint)
            {
                return new HttpResponseMessage(HttpStatusCode.OK)
                {
                    Content = JsonContent.Create(new { access_token = "access-token", token_type = "DPoP", expires_in = 300, refresh_token = "refresh-token" }),
                };
            }
            var page = int.TryParse(QueryHelpers.ParseQuery(request.RequestUri!.Query).GetValueOrDefault("page"), out var number) ? number : 1;
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = JsonContent.Create(new Dictionary<string, object?>
                {
                    ["page"] = page,
                    ["next"] = page < Pages ? $"{Accounts.AbsoluteUri}?page={page + 1}" : null,
                }),
            };
        }
    }
}
