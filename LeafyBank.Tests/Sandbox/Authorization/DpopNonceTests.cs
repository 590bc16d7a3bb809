using LeafyBank.Sandbox.Authorization;
using LeafyBank.Sandbox.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;

namespace LeafyBank.Tests.Sandbox.Authorization;

/// <summary>
/// Server-provided DPoP nonces (RFC 9449 §8 at the token endpoint, §9 at the data APIs) at the banks that
/// issue them (Donau and Thames): a proof without the current nonce, or with an old or unknown one, is refused
/// with <c>use_dpop_nonce</c> and the nonce to use; the current one is taken; nonces expire by the bank's clock,
/// the next one comes on accepted requests before the change, and they survive a restart. Each test moves the
/// clock or restarts the banks, so each has a host of its own.
/// </summary>
public sealed class DpopNonceTests : IAsyncLifetime
{
    private const string Thames = "thamesbank";
    private SandboxTestHost host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> NonceBanks => [.. SandboxBankCatalog.All.Where(bank => bank.IssuesDpopNonces).Select(bank => bank.Id)];

    public async ValueTask InitializeAsync() => host = await SandboxTestHost.StartAsync();

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public void Donau_and_Thames_issue_nonces_and_the_reference_banks_do_not()
    {
        Assert.Equal(["donaubank", "thamesbank"], SandboxBankCatalog.All.Where(bank => bank.IssuesDpopNonces).Select(bank => bank.Id).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(NonceBanks))]
    public async Task The_token_endpoint_refuses_a_proof_without_its_nonce_and_takes_the_same_code_with_the_nonce_it_gave(string bankId)
    {
        var consentId = await host.CreateConsentAsync(bankId);
        var (verifier, challenge) = SandboxTestHost.NewPkce();
        var callback = await new BankBrowser(host.Browser).AuthorizeAsync((await host.PushForConsentAsync(bankId, consentId, challenge)).ToString(), "frida");
        (string, string)[] exchange =
        [
            ("grant_type", "authorization_code"), ("code", SandboxTestHost.QueryValue(callback, "code")!),
            ("redirect_uri", SandboxTestHost.SameOriginRedirectUri), ("code_verifier", verifier),
        ];

        string nonce;
        using (var refused = await TokenAsync(bankId, nonce: null, exchange))
        {
            nonce = await AssertAskedForNonceAtTokenEndpointAsync(refused);
        }
        // The refusal came before the code was redeemed: the client's retry uses the same code.
        using var accepted = await TokenAsync(bankId, nonce, exchange);
        var body = await accepted.Content.ReadAsStringAsync(Ct);
        Assert.True(accepted.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal("DPoP", JsonDocument.Parse(body).RootElement.GetProperty("token_type").GetString());
    }

    [Theory]
    [MemberData(nameof(NonceBanks))]
    public async Task A_data_API_answers_a_proof_without_its_nonce_with_the_use_dpop_nonce_challenge_and_takes_the_nonce_it_gave(string bankId)
    {
        var (consentId, tokens) = await host.ConnectAsync(bankId);
        // The bank's own dialect API (its errors in the standard's words) and the stand-in behind the same access filter.
        foreach (var path in new[] { $"/sandbox/{bankId}/{SandboxEndpointExtensions.AccountsPath(SandboxBankCatalog.Find(bankId)!)}", $"/sandbox/{bankId}/test/accounts" })
        {
            string nonce;
            using (var refused = await DataAsync(path, tokens.AccessToken, consentId, nonce: null))
            {
                nonce = AssertAskedForNonceAtDataApi(refused, path);
            }
            // The token endpoint's nonce is another server's (RFC 9449 keeps them apart).
            using (var otherServers = await DataAsync(path, tokens.AccessToken, consentId, host.CurrentNonce($"/sandbox/{bankId}/connect/token")))
            {
                Assert.NotEqual(nonce, host.CurrentNonce($"/sandbox/{bankId}/connect/token"));
                AssertAskedForNonceAtDataApi(otherServers, path);
            }
            using var accepted = await DataAsync(path, tokens.AccessToken, consentId, nonce);
            Assert.True(accepted.StatusCode == HttpStatusCode.OK, $"{path}: {accepted.StatusCode} {accepted.Headers.WwwAuthenticate}");
        }
    }

    [Fact]
    public async Task An_unknown_nonce_is_refused_like_a_missing_one()
    {
        using var refused = await TokenAsync(Thames, nonce: "made-up-by-the-client", ClientCredentials);
        await AssertAskedForNonceAtTokenEndpointAsync(refused);
    }

    [Fact]
    public async Task A_nonce_expires_by_the_banks_clock_and_the_next_comes_on_accepted_requests_a_minute_before_the_change()
    {
        // Start where a period starts, whatever instant the run is at: nothing is announced yet.
        host.Clock.Advance(TimeSpan.FromTicks(UntilNextPeriod(host.Clock.GetUtcNow()).Ticks % DpopNonces.Period.Ticks));
        string current;
        using (var refused = await TokenAsync(Thames, nonce: null, ClientCredentials))
        {
            current = await AssertAskedForNonceAtTokenEndpointAsync(refused);
        }
        using (var accepted = await TokenAsync(Thames, current, ClientCredentials))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
            Assert.False(accepted.Headers.Contains(DpopNonces.HeaderName), "no new nonce before the last minute of a period");
        }

        host.Clock.Advance(DpopNonces.Period - TimeSpan.FromSeconds(30));
        string next;
        using (var announcing = await TokenAsync(Thames, current, ClientCredentials))
        {
            Assert.Equal(HttpStatusCode.OK, announcing.StatusCode);
            next = Assert.Single(announcing.Headers.GetValues(DpopNonces.HeaderName));
            Assert.NotEqual(current, next);
        }
        using (var earlyNext = await TokenAsync(Thames, next, ClientCredentials))
        {
            Assert.Equal(HttpStatusCode.OK, earlyNext.StatusCode);
        }

        host.Clock.Advance(TimeSpan.FromMinutes(1));
        using (var stale = await TokenAsync(Thames, current, ClientCredentials))
        {
            Assert.Equal(next, await AssertAskedForNonceAtTokenEndpointAsync(stale));
            Assert.Contains("no longer", await stale.Content.ReadAsStringAsync(Ct));
        }
        using (var accepted = await TokenAsync(Thames, next, ClientCredentials))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        // Five minutes on, the period after has begun: the nonce got a minute before its period is gone too.
        host.Clock.Advance(DpopNonces.Period);
        using var expired = await TokenAsync(Thames, next, ClientCredentials);
        Assert.NotEqual(next, await AssertAskedForNonceAtTokenEndpointAsync(expired));
    }

