using Microsoft.IdentityModel.JsonWebTokens;

namespace LeafyBank.Tests.Sandbox.Dialects.BerlinGroup;

/// <summary>
/// Donau Bank's consent resource against Berlin Group NextGenPSD2 1.3.12 (OAuth SCA approach),
/// on the real sandbox: OpenIddict, the consent store and the customer's approval at the bank.
/// </summary>
public sealed class BerlinGroupConsentResourceTests : IAsyncLifetime
{
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private SandboxTestHost host = null!;
    private BerlinGroupSandboxClient donau = null!;

    public async ValueTask InitializeAsync()
    {
        host = await SandboxTestHost.StartAsync(withBankBooks: true);
        donau = new BerlinGroupSandboxClient(host);
    }

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task A_schema_valid_consent_is_created_with_OAuth_SCA_links_the_REDIRECT_approach_and_the_request_id_echoed()
    {
        var created = await donau.SendAsync(HttpMethod.Post, "consents", BerlinGroupSandboxClient.ConsentBody(donau.Today));

        Assert.True(created.Status == HttpStatusCode.Created, created.Body.ToString());
        created.AssertRequestIdEchoed();
        Assert.Equal("REDIRECT", created.Headers["ASPSP-SCA-Approach"]);
        var consentId = created.Body.GetProperty("consentId").GetString()!;
        Assert.Equal("received", created.Body.GetProperty("consentStatus").GetString());
        var links = created.Body.GetProperty("_links");
        Assert.Equal($"{BerlinGroupSandboxClient.Base}/consents/{consentId}", links.GetProperty("self").GetProperty("href").GetString());
        Assert.Equal($"{BerlinGroupSandboxClient.Base}/consents/{consentId}/status", links.GetProperty("status").GetProperty("href").GetString());
        Assert.Equal($"{BerlinGroupSandboxClient.Base}/consents/{consentId}", created.Headers["Location"]);

        // scaOAuth is the bank's RFC 8414 metadata: it names this bank as issuer and its authorization endpoint.
        var metadataUrl = new Uri(links.GetProperty("scaOAuth").GetProperty("href").GetString()!);
        Assert.Equal("/sandbox/donaubank/.well-known/oauth-authorization-server", metadataUrl.AbsolutePath);
        using var client = host.NewClient();
        var metadata = await client.GetFromJsonAsync<JsonElement>(metadataUrl.PathAndQuery, Ct);
        Assert.Equal("http://localhost/sandbox/donaubank", metadata.GetProperty("issuer").GetString()!.TrimEnd('/'));
        Assert.EndsWith("/sandbox/donaubank/connect/authorize", metadata.GetProperty("authorization_endpoint").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reading_a_consent_gives_the_access_as_sent_with_its_validity_frequency_and_lastActionDate()
    {
        var access = new Dictionary<string, object>
        {
            ["accounts"] = Array.Empty<object>(),
            ["transactions"] = Array.Empty<object>(),
            ["restrictedTo"] = new[] { "CACC", "SVGS" },
        };
        // 9999-12-31 asks for the longest the bank allows; the consent object says what it granted (180 days at Donau Bank).
        var consentId = await donau.CreateConsentAsync("9999-12-31", access, frequencyPerDay: 2);

        var read = await donau.SendAsync(HttpMethod.Get, $"consents/{consentId}");
        var status = await donau.SendAsync(HttpMethod.Get, $"consents/{consentId}/status");

        Assert.Equal(HttpStatusCode.OK, read.Status);
        read.AssertRequestIdEchoed();
        Assert.True(JsonElement.DeepEquals(JsonSerializer.SerializeToElement(access), read.Body.GetProperty("access")), read.Body.GetProperty("access").ToString());
        Assert.True(read.Body.GetProperty("recurringIndicator").GetBoolean());
        var today = DateOnly.Parse(donau.Today, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(today.AddDays(180).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), read.Body.GetProperty("validUntil").GetString());
        Assert.Equal(2, read.Body.GetProperty("frequencyPerDay").GetInt32());
        Assert.Equal(donau.Today, read.Body.GetProperty("lastActionDate").GetString());
        Assert.Equal("received", read.Body.GetProperty("consentStatus").GetString());
        Assert.Equal(HttpStatusCode.OK, status.Status);
        status.AssertRequestIdEchoed();
        Assert.Equal("received", status.Body.GetProperty("consentStatus").GetString());
    }

    [Fact]
    public async Task A_consent_goes_from_received_to_valid_at_the_customers_approval_and_DELETE_makes_it_terminatedByTpp_and_stops_its_token()
    {
        var (consentId, tokens) = await donau.ConnectAsync();

        var valid = await donau.SendAsync(HttpMethod.Get, $"consents/{consentId}/status");
        var accounts = await donau.ReadAsync("accounts", tokens.AccessToken, consentId);
        var deleted = await donau.SendAsync(HttpMethod.Delete, $"consents/{consentId}");
        var ended = await donau.SendAsync(HttpMethod.Get, $"consents/{consentId}/status");
        var afterwards = await donau.ReadAsync("accounts", tokens.AccessToken, consentId);

        Assert.Equal("valid", valid.Body.GetProperty("consentStatus").GetString());
        // The token carries the consent's permissions, not the AIS: scope it was asked for with.
        Assert.Equal(["accounts", "balances", "offline_access", "products", "transactions"], tokens.Scope!.Split(' ').Order(StringComparer.Ordinal));
        Assert.Equal(consentId, new JsonWebToken(tokens.AccessToken).GetPayloadValue<string>("consent_id"));
        Assert.Equal(HttpStatusCode.OK, accounts.Status);
        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        deleted.AssertRequestIdEchoed();
        Assert.Equal("terminatedByTpp", ended.Body.GetProperty("consentStatus").GetString());
        afterwards.AssertBerlinGroupError(HttpStatusCode.Unauthorized, "TOKEN_INVALID");
    }

    [Fact]
    public async Task The_authorization_request_names_the_consent_in_the_AIS_scope_and_refuses_any_other_way()
    {
        var consentId = await donau.CreateConsentAsync();
        var (_, challenge) = SandboxTestHost.NewPkce();

        // Every request is pushed first (RFC 9126, required); the bank judges the consent when the browser arrives.
        using var byParameter = await host.Browser.GetAsync(await host.PushAsync(BerlinGroupSandboxClient.AuthorizeUrl("accounts offline_access", challenge) + $"&consent_id={consentId}"), Ct);
        using var withExtraScope = await host.Browser.GetAsync(await host.PushAsync(BerlinGroupSandboxClient.AuthorizeUrl($"AIS:{consentId} accounts", challenge)), Ct);
        using var unknownConsent = await host.Browser.GetAsync(await host.PushAsync(BerlinGroupSandboxClient.AuthorizeUrl("AIS:cns-unknown offline_access", challenge)), Ct);
        using var named = await host.Browser.GetAsync(await host.PushAsync(BerlinGroupSandboxClient.AuthorizeUrl($"AIS:{consentId} offline_access", challenge)), Ct);

        Assert.Equal("invalid_request", SandboxTestHost.QueryValue(byParameter.Headers.Location!, "error"));
        Assert.Contains("AIS:", SandboxTestHost.QueryValue(byParameter.Headers.Location!, "error_description"), StringComparison.Ordinal);
        Assert.Equal("invalid_scope", SandboxTestHost.QueryValue(withExtraScope.Headers.Location!, "error"));
        Assert.Equal("invalid_request", SandboxTestHost.QueryValue(unknownConsent.Headers.Location!, "error"));
        // Accepted: the customer is sent to sign in at the bank.
        Assert.Equal(HttpStatusCode.Redirect, named.StatusCode);
        Assert.Contains("/signin", named.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_UUID_X_Request_ID_every_consent_call_is_400_FORMAT_ERROR()
    {
        var consentId = await donau.CreateConsentAsync();

        var create = await donau.SendAsync(HttpMethod.Post, "consents", BerlinGroupSandboxClient.ConsentBody(donau.Today), requestId: null);
        var read = await donau.SendAsync(HttpMethod.Get, $"consents/{consentId}", requestId: "not-a-uuid");
        var delete = await donau.SendAsync(HttpMethod.Delete, $"consents/{consentId}", requestId: null);

        create.AssertBerlinGroupError(HttpStatusCode.BadRequest, "FORMAT_ERROR");
        read.AssertBerlinGroupError(HttpStatusCode.BadRequest, "FORMAT_ERROR");
        delete.AssertBerlinGroupError(HttpStatusCode.BadRequest, "FORMAT_ERROR");
        // 1.3.12 requires X-Request-ID (a UUID) on this 400 too: with none to echo, and never echoing one that is no UUID,
        // the bank names each answer with a fresh UUID of its own.
        Assert.All(new[] { create, read, delete }, answer => Assert.True(Guid.TryParse(answer.Headers.GetValueOrDefault("X-Request-ID"), out _), answer.Body.ToString()));
        Assert.NotEqual(create.Headers["X-Request-ID"], delete.Headers["X-Request-ID"]);
        Assert.Contains("X-Request-ID", create.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // Refused before anything happened: the consent is still there and still received.
        Assert.Equal("received", (await donau.SendAsync(HttpMethod.Get, $"consents/{consentId}/status")).Body.GetProperty("consentStatus").GetString());
    }

    public static TheoryData<string, string, string> UnacceptableBodies => new()
    {
        // The reference banks' shape (a list of permission names) is not a Berlin Group body.
        { """{"access":["accounts"],"recurringIndicator":true,"validUntil":"2099-01-01","frequencyPerDay":4,"combinedServiceIndicator":false}""", "FORMAT_ERROR", "access" },
        { """{"access":{"accounts":[]},"recurringIndicator":true,"validUntil":"2099-01-01","frequencyPerDay":4}""", "FORMAT_ERROR", "combinedServiceIndicator" },
        { """{"access":{"accounts":[]},"validUntil":"2099-01-01","frequencyPerDay":4,"combinedServiceIndicator":false}""", "FORMAT_ERROR", "recurringIndicator" },
        { """{"access":{"accounts":[]},"recurringIndicator":true,"validUntil":"2099-01-01","frequencyPerDay":0,"combinedServiceIndicator":false}""", "FORMAT_ERROR", "frequencyPerDay" },
        { """{"access":{"accounts":[]},"recurringIndicator":true,"validUntil":"2001-01-01","frequencyPerDay":4,"combinedServiceIndicator":false}""", "PERIOD_INVALID", "validUntil" },
        { """{"access":{"accounts":[]},"recurringIndicator":true,"validUntil":"2099-01-01","frequencyPerDay":4,"combinedServiceIndicator":true}""", "SESSIONS_NOT_SUPPORTED", "combinedServiceIndicator" },
        { """{"access":{"accounts":[{"iban":"AT611904300234573201"}]},"recurringIndicator":true,"validUntil":"2099-01-01","frequencyPerDay":4,"combinedServiceIndicator":false}""", "PARAMETER_NOT_SUPPORTED", "empty array" },
        { """{"access":{},"recurringIndicator":true,"validUntil":"2099-01-01","frequencyPerDay":4,"combinedServiceIndicator":false}""", "FORMAT_ERROR", "access" },
        { "{not json", "FORMAT_ERROR", "JSON" },
    };

    [Theory]
    [MemberData(nameof(UnacceptableBodies))]
    public async Task A_consent_body_the_bank_cannot_take_is_400_with_the_Berlin_Group_code_and_the_field_named(string json, string code, string named)
    {
        var answer = await donau.SendAsync(HttpMethod.Post, "consents", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        answer.AssertBerlinGroupError(HttpStatusCode.BadRequest, code);
        Assert.Contains(named, answer.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", answer.Body.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Creating_a_consent_without_the_mandatory_PSU_IP_Address_is_400_FORMAT_ERROR()
    {
        var answer = await donau.SendAsync(HttpMethod.Post, "consents", BerlinGroupSandboxClient.ConsentBody(donau.Today), psuIpAddress: null);

        answer.AssertBerlinGroupError(HttpStatusCode.BadRequest, "FORMAT_ERROR");
        Assert.Contains("PSU-IP-Address", answer.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_consent_is_403_CONSENT_UNKNOWN_and_an_unidentified_third_party_401()
    {
        var read = await donau.SendAsync(HttpMethod.Get, "consents/cns-nobody-knows");
        var status = await donau.SendAsync(HttpMethod.Get, "consents/cns-nobody-knows/status");
        var delete = await donau.SendAsync(HttpMethod.Delete, "consents/cns-nobody-knows");
        var anonymous = await donau.SendAsync(HttpMethod.Post, "consents", BerlinGroupSandboxClient.ConsentBody(donau.Today), clientAuth: false);

        read.AssertBerlinGroupError(HttpStatusCode.Forbidden, "CONSENT_UNKNOWN");
        status.AssertBerlinGroupError(HttpStatusCode.Forbidden, "CONSENT_UNKNOWN");
        delete.AssertBerlinGroupError(HttpStatusCode.Forbidden, "CONSENT_UNKNOWN");
        anonymous.AssertBerlinGroupError(HttpStatusCode.Unauthorized, "CERTIFICATE_MISSING");
    }
}
