namespace LeafyBank.Tests.Sandbox.Dialects.BerlinGroup;

/// <summary>
/// A Berlin Group third party talking to Donau Bank in the sandbox host: the consent resource
/// under client authentication, the OAuth SCA approach with scope <c>AIS:{consentId}</c>, and
/// data calls with bearer token, <c>Consent-ID</c> and <c>X-Request-ID</c>.
/// </summary>
internal sealed class BerlinGroupSandboxClient(SandboxTestHost host)
{
    public const string Bank = "donaubank";
    public const string Base = "/sandbox/donaubank/v1";

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public string Today => DateOnly.FromDateTime(host.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static object ConsentBody(string validUntil, object? access = null, int frequencyPerDay = 4) => new Dictionary<string, object>
    {
        ["access"] = access ?? new Dictionary<string, object> { ["accounts"] = Array.Empty<object>(), ["balances"] = Array.Empty<object>(), ["transactions"] = Array.Empty<object>() },
        ["recurringIndicator"] = true,
        ["validUntil"] = validUntil,
        ["frequencyPerDay"] = frequencyPerDay,
        ["combinedServiceIndicator"] = false,
    };

    /// <summary>Sends to Donau Bank; <paramref name="requestId"/> null leaves X-Request-ID out.</summary>
    public async Task<Answer> SendAsync(HttpMethod method, string path, object? body = null, bool clientAuth = true, string? requestId = "new",
        string? bearer = null, string? consentId = null, string? psuIpAddress = "192.0.2.10")
    {
        var sentRequestId = requestId == "new" ? Guid.NewGuid().ToString() : requestId;
        using var response = await host.SendAsync(method, path.StartsWith('/') ? path : $"{Base}/{path}", bearer, clientAuth,
            body as HttpContent ?? (body is null ? null : JsonContent.Create(body)),
            ("X-Request-ID", sentRequestId), ("Consent-ID", consentId), ("PSU-IP-Address", method == HttpMethod.Post ? psuIpAddress : null));
        var text = await response.Content.ReadAsStringAsync(Ct);
        return new Answer(response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(),
            response.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase),
            response.Content.Headers.ContentType?.MediaType, sentRequestId);
    }

    public async Task<string> CreateConsentAsync(string? validUntil = null, object? access = null, int frequencyPerDay = 4)
    {
        var created = await SendAsync(HttpMethod.Post, "consents", ConsentBody(validUntil ?? Today, access, frequencyPerDay));
        Assert.True(created.Status == HttpStatusCode.Created, created.Body.ToString());
        return created.Body.GetProperty("consentId").GetString()!;
    }

    /// <summary>The OAuth SCA approach: the consent is named in the scope, never by consent_id.</summary>
    public static string AuthorizeUrl(string scope, string challenge) => SandboxTestHost.AuthorizeUrl(Bank, consentId: null, challenge, scope, state: "state-bg");

    /// <summary>Consent → the customer approves at the bank (scope AIS:{consentId}) → tokens.</summary>
    public async Task<(string ConsentId, BankTokenResponse Tokens)> ConnectAsync(string? validUntil = null, object? access = null,
        int frequencyPerDay = 4)
    {
        var consentId = await CreateConsentAsync(validUntil, access, frequencyPerDay);
        return (consentId, await host.ApproveAsync(Bank, consentId));
    }

    public Task<Answer> ReadAsync(string path, string bearer, string consentId, string? requestId = "new") =>
        SendAsync(HttpMethod.Get, path, bearer: bearer, consentId: consentId, requestId: requestId);
}

internal sealed record Answer(HttpStatusCode Status, JsonElement Body, IReadOnlyDictionary<string, string> Headers, string? ContentType, string? SentRequestId)
{
    /// <summary>
    /// An Error4xx_AIS body as NextGenPSD2 1.3.12 defines it: RFC 7807 type (a URI of at most 70
    /// characters), title, the Berlin Group code, and the same code in tppMessages with category and text.
    /// </summary>
    public void AssertBerlinGroupError(HttpStatusCode status, string code)
    {
        Assert.True(Status == status, $"{Status}: {Body}");
        Assert.Equal("application/problem+json", ContentType);
        Assert.Equal(code, Body.GetProperty("code").GetString());
        var type = Body.GetProperty("type").GetString()!;
        Assert.True(Uri.TryCreate(type, UriKind.Absolute, out _) && type.Length <= 70, type);
        Assert.InRange(Body.GetProperty("title").GetString()!.Length, 1, 70);
        var message = Assert.Single(Body.GetProperty("tppMessages").EnumerateArray());
        Assert.Equal(("ERROR", code), (message.GetProperty("category").GetString(), message.GetProperty("code").GetString()));
        Assert.InRange(message.GetProperty("text").GetString()!.Length, 1, 500);
        AssertRequestIdEchoed();
    }

    public void AssertRequestIdEchoed()
    {
        if (SentRequestId is not null && Guid.TryParse(SentRequestId, out _))
        {
            Assert.True(Headers.TryGetValue("X-Request-ID", out var echoed), "X-Request-ID not echoed");
            Assert.Equal(SentRequestId, echoed);
        }
    }
}
