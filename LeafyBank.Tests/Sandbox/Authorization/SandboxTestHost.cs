using LeafyBank.Sandbox.Customers;
using LeafyBank.Sandbox.Hosting;
using LeafyBank.Tests.Sandbox.Dialects.UkOpenBanking;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;

namespace LeafyBank.Tests.Sandbox.Authorization;

/// <summary>
/// A minimal host for the sandbox banks on a TestServer: fresh data directory, a clock the test
/// moves, a test account directory and one test data API per bank behind RequireBankAccess.
/// <see cref="Browser"/> keeps cookies and never follows redirects, so each step is visible.
/// </summary>
public sealed partial class SandboxTestHost : IAsyncDisposable
{
    public const string ClientId = "leafybank";
    public const string ClientSecret = "test-secret-not-for-production";
    public const string RegisteredRedirectUri = "https://app.example/connections/callback";

    /// <summary>The third party's private_key_jwt key; the banks hold its public JWK set.</summary>
    public static readonly RSA ClientRsa = RSA.Create(2048);

    public static readonly LeafyBank.Core.Banking.Authorization.BankClientKey ClientKey = new(ClientRsa);

    /// <summary>Leafy Bank's callback on the same origin as the sandbox (TestServer: http://localhost).</summary>
    public const string SameOriginRedirectUri = "http://localhost/connections/callback";

    private readonly WebApplication app;
    private readonly string dataDirectory;

    // False for a session on a shared host (WithOwnBrowser): disposing it closes only its browser.
    private readonly bool ownsApp;

    private SandboxTestHost(WebApplication app, string dataDirectory, FakeTimeProvider clock, bool ownsApp = true)
    {
        this.app = app;
        this.dataDirectory = dataDirectory;
        this.ownsApp = ownsApp;
        Clock = clock;
        Browser = NewClient();
    }

    public FakeTimeProvider Clock { get; }

    /// <summary>The customer's browser (cookies kept, redirects not followed).</summary>
    public HttpClient Browser { get; }

    public IServiceProvider Services => app.Services;

    public string DataDirectory => dataDirectory;

    /// <summary>Whether disposing deletes the data directory (off while a restart is staged).</summary>
    public bool KeepDataDirectory { get; set; }

