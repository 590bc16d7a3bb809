namespace LeafyBank.Tests.Sandbox.Dialects.BerlinGroup;

/// <summary>
/// Donau Bank against the official Berlin Group NextGenPSD2 1.3.12 document: the consent resource
/// and the account-information resources, answered with success and with errors, are each checked
/// for a documented status, the documented headers and a body valid against the operation's schema.
/// Real client authentication, the real consent page (OAuth SCA approach, scope <c>AIS:{consentId}</c>,
/// pushed authorisation request), the customers' real books. Skipped (with the reason) where the
/// document is absent.
/// </summary>
public sealed class DonauBankConformanceTests : IAsyncLifetime
{
    private const string Bank = BerlinGroupSandboxClient.Bank;

    /// <summary>The consent and account operations of 1.3.12 that an ASPSP offering account information must serve.</summary>
    internal static readonly (string Method, string Template)[] MandatoryOperations =
    [
        ("POST", "/v1/consents"),
        ("GET", "/v1/consents/{consentId}"),
        ("GET", "/v1/consents/{consentId}/status"),
        ("DELETE", "/v1/consents/{consentId}"),
        ("GET", "/v1/accounts"),
        ("GET", "/v1/accounts/{account-id}"),
        ("GET", "/v1/accounts/{account-id}/balances"),
        ("GET", "/v1/accounts/{account-id}/transactions"),
    ];

