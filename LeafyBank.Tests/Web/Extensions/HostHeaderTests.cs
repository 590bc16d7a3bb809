namespace LeafyBank.Tests.Web.Extensions;

/// <summary>
/// The banks' issuers, discovery documents and same-origin callback come from the configured
/// origin (here: the address the app listens on), never from the request's Host header.
/// </summary>
public sealed class HostHeaderTests(LeafyBankWebFactory app) : IClassFixture<LeafyBankWebFactory>
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    // One app for the class: the tests only read discovery documents and push requests that are never redeemed.
    private Uri Address => app.Start();

    [Fact]
    public async Task A_bank_refuses_to_send_the_code_to_the_host_a_request_names_in_its_Host_header()
    {
        // The banks require pushed authorization requests (RFC 9126): the redirect URI is judged when the request is pushed.
        using var evil = await PushAsync(host: "evil.example", redirectUri: "http://evil.example/connections/callback");
        using var own = await PushAsync(host: null, redirectUri: new Uri(Address, "connections/callback").ToString());

        // The same request on the bank's own origin is accepted…
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        // …with Host: evil.example it is refused, and nothing points at evil.example.
        Assert.Equal(HttpStatusCode.BadRequest, evil.StatusCode);
        Assert.Null(evil.Headers.Location);
        Assert.DoesNotContain("evil.example", await evil.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discovery_and_the_bank_directory_name_the_configured_origin_whatever_the_Host_header()
    {
        using var client = new HttpClient();
        using var discoveryRequest = new HttpRequestMessage(HttpMethod.Get, new Uri(Address, "sandbox/greenbank/.well-known/openid-configuration"));
        discoveryRequest.Headers.Host = "evil.example";
        using var directoryRequest = new HttpRequestMessage(HttpMethod.Get, new Uri(Address, "sandbox/banks"));
        directoryRequest.Headers.Host = "evil.example";

        using var discovery = await client.SendAsync(discoveryRequest, Cancel);
        using var directory = await client.SendAsync(directoryRequest, Cancel);

        using var metadata = JsonDocument.Parse(await discovery.Content.ReadAsStringAsync(Cancel));
        var issuer = new Uri(Address, "sandbox/greenbank").ToString();
        Assert.Equal(issuer, metadata.RootElement.GetProperty("issuer").GetString()!.TrimEnd('/'));
        Assert.StartsWith(issuer, metadata.RootElement.GetProperty("authorization_endpoint").GetString(), StringComparison.Ordinal);
        // RFC 9207: the bank says it names itself in every authorization response.
        Assert.True(metadata.RootElement.GetProperty("authorization_response_iss_parameter_supported").GetBoolean());
        var listing = await directory.Content.ReadAsStringAsync(Cancel);
        Assert.DoesNotContain("evil.example", listing, StringComparison.Ordinal);
        Assert.Contains(issuer, listing, StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> PushAsync(string? host, string redirectUri)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        // The address first: starting the app writes the bank client secret.
        var par = new Uri(Address, "sandbox/greenbank/connect/par");
        var secret = await File.ReadAllTextAsync(Path.Combine(app.DataDirectory, "bank-client-secret"), Cancel);
        using var request = new HttpRequestMessage(HttpMethod.Post, par)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["client_id"] = "leafybank",
                ["client_secret"] = secret.Trim(),
                ["response_type"] = "code",
                ["redirect_uri"] = redirectUri,
                ["scope"] = "accounts",
                ["state"] = "probe-state",
                ["code_challenge"] = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                ["code_challenge_method"] = "S256",
                ["consent_id"] = "probe",
            }),
        };
        if (host is not null)
        {
            request.Headers.Host = host;
        }
        return await client.SendAsync(request, Cancel);
    }
}

/// <summary>RFC 9207: the callback's <c>iss</c> must be the bank's issuer when the bank sends it, and must be there when the bank promises it.</summary>
public sealed class AuthorizationResponseIssuerTests
{
    private static readonly BankDirectoryEntry Bank = new("greenbank", "Green Bank", "greenbank",
        new Uri("https://banks.example/sandbox/greenbank"), new Uri("https://banks.example/sandbox/greenbank/api/accounts"));

    private static AuthorizationServerMetadata Metadata(bool? promisesIss) => new("https://banks.example/sandbox/greenbank",
        "https://banks.example/sandbox/greenbank/connect/authorize", "https://banks.example/sandbox/greenbank/connect/token", null, ["S256"], promisesIss);

    [Fact]
    public void The_banks_own_issuer_is_accepted()
    {
        BankOAuthClient.CheckResponseIssuer(Bank, Metadata(true), "https://banks.example/sandbox/greenbank");
        BankOAuthClient.CheckResponseIssuer(Bank, Metadata(false), null);
    }

    [Theory]
    [InlineData(true, "https://attacker.example/sandbox/greenbank")]
    [InlineData(null, "https://banks.example/sandbox/donaubank")]
    [InlineData(true, null)]
    [InlineData(true, "")]
    public void Another_issuer_or_a_missing_one_the_bank_promised_is_refused_in_words(bool? promisesIss, string? responseIssuer)
    {
        var refused = Assert.Throws<BankAuthorizationException>(() => BankOAuthClient.CheckResponseIssuer(Bank, Metadata(promisesIss), responseIssuer));

        Assert.Equal("invalid_issuer", refused.Error);
        Assert.Contains("Nothing was linked", refused.Message, StringComparison.Ordinal);
    }
}