    /// <summary>
    /// Starts a sandbox; pass the data directory and clock of a stopped one to "restart" it.
    /// <paramref name="withBankBooks"/>: the customers' real accounts at each bank (so the dialect
    /// APIs serve data) instead of the two test accounts.
    /// </summary>
    public static async Task<SandboxTestHost> StartAsync(string? dataDirectory = null, FakeTimeProvider? clock = null, bool withBankBooks = false)
    {
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "leafybank-tests", "sandbox-" + Guid.NewGuid().ToString("N"));
        clock ??= TestTime.Frozen();

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [SandboxSettings.DataDirectoryKey] = dataDirectory,
            [SandboxSettings.ClientIdKey] = ClientId,
            [SandboxSettings.ClientSecretKey] = ClientSecret,
            [SandboxSettings.RedirectUrisKey] = RegisteredRedirectUri,
            [SandboxSettings.ClientJwksKey] = ClientKey.PublicJwks,
        });
        builder.Services.AddSingleton<TimeProvider>(clock);
        // The host app has its own default sign-in; the banks must not depend on or leak it.
        builder.Services.AddAuthentication("Host").AddCookie("Host");
        builder.Services.AddSandboxBanks(builder.Configuration);
        if (!withBankBooks)
        {
            builder.Services.AddSandboxAccountDirectory<TestAccountDirectory>();
        }
        builder.Services.AddSandboxBankApi<TestBankApi>();

        var app = builder.Build();
        app.MapSandboxBanks();
        await app.StartAsync(Xunit.TestContext.Current.CancellationToken);
        return new SandboxTestHost(app, dataDirectory, clock);
    }

    /// <summary>A fresh client (no cookies shared with the browser), e.g. Leafy Bank's back end.</summary>
    public HttpClient NewClient() =>
        new(new ClockedCookieJar(Clock) { InnerHandler = app.GetTestServer().CreateHandler() }) { BaseAddress = new Uri("http://localhost") };

    /// <summary>
    /// The same banks seen from a new browser (no cookies, no bank session): what each test of a
    /// class sharing one host (<see cref="SandboxWithTestAccounts"/>) works with. Disposing it leaves the host running.
    /// </summary>
    public SandboxTestHost WithOwnBrowser() => new(app, dataDirectory, Clock, ownsApp: false);

    public async ValueTask DisposeAsync()
    {
        Browser.Dispose();
        if (!ownsApp)
        {
            return;
        }
        await app.StopAsync();
        await app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (KeepDataDirectory)
        {
            return;
        }
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind does no harm.
        }
    }

    // ---- The third party's side of the protocol ----

    public static HttpRequestMessage WithClientAuth(HttpRequestMessage request)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{ClientSecret}")));
        return request;
    }

    /// <summary>The bank's issuer identifier, the audience of a client assertion.</summary>
    public static string Issuer(string bankId) => $"http://localhost/sandbox/{bankId}/";

    /// <summary>A fresh client assertion (private_key_jwt) for one request at this bank, signed now by the host's clock.</summary>
    public string ClientAssertion(string bankId) => ClientKey.CreateAssertion(ClientId, Issuer(bankId), Clock.GetUtcNow());

    /// <summary>client_id, client_assertion_type and a fresh client_assertion, as a form's fields.</summary>
    public IEnumerable<KeyValuePair<string, string>> ClientAssertionFields(string bankId) =>
    [
        KeyValuePair.Create("client_id", ClientId),
        KeyValuePair.Create("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
        KeyValuePair.Create("client_assertion", ClientAssertion(bankId)),
    ];

    public async Task<HttpResponseMessage> PostConsentAsync(string bankId, object body)
    {
        using var client = NewClient();
        using var request = WithClientAuth(new HttpRequestMessage(HttpMethod.Post, $"/sandbox/{bankId}/consents") { Content = JsonContent.Create(body) });
        return await client.SendAsync(request, Xunit.TestContext.Current.CancellationToken);
    }

    public async Task<string> CreateConsentAsync(string bankId, string[]? access = null, int frequencyPerDay = 4, int validDays = 90)
    {
        var validUntil = DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime).AddDays(validDays).ToString("yyyy-MM-dd");
        if (SandboxBankCatalog.Find(bankId)?.Dialect == SandboxDialects.BerlinGroup)
        {
            return await new BerlinGroupSandboxClient(this).CreateConsentAsync(validUntil, BerlinGroupAccess(access), frequencyPerDay);
        }
        using var response = await PostConsentAsync(bankId, new
        {
            access = access ?? BankPermissions.All.ToArray(),
            validUntil,
            frequencyPerDay,
            recurringIndicator = true,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Xunit.TestContext.Current.CancellationToken));
        return json.RootElement.GetProperty("consentId").GetString()!;
    }

    public async Task<string> ConsentStatusAsync(string bankId, string consentId)
    {
        if (SandboxBankCatalog.Find(bankId)?.Dialect == SandboxDialects.BerlinGroup)
        {
            var status = await new BerlinGroupSandboxClient(this).SendAsync(HttpMethod.Get, $"consents/{consentId}/status");
            return status.Body.GetProperty("consentStatus").GetString()!;
        }
        using var client = NewClient();
        using var request = WithClientAuth(new HttpRequestMessage(HttpMethod.Get, $"/sandbox/{bankId}/consents/{consentId}"));
        using var response = await client.SendAsync(request, Xunit.TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Xunit.TestContext.Current.CancellationToken));
        return json.RootElement.GetProperty("consentStatus").GetString()!;
    }

    /// <summary>The reference banks' permission names as a Berlin Group bank-offered <c>access</c> (null: everything).</summary>
    private static Dictionary<string, object>? BerlinGroupAccess(string[]? access)
    {
        if (access is null)
        {
            return null;
        }
        var bankOffered = access.Where(p => p is "accounts" or "balances" or "transactions").ToDictionary(p => p, _ => (object)Array.Empty<object>());
        if (!access.Contains("products"))
        {
            // Loans are LOAN accounts in Berlin Group: without products they are left out.
            bankOffered["restrictedTo"] = new[] { "CACC", "SVGS" };
        }
        return bankOffered;
    }

    public static (string Verifier, string Challenge) NewPkce()
    {
        var verifier = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        return (verifier, WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    public static string AuthorizeUrl(string bankId, string consentId, string challenge, string scope = "accounts balances transactions products offline_access",
        string redirectUri = SameOriginRedirectUri, string state = "state-123") =>
        $"/sandbox/{bankId}/connect/authorize?response_type=code&client_id={ClientId}" +
        $"&redirect_uri={Uri.EscapeDataString(redirectUri)}&scope={Uri.EscapeDataString(scope)}&state={state}" +
        $"&code_challenge={challenge}&code_challenge_method=S256&consent_id={consentId}";

    /// <summary>
    /// The customer's whole journey in the browser; returns the redirect back to the third party.
    /// A URL built by <see cref="AuthorizeUrl"/> is pushed first (the banks require RFC 9126), as a
    /// third party does, so the browser sees only client_id and request_uri.
    /// </summary>
    public async Task<Uri> AuthorizeInBrowserAsync(string authorizeUrl, string customer = "frida", bool approve = true) =>
        await new BankBrowser(Browser).AuthorizeAsync(
            authorizeUrl.Contains("request_uri=", StringComparison.Ordinal) ? authorizeUrl : await PushAsync(authorizeUrl), customer, approve);

    /// <summary>Pushes the parameters of a front-channel authorize URL (RFC 9126); returns the URL with client_id and request_uri only.</summary>
    public async Task<string> PushAsync(string authorizeUrl)
    {
        using var response = await PushRequestAsync(authorizeUrl);
        var body = await response.Content.ReadAsStringAsync(Xunit.TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        using var json = JsonDocument.Parse(body);
        var requestUri = json.RootElement.GetProperty("request_uri").GetString()!;
        var path = authorizeUrl[..authorizeUrl.IndexOf('?', StringComparison.Ordinal)];
        return $"{path}?client_id={ClientId}&request_uri={Uri.EscapeDataString(requestUri)}";
    }

    /// <summary>The raw pushed authorization request for a front-channel authorize URL's parameters.</summary>
    public async Task<HttpResponseMessage> PushRequestAsync(string authorizeUrl)
    {
        var queryStart = authorizeUrl.IndexOf('?', StringComparison.Ordinal);
        var parameters = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(authorizeUrl[queryStart..])
            .Select(field => KeyValuePair.Create(field.Key, field.Value.ToString()))
            .Where(field => field.Key != "client_id")
            .Concat(ClientAssertionFields(BankOf(authorizeUrl)));
        var parPath = authorizeUrl[..queryStart].Replace("/connect/authorize", "/connect/par", StringComparison.Ordinal);
        using var client = NewClient();
        return await client.PostAsync(parPath, new FormUrlEncodedContent(parameters), Xunit.TestContext.Current.CancellationToken);
    }

    private static string BankOf(string sandboxPath) => sandboxPath.Split('/', StringSplitOptions.RemoveEmptyEntries)[1];

    public async Task<HttpResponseMessage> TokenRequestAsync(string bankId, params (string Name, string Value)[] parameters)
    {
        using var client = NewClient();
        var form = parameters.Select(p => KeyValuePair.Create(p.Name, p.Value)).Concat(ClientAssertionFields(bankId));
        return await client.PostAsync($"/sandbox/{bankId}/connect/token", new FormUrlEncodedContent(form), Xunit.TestContext.Current.CancellationToken);
    }

    public async Task<TokenSet> RedeemCodeAsync(string bankId, string code, string verifier, string redirectUri = SameOriginRedirectUri)
    {
        using var response = await TokenRequestAsync(bankId,
            ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectUri), ("code_verifier", verifier));
        var body = await response.Content.ReadAsStringAsync(Xunit.TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, body);
        return TokenSet.Parse(body);
    }

    /// <summary>Consent → browser approval → code exchange: a token set ready to call the bank.</summary>
    public async Task<(string ConsentId, TokenSet Tokens)> ConnectAsync(string bankId, string[]? access = null, int frequencyPerDay = 4, int validDays = 90)
    {
        if (SandboxBankCatalog.Find(bankId)!.Dialect == SandboxDialects.UkOpenBanking)
        {
            return await global::LeafyBank.Tests.Sandbox.Dialects.UkOpenBanking.UkOpenBankingThirdParty.ConnectForTestsAsync(this, bankId, access, frequencyPerDay);
        }
        var consentId = await CreateConsentAsync(bankId, access, frequencyPerDay, validDays);
        var (verifier, challenge) = NewPkce();
        // Berlin Group names the consent in the scope; the other banks take consent_id and the permissions.
        var scope = SandboxBankCatalog.Find(bankId)?.Dialect == SandboxDialects.BerlinGroup
            ? $"AIS:{consentId} offline_access"
            : string.Join(' ', (access ?? BankPermissions.All.ToArray()).Append("offline_access"));
        var callback = await AuthorizeInBrowserAsync(AuthorizeUrl(bankId, consentId, challenge, scope));
        var code = QueryValue(callback, "code")!;
        return (consentId, await RedeemCodeAsync(bankId, code, verifier));
    }

    public async Task<HttpResponseMessage> CallApiAsync(string bankId, string? accessToken, string path = "test/accounts", bool attended = false)
    {
        using var client = NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/sandbox/{bankId}/{path}");
        if (accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }
        if (attended)
        {
            request.Headers.Add(CustomerPresence.HeaderFor(SandboxBankCatalog.Find(bankId)!), "192.0.2.10");
        }
        return await client.SendAsync(request, Xunit.TestContext.Current.CancellationToken);
    }

    // ---- HTML and URL helpers ----

    public static Dictionary<string, string> HiddenFields(string html) =>
        HiddenInput().Matches(html)
            .Select(m => (Name: WebUtility.HtmlDecode(m.Groups["name"].Value), Value: WebUtility.HtmlDecode(m.Groups["value"].Value)))
            .DistinctBy(field => field.Name)
            .ToDictionary(field => field.Name, field => field.Value);

    public static IReadOnlyList<string> AccountCheckboxes(string html) =>
        [.. AccountCheckbox().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups["value"].Value))];

    public static string FormAction(string html) => WebUtility.HtmlDecode(FormActionPattern().Match(html).Groups["action"].Value);

    public static string? QueryValue(Uri uri, string name) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(uri.Query).TryGetValue(name, out var value) ? value.ToString() : null;

    public static JsonElement JwtPayload(string jwt) => JwtPart(jwt, 1);

    public static JsonElement JwtHeader(string jwt) => JwtPart(jwt, 0);

    private static JsonElement JwtPart(string jwt, int index)
    {
        using var json = JsonDocument.Parse(WebEncoders.Base64UrlDecode(jwt.Split('.')[index]));
        return json.RootElement.Clone();
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]*)\" value=\"(?<value>[^\"]*)\">")]
    private static partial Regex HiddenInput();

    [GeneratedRegex("<input type=\"checkbox\" name=\"account\" value=\"(?<value>[^\"]*)\"")]
    private static partial Regex AccountCheckbox();

    [GeneratedRegex("<form method=\"post\" action=\"(?<action>[^\"]*)\"")]
    private static partial Regex FormActionPattern();
}