    private readonly List<(ObservedResponse Response, string? RequestId)> sent = [];
    private SandboxTestHost host = null!;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        host = await SandboxTestHost.StartAsync(clock: TestTime.Frozen(), withBankBooks: true);

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    private string Today => DateOnly.FromDateTime(host.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private SandboxCustomerData Books(string customer) =>
        host.Services.GetRequiredService<SandboxBankData>().Customer(SandboxBankCatalog.Find(Bank)!, customer)!;

    private static void AssertConforms(OpenApiConformance document, IEnumerable<ObservedResponse> responses)
    {
        var violations = responses.SelectMany(document.Violations).ToList();
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    private IEnumerable<ObservedResponse> Seen => sent.Select(s => s.Response);

    /// <summary>Berlin Group requires every response to carry the X-Request-ID the third party sent.</summary>
    private void AssertRequestIdsEchoed() =>
        Assert.All(sent.Where(s => s.RequestId is not null), s =>
            Assert.True(s.Response.Headers.GetValueOrDefault("X-Request-ID") == s.RequestId, $"{s.Response} does not echo X-Request-ID {s.RequestId}"));

    private static JsonElement Json(ObservedResponse response) => JsonDocument.Parse(response.Body).RootElement;

    private static void AssertBerlinGroupError(ObservedResponse response, int status, string code)
    {
        Assert.True(response.Status == status, $"{response}: {response.Body}");
        Assert.Equal(code, Json(response).GetProperty("code").GetString());
        Assert.Equal(code, Json(response).GetProperty("tppMessages")[0].GetProperty("code").GetString());
    }

    private string ConsentBody(string? validUntil = null) =>
        JsonSerializer.Serialize(BerlinGroupSandboxClient.ConsentBody(validUntil ?? Today));

    /// <summary>
    /// One call to Donau Bank, recorded under the document's path template. Consent calls go with the
    /// third party's client authentication, data calls with the bearer token and Consent-ID;
    /// <paramref name="requestId"/> null leaves X-Request-ID out.
    /// </summary>
    private async Task<ObservedResponse> SendAsync(HttpMethod method, string template, string path, string? json = null,
        bool clientAuth = true, string? bearer = null, string? consentId = null, string? requestId = "new")
    {
        var sentRequestId = requestId == "new" ? Guid.NewGuid().ToString() : requestId;
        using var response = await host.SendAsync(method, $"/sandbox/{Bank}{path}", bearer, clientAuth,
            json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"),
            ("X-Request-ID", sentRequestId), ("Consent-ID", consentId), ("PSU-IP-Address", method == HttpMethod.Post ? "192.0.2.10" : null));
        var observed = await ObservedResponse.ReadAsync(method.Method, template, response, Ct);
        sent.Add((observed, sentRequestId));
        return observed;
    }

    private async Task<string> CreateConsentAsync()
    {
        var created = await SendAsync(HttpMethod.Post, "/v1/consents", "/v1/consents", ConsentBody());
        Assert.True(created.Status == 201, created.Body);
        return Json(created).GetProperty("consentId").GetString()!;
    }

    /// <summary>The customer approves the consent at Donau Bank (OAuth SCA approach, pushed by the host) and the code is redeemed.</summary>
    private Task<BankTokenResponse> AuthorizeAsync(string consentId) => host.ApproveAsync(Bank, consentId);

    [Fact]
    public async Task A_third_party_reads_everything_through_a_Berlin_Group_consent_and_every_answer_matches_the_official_document()
    {
        var document = OfficialSpecs.Require(OfficialSpecs.BerlinGroup);
        var checking = Books("frida").Accounts[0];

        var created = await SendAsync(HttpMethod.Post, "/v1/consents", "/v1/consents", ConsentBody());
        var consentId = Json(created).GetProperty("consentId").GetString()!;
        var beforeApproval = await SendAsync(HttpMethod.Get, "/v1/consents/{consentId}/status", $"/v1/consents/{consentId}/status");
        var tokens = await AuthorizeAsync(consentId);
        var consent = await SendAsync(HttpMethod.Get, "/v1/consents/{consentId}", $"/v1/consents/{consentId}");
        var status = await SendAsync(HttpMethod.Get, "/v1/consents/{consentId}/status", $"/v1/consents/{consentId}/status");
        var accounts = await SendAsync(HttpMethod.Get, "/v1/accounts", "/v1/accounts?withBalance=true", bearer: tokens.AccessToken, consentId: consentId);
        var account = await SendAsync(HttpMethod.Get, "/v1/accounts/{account-id}", $"/v1/accounts/{checking.Id}", bearer: tokens.AccessToken, consentId: consentId);
        var balances = await SendAsync(HttpMethod.Get, "/v1/accounts/{account-id}/balances", $"/v1/accounts/{checking.Id}/balances", bearer: tokens.AccessToken, consentId: consentId);
        var booked = await SendAsync(HttpMethod.Get, "/v1/accounts/{account-id}/transactions", $"/v1/accounts/{checking.Id}/transactions?bookingStatus=booked",
            bearer: tokens.AccessToken, consentId: consentId);
        var both = await SendAsync(HttpMethod.Get, "/v1/accounts/{account-id}/transactions", $"/v1/accounts/{checking.Id}/transactions?bookingStatus=both",
            bearer: tokens.AccessToken, consentId: consentId);
        var deleted = await SendAsync(HttpMethod.Delete, "/v1/consents/{consentId}", $"/v1/consents/{consentId}");
        var afterDelete = await SendAsync(HttpMethod.Get, "/v1/consents/{consentId}/status", $"/v1/consents/{consentId}/status");

        AssertConforms(document, Seen);
        AssertRequestIdsEchoed();
        Assert.Equal(201, created.Status);
        Assert.Equal("REDIRECT", created.Headers["ASPSP-SCA-Approach"]);
        Assert.Equal("received", Json(beforeApproval).GetProperty("consentStatus").GetString());
        Assert.Equal("valid", Json(consent).GetProperty("consentStatus").GetString());
        Assert.Equal("valid", Json(status).GetProperty("consentStatus").GetString());
        Assert.Contains(Json(accounts).GetProperty("accounts").EnumerateArray(), a => a.GetProperty("resourceId").GetString() == checking.Id);
        Assert.Equal(checking.Id, Json(account).GetProperty("account").GetProperty("resourceId").GetString());
        Assert.True(Json(balances).GetProperty("balances").GetArrayLength() > 0);
        Assert.True(Json(booked).GetProperty("transactions").GetProperty("booked").GetArrayLength() > 0);
        Assert.False(Json(booked).GetProperty("transactions").TryGetProperty("pending", out _));
        Assert.True(Json(both).GetProperty("transactions").GetProperty("booked").GetArrayLength() > 0);
        Assert.Equal(204, deleted.Status);
        Assert.Equal("", deleted.Body);
        Assert.Equal("terminatedByTpp", Json(afterDelete).GetProperty("consentStatus").GetString());
    }

    [Fact]
    public async Task Every_error_Donau_gives_is_a_documented_Error4xx_AIS_with_its_Berlin_Group_code()
    {
        var document = OfficialSpecs.Require(OfficialSpecs.BerlinGroup);
        var consentId = await CreateConsentAsync();
        var tokens = await AuthorizeAsync(consentId);

        var malformed = await SendAsync(HttpMethod.Post, "/v1/consents", "/v1/consents",
            """{"access":["accounts"],"recurringIndicator":true,"validUntil":"2099-01-01","frequencyPerDay":4,"combinedServiceIndicator":false}""");
        var noToken = await SendAsync(HttpMethod.Get, "/v1/accounts", "/v1/accounts", clientAuth: false, consentId: consentId);
        var garbageToken = await SendAsync(HttpMethod.Get, "/v1/accounts", "/v1/accounts", bearer: "not-a-token", consentId: consentId);
        var unknownAccount = await SendAsync(HttpMethod.Get, "/v1/accounts/{account-id}", "/v1/accounts/no-such-account", bearer: tokens.AccessToken, consentId: consentId);
        var unknownConsent = await SendAsync(HttpMethod.Get, "/v1/consents/{consentId}", "/v1/consents/no-such-consent");
        var withoutCredentials = await SendAsync(HttpMethod.Post, "/v1/consents", "/v1/consents", ConsentBody(), clientAuth: false);
        var noRequestId = await SendAsync(HttpMethod.Get, "/v1/accounts", "/v1/accounts", bearer: tokens.AccessToken, consentId: consentId, requestId: null);
        var noRequestIdAtConsents = await SendAsync(HttpMethod.Get, "/v1/consents/{consentId}", $"/v1/consents/{consentId}", requestId: null);

        // Without an X-Request-ID (none to echo) the 400 still carries the one 1.3.12 requires on every response: a fresh UUID.
        AssertConforms(document, Seen);
        AssertRequestIdsEchoed();
        AssertBerlinGroupError(malformed, 400, "FORMAT_ERROR");
        AssertBerlinGroupError(noToken, 401, "TOKEN_INVALID");
        AssertBerlinGroupError(garbageToken, 401, "TOKEN_INVALID");
        AssertBerlinGroupError(unknownAccount, 404, "RESOURCE_UNKNOWN");
        AssertBerlinGroupError(unknownConsent, 403, "CONSENT_UNKNOWN");
        AssertBerlinGroupError(withoutCredentials, 401, "CERTIFICATE_MISSING");
        AssertBerlinGroupError(noRequestId, 400, "FORMAT_ERROR");
        AssertBerlinGroupError(noRequestIdAtConsents, 400, "FORMAT_ERROR");
    }

    [Theory]
    [InlineData(SandboxFaultMode.Error500, 500)]
    [InlineData(SandboxFaultMode.RateLimit, 429)]
    public async Task A_failing_Donau_still_answers_as_the_Berlin_Group_document_defines(SandboxFaultMode mode, int status)
    {
        var document = OfficialSpecs.Require(OfficialSpecs.BerlinGroup);
        var consentId = await CreateConsentAsync();
        var tokens = await AuthorizeAsync(consentId);
        host.Services.GetRequiredService<SandboxFaults>().Set(Bank, new SandboxFault(mode, RetryAfterSeconds: 30));
        sent.Clear();

        var accounts = await SendAsync(HttpMethod.Get, "/v1/accounts", "/v1/accounts", bearer: tokens.AccessToken, consentId: consentId);
        var consent = await SendAsync(HttpMethod.Get, "/v1/consents/{consentId}", $"/v1/consents/{consentId}");
        var created = await SendAsync(HttpMethod.Post, "/v1/consents", "/v1/consents", ConsentBody());
        var unnamed = await SendAsync(HttpMethod.Get, "/v1/accounts", "/v1/accounts", bearer: tokens.AccessToken, consentId: consentId, requestId: null);

        AssertConforms(document, Seen);
        AssertRequestIdsEchoed();
        Assert.All(Seen, answer => Assert.Equal(status, answer.Status));
        Assert.True(Guid.TryParse(unnamed.Headers.GetValueOrDefault("X-Request-ID"), out _), "a 5xx/429 without a request id still carries one");
        if (status == 429)
        {
            AssertBerlinGroupError(accounts, 429, "ACCESS_EXCEEDED");
            Assert.Equal("30", accounts.Headers["Retry-After"]);
        }
        else
        {
            Assert.All(new[] { accounts, consent, created }, answer => Assert.Equal("", answer.Body));
        }
    }

    [Fact]
    public async Task Donau_serves_every_mandatory_Berlin_Group_account_information_operation()
    {
        var document = OfficialSpecs.Require(OfficialSpecs.BerlinGroup);
        var undefined = MandatoryOperations.Where(o => !document.Defines(o.Method, o.Template)).Select(o => $"{o.Method} {o.Template}").ToList();
        Assert.True(undefined.Count == 0, $"Not operations of {document.Title}: {string.Join(", ", undefined)}");

        // Without credentials an operation Donau serves answers the documented 401 with its Berlin Group code (the consent resource
        // identifies the third party, standing in for its eIDAS certificate; data calls want the customer's token); one it does not serve answers a bare 404.
        var unserved = new List<string>();
        foreach (var (method, template) in MandatoryOperations)
        {
            var path = template.Replace("{consentId}", "cns-probe", StringComparison.Ordinal).Replace("{account-id}", "probe", StringComparison.Ordinal);
            var answer = await SendAsync(new HttpMethod(method), template, path, json: method == "POST" ? ConsentBody() : null, clientAuth: false);
            var code = template.StartsWith("/v1/consents", StringComparison.Ordinal) ? "CERTIFICATE_MISSING" : "TOKEN_INVALID";
            if (answer.Status != 401 || answer.Body.Length == 0 || Json(answer).GetProperty("code").GetString() != code)
            {
                unserved.Add($"{method} {template} ({answer.Status})");
            }
        }

        Assert.True(unserved.Count == 0, $"Mandatory but not served by Donau Bank: {string.Join(", ", unserved)}");
        AssertConforms(document, Seen);
        AssertRequestIdsEchoed();
    }
}