    [Fact]
    public async Task A_nonce_given_before_a_restart_is_taken_after_it()
    {
        string nonce;
        using (var refused = await TokenAsync(Thames, nonce: null, ClientCredentials))
        {
            nonce = await AssertAskedForNonceAtTokenEndpointAsync(refused);
        }
        host = await host.RestartAsync();

        using var accepted = await TokenAsync(Thames, nonce, ClientCredentials);
        Assert.True(accepted.StatusCode == HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync(Ct));
    }

    private static readonly (string, string)[] ClientCredentials = [("grant_type", "client_credentials"), ("scope", "accounts")];

    private static TimeSpan UntilNextPeriod(DateTimeOffset now) =>
        DpopNonces.Period - TimeSpan.FromTicks((now - DateTimeOffset.UnixEpoch).Ticks % DpopNonces.Period.Ticks);

    /// <summary>RFC 9449 §8: <c>400</c>, <c>error</c> <c>use_dpop_nonce</c> with a description, and the nonce in <c>DPoP-Nonce</c>.</summary>
    private static async Task<string> AssertAskedForNonceAtTokenEndpointAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("use_dpop_nonce", json.RootElement.GetProperty("error").GetString());
        Assert.False(string.IsNullOrWhiteSpace(json.RootElement.GetProperty("error_description").GetString()));
        return Assert.Single(response.Headers.GetValues(DpopNonces.HeaderName));
    }

    /// <summary>RFC 9449 §9: <c>401</c> with <c>WWW-Authenticate: DPoP error="use_dpop_nonce"</c> and the nonce in <c>DPoP-Nonce</c>.</summary>
    private static string AssertAskedForNonceAtDataApi(HttpResponseMessage response, string path)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{path}: {response.StatusCode}");
        var challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.True(challenge.StartsWith("DPoP error=\"use_dpop_nonce\"", StringComparison.Ordinal), $"{path}: {challenge}");
        var nonce = Assert.Single(response.Headers.GetValues(DpopNonces.HeaderName));
        Assert.Matches("^[A-Za-z0-9_-]{43}$", nonce);
        return nonce;
    }

    private async Task<HttpResponseMessage> TokenAsync(string bankId, string? nonce, params (string Name, string Value)[] parameters)
    {
        var path = $"/sandbox/{bankId}/connect/token";
        using var client = host.NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(parameters.Select(p => KeyValuePair.Create(p.Name, p.Value)).Concat(host.ClientAssertionFields(bankId))),
        };
        request.Headers.Add("DPoP", SandboxTestHost.ClientKey.CreateDpopProof(HttpMethod.Post, new Uri(SandboxTestHost.Origin, path), host.Clock.GetUtcNow(), nonce: nonce));
        return await client.SendAsync(request, Ct);
    }

    private async Task<HttpResponseMessage> DataAsync(string path, string accessToken, string consentId, string? nonce)
    {
        Assert.True(SandboxTestHost.IsDpopBound(accessToken));
        using var client = host.NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(SandboxTestHost.Origin, path));
        BankAccessToken.Dpop(accessToken, SandboxTestHost.ClientKey, host.Clock).Authorize(request, nonce);
        var sent = new JsonWebToken(request.Headers.GetValues("DPoP").Single());
        Assert.Equal(nonce is not null, sent.TryGetPayloadValue<string>("nonce", out _));
        // Berlin Group asks for these before anything else; the other dialects ignore them.
        request.Headers.Add("X-Request-ID", Guid.NewGuid().ToString());
        request.Headers.Add("Consent-ID", consentId);
        return await client.SendAsync(request, Ct);
    }
}