public sealed record TokenSet(string AccessToken, string? RefreshToken, int ExpiresIn, string? Scope)
{
    public static TokenSet Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new(
            root.GetProperty("access_token").GetString()!,
            root.TryGetProperty("refresh_token", out var refresh) ? refresh.GetString() : null,
            root.GetProperty("expires_in").GetInt32(),
            root.TryGetProperty("scope", out var scope) ? scope.GetString() : null);
    }
}

/// <summary>Two accounts per customer per bank, ids derived from both.</summary>
internal sealed class TestAccountDirectory : ISandboxAccountDirectory
{
    public IReadOnlyList<SandboxAccountSummary> AccountsOf(SandboxBank bank, string customerId) =>
        [new($"{bank.Initials}-{customerId}-001", "Everyday account"), new($"{bank.Initials}-{customerId}-002", "Savings")];
}

/// <summary>Stand-in data endpoints: what the filter let through.</summary>
internal sealed class TestBankApi : ISandboxBankApi
{
    public void Map(IEndpointRouteBuilder endpoints, SandboxBank bank)
    {
        endpoints.MapGet("test/accounts", (HttpContext context) => Describe(context.GetBankAccess())).RequireBankAccess(BankPermissions.Accounts);
        endpoints.MapGet("test/transactions", (HttpContext context) => Describe(context.GetBankAccess())).RequireBankAccess(BankPermissions.Transactions);
    }

    private static IResult Describe(BankAccess access) => Results.Json(new
    {
        bank = access.Bank.Id,
        customer = access.CustomerId,
        consent = access.ConsentId,
        accounts = access.AccountIds.Order(StringComparer.Ordinal).ToArray(),
        permissions = access.Permissions.Order(StringComparer.Ordinal).ToArray(),
        unattended = access.Unattended,
    });
}
