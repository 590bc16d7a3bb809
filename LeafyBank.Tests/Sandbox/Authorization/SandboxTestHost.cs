using LeafyBank.Sandbox.Authorization;
using LeafyBank.Sandbox.Customers;
using LeafyBank.Sandbox.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.IdentityModel.JsonWebTokens;

namespace LeafyBank.Tests.Sandbox.Authorization;

/// <summary>
/// A minimal host for the sandbox banks on a TestServer: fresh data directory, a clock the test
/// moves, a test account directory and one test data API per bank behind RequireBankAccess.
/// <see cref="Browser"/> keeps cookies and never follows redirects, so each step is visible.
/// </summary>
public sealed class SandboxTestHost : IAsyncDisposable
{
    public const string ClientId = "leafybank";
    public const string ClientSecret = "test-secret-not-for-production";
    public const string RegisteredRedirectUri = "https://app.example/connections/callback";

    /// <summary>The third party's private_key_jwt key; the banks hold its public JWK set.</summary>
    public static readonly RSA ClientRsa = RSA.Create(2048);

    public static readonly BankClientKey ClientKey = new(ClientRsa);

    /// <summary>Where the TestServer serves the banks.</summary>
    public static readonly Uri Origin = new("http://localhost");

    /// <summary>Leafy Bank's callback on the same origin as the sandbox (TestServer: http://localhost).</summary>
    public const string SameOriginRedirectUri = "http://localhost/connections/callback";

    private static readonly AngleSharp.Html.Parser.HtmlParser Html = new();

    private readonly WebApplication app;
    private readonly TempDataDirectory dataDirectory;

    // False for a session on a shared host (WithOwnBrowser): disposing it closes only its browser.
    private readonly bool ownsApp;

    private BankOAuthClient? oauth;

    private SandboxTestHost(WebApplication app, TempDataDirectory dataDirectory, FakeTimeProvider clock, bool ownsApp = true)
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

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// Starts a sandbox in a fresh data directory. <paramref name="withBankBooks"/>: the customers'
    /// real accounts at each bank (so the dialect APIs serve data) instead of the two test accounts.
    /// </summary>
    public static Task<SandboxTestHost> StartAsync(FakeTimeProvider? clock = null, bool withBankBooks = false) =>
        StartAsync(new TempDataDirectory(), clock ?? TestTime.Frozen(), withBankBooks);

    /// <summary>Stops the banks and starts them again (test accounts) on the same data directory and clock, as a redeploy would.</summary>
    public async Task<SandboxTestHost> RestartAsync()
    {
        Browser.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        return await StartAsync(dataDirectory, Clock, withBankBooks: false);
    }

    private static async Task<SandboxTestHost> StartAsync(TempDataDirectory dataDirectory, FakeTimeProvider clock, bool withBankBooks)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [SandboxSettings.DataDirectoryKey] = dataDirectory.Path,
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
        await app.StartAsync(Ct);
        return new SandboxTestHost(app, dataDirectory, clock);
    }

    /// <summary>
    /// A fresh client (no cookies shared with the browser), e.g. Leafy Bank's back end; <paramref name="between"/>, when given,
    /// sits between it and the banks and may change what either side sees (a bank's metadata as one instance reads it).
    /// </summary>
    public HttpClient NewClient(DelegatingHandler? between = null)
    {
        HttpMessageHandler banks = app.GetTestServer().CreateHandler();
        if (between is not null)
        {
            between.InnerHandler = banks;
            banks = between;
        }
        return new(new ClockedCookieJar(Clock) { InnerHandler = banks }) { BaseAddress = Origin };
    }

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
        dataDirectory.Dispose();
    }

    // ---- The third party's side of the protocol ----

    /// <summary>Leafy Bank's own OAuth client (Core) as registered at these banks: consents, PAR and tokens as the app makes them.</summary>
    public BankOAuthClient OAuth => oauth ??= new(NewClient(), new BankClientCredentials(ClientId, ClientSecret, ClientKey), clock: Clock);

    /// <summary>A sandbox bank as Leafy Bank's bank directory lists it.</summary>
    public static BankDirectoryEntry Entry(string bankId)
    {
        var bank = SandboxBankCatalog.Find(bankId)!;
        var issuer = new Uri(Origin, $"/sandbox/{bankId}");
        return new(bankId, bank.Name, bank.Dialect, issuer, new Uri($"{issuer}/{SandboxEndpointExtensions.AccountsPath(bank)}"));
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

    /// <summary>
    /// One call from the third party's back end: with <paramref name="bearer"/> as its token or, without
    /// one, its client credentials when <paramref name="clientAuth"/> is set; a header whose value is null is left out.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? bearer = null, bool clientAuth = false,
        HttpContent? content = null, params (string Name, string? Value)[] headers)
    {
        using var client = NewClient();
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (bearer is not null)
        {
            Present(request, bearer);
        }
        else if (clientAuth)
        {
            OAuth.Authenticated(request);
        }
        foreach (var (name, value) in headers.Where(header => header.Value is not null))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return await client.SendAsync(request, Ct);
    }

    /// <summary>
    /// An access token presented as Leafy Bank presents it (<see cref="BankAccessToken.Authorize"/>): a
    /// DPoP-bound one (<c>cnf</c> in the JWT) with the DPoP scheme and a proof for this request (with the bank's
    /// current nonce where it gives them, as Leafy Bank has it once the bank gave it), anything else as a bearer
    /// token. The request's path becomes its URL at this host, which the proof names.
    /// </summary>
    public void Present(HttpRequestMessage request, string accessToken)
    {
        var path = request.RequestUri!.OriginalString;
        request.RequestUri = new Uri(Origin, request.RequestUri!);
        (IsDpopBound(accessToken) ? BankAccessToken.Dpop(accessToken, ClientKey, Clock) : BankAccessToken.Bearer(accessToken))
            .Authorize(request, CurrentNonce(path));
    }

    /// <summary>
    /// The nonce a bank that gives them (RFC 9449 §8, §9) takes now at the server a path belongs to (its token endpoint, or
    /// its data APIs), as a client has it after the bank's first <c>use_dpop_nonce</c>; null at a bank without nonces.
    /// </summary>
    public string? CurrentNonce(string path)
    {
        var bank = SandboxBankCatalog.Find(BankOf(path));
        return bank is { IssuesDpopNonces: true }
            ? Services.GetRequiredService<DpopNonces>().Current(bank, path.Contains("/connect/", StringComparison.Ordinal) ? DpopServer.Authorization : DpopServer.Resource)
            : null;
    }

    /// <summary>Whether a bank bound this (JWT) access token to a key: its payload has <c>cnf</c>.</summary>
    public static bool IsDpopBound(string accessToken) =>
        new JsonWebTokenHandler().CanReadToken(accessToken) && new JsonWebToken(accessToken).TryGetClaim("cnf", out _);

    public Task<HttpResponseMessage> PostConsentAsync(string bankId, object body) =>
        SendAsync(HttpMethod.Post, $"/sandbox/{bankId}/consents", clientAuth: true, content: JsonContent.Create(body));

    /// <summary>A consent at any bank, created in its standard by Leafy Bank's own client.</summary>
    public async Task<string> CreateConsentAsync(string bankId, string[]? access = null, int frequencyPerDay = 4, int validDays = 90)
    {
        var consent = new BankConsentRequest(access ?? [.. BankPermissions.All], ValidUntil(validDays), frequencyPerDay, RecurringIndicator: true);
        return (await OAuth.CreateConsentAsync(Entry(bankId), consent, Ct)).ConsentId;
    }

    private string ValidUntil(int days) => DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime).AddDays(days).ToString("yyyy-MM-dd");

    /// <summary>A consent's status as the bank tells Leafy Bank's client.</summary>
    public async Task<string> ConsentStatusAsync(string bankId, string consentId) =>
        (await OAuth.GetConsentAsync(Entry(bankId), consentId, Ct)).ConsentStatus;

    public static (string Verifier, string Challenge) NewPkce()
    {
        var verifier = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        return (verifier, WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    /// <summary>An authorization request with PKCE (S256); <paramref name="consentId"/> null leaves consent_id out, for the standards that name the consent otherwise.</summary>
    public static string AuthorizeUrl(string bankId, string? consentId, string challenge, string scope = "accounts balances transactions products offline_access",
        string redirectUri = SameOriginRedirectUri, string state = "state-123") =>
        $"/sandbox/{bankId}/connect/authorize?response_type=code&client_id={ClientId}" +
        $"&redirect_uri={Uri.EscapeDataString(redirectUri)}&scope={Uri.EscapeDataString(scope)}&state={state}" +
        $"&code_challenge={challenge}&code_challenge_method=S256" + (consentId is null ? "" : $"&consent_id={consentId}");

    /// <summary>
    /// The customer's whole journey in the browser; returns the redirect back to the third party.
    /// A URL built by <see cref="AuthorizeUrl"/> is pushed first (the banks require RFC 9126), as a
    /// third party does, so the browser sees only client_id and request_uri.
    /// </summary>
    public async Task<Uri> AuthorizeInBrowserAsync(string authorizeUrl, bool approve = true) =>
        await new BankBrowser(Browser).AuthorizeAsync(
            authorizeUrl.Contains("request_uri=", StringComparison.Ordinal) ? authorizeUrl : await PushAsync(authorizeUrl), approve: approve);

    /// <summary>
    /// Pushes the parameters of a front-channel authorize URL as Leafy Bank's client pushes them (RFC 9126); returns the
    /// authorize URL the bank gives back, with client_id and request_uri only.
    /// </summary>
    public async Task<string> PushAsync(string authorizeUrl)
    {
        var bank = Entry(BankOf(authorizeUrl));
        return (await OAuth.PushAuthorizationRequestAsync(bank, await OAuth.GetMetadataAsync(bank, Ct), Parameters(authorizeUrl), Ct)).PathAndQuery;
    }

    /// <summary>
    /// The raw pushed authorization request for a front-channel authorize URL's parameters, for the answers the bank refuses;
    /// <paramref name="dpopProof"/> goes in a <c>DPoP</c> header (RFC 9449 §10.1).
    /// </summary>
    public async Task<HttpResponseMessage> PushRequestAsync(string authorizeUrl, string? dpopProof = null)
    {
        var form = Parameters(authorizeUrl).Where(field => field.Key != "client_id")
            .Select(field => KeyValuePair.Create(field.Key, field.Value!)).Concat(ClientAssertionFields(BankOf(authorizeUrl)));
        using var client = NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, ParPath(authorizeUrl)) { Content = new FormUrlEncodedContent(form) };
        if (dpopProof is not null)
        {
            request.Headers.Add("DPoP", dpopProof);
        }
        return await client.SendAsync(request, Ct);
    }

    /// <summary>The pushed authorization endpoint's path at the bank of a front-channel authorize URL.</summary>
    public static string ParPath(string authorizeUrl) =>
        authorizeUrl[..authorizeUrl.IndexOf('?', StringComparison.Ordinal)].Replace("/connect/authorize", "/connect/par", StringComparison.Ordinal);

    /// <summary>
    /// A front-channel authorize URL for a consent, named as the bank's standard names it (as Leafy Bank's client names it),
    /// for raw pushed requests; nothing binds its code to a DPoP key.
    /// </summary>
    public static string ConsentAuthorizeUrl(string bankId, string consentId, string challenge)
    {
        var parameters = Parameters(AuthorizeUrl(bankId, consentId: null, challenge));
        BankOAuthClient.AddConsentParameters(Entry(bankId), parameters, consentId, [.. BankPermissions.All]);
        return QueryHelpers.AddQueryString($"/sandbox/{bankId}/connect/authorize", parameters);
    }

    /// <summary>The authorize URL for the browser after a raw pushed request was accepted: client_id and the bank's request_uri.</summary>
    public static async Task<string> AuthorizeUrlForPushedAsync(string bankId, HttpResponseMessage pushed)
    {
        var body = await pushed.Content.ReadAsStringAsync(Ct);
        Assert.True(pushed.StatusCode == HttpStatusCode.Created, body);
        var requestUri = JsonDocument.Parse(body).RootElement.GetProperty("request_uri").GetString()!;
        return $"/sandbox/{bankId}/connect/authorize?client_id={ClientId}&request_uri={Uri.EscapeDataString(requestUri)}";
    }

    private static string BankOf(string url) => url.Split('/', StringSplitOptions.RemoveEmptyEntries)[1];

    private static Dictionary<string, string?> Parameters(string authorizeUrl) =>
        QueryHelpers.ParseQuery(authorizeUrl[authorizeUrl.IndexOf('?', StringComparison.Ordinal)..])
            .ToDictionary(p => p.Key, p => (string?)p.Value.ToString());

    /// <summary>A token request as Leafy Bank sends it: a client assertion and a DPoP proof (RFC 9449 §5), so the tokens are bound to <see cref="ClientKey"/>.</summary>
    public async Task<HttpResponseMessage> TokenRequestAsync(string bankId, params (string Name, string Value)[] parameters)
    {
        using var client = NewClient();
        var form = parameters.Select(p => KeyValuePair.Create(p.Name, p.Value)).Concat(ClientAssertionFields(bankId));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/sandbox/{bankId}/connect/token") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("DPoP", DpopProof(HttpMethod.Post, $"/sandbox/{bankId}/connect/token"));
        return await client.SendAsync(request, Ct);
    }

    /// <summary>A fresh DPoP proof of <see cref="ClientKey"/> for a request to this host, made now by its clock, with the bank's current nonce (<see cref="CurrentNonce"/>).</summary>
    public string DpopProof(HttpMethod method, string path, string? accessToken = null) =>
        ClientKey.CreateDpopProof(method, new Uri(Origin, path), Clock.GetUtcNow(), accessToken, CurrentNonce(path));

    /// <summary>Redeems a code pushed by <see cref="PushAsync"/> or <see cref="PushForConsentAsync"/>: with a proof where the push bound it (the banks' metadata never changes here).</summary>
    public async Task<BankTokenResponse> RedeemCodeAsync(string bankId, string code, string verifier, string redirectUri = SameOriginRedirectUri)
    {
        var metadata = await OAuth.GetMetadataAsync(Entry(bankId), Ct);
        return await OAuth.ExchangeCodeAsync(Entry(bankId), metadata, code, redirectUri, verifier, OAuth.UsesDpop(metadata), Ct);
    }

    /// <summary>Refreshes as Leafy Bank refreshes tokens it redeemed here: with a proof where the bank takes them.</summary>
    public async Task<BankTokenResponse> RefreshAsync(string bankId, string refreshToken)
    {
        var metadata = await OAuth.GetMetadataAsync(Entry(bankId), Ct);
        return await OAuth.RefreshAsync(Entry(bankId), metadata, refreshToken, OAuth.UsesDpop(metadata), Ct);
    }

    /// <summary>
    /// Leafy Bank's authorization request for a consent, pushed as the app pushes it (<see cref="BankOAuthClient"/>: the consent
    /// named as the bank's standard names it); <paramref name="moreScopes"/> are asked besides. Returns where to send the browser.
    /// </summary>
    public async Task<Uri> PushForConsentAsync(string bankId, string consentId, string challenge, string[]? access = null,
        IEnumerable<string>? moreScopes = null)
    {
        var bank = Entry(bankId);
        var parameters = Parameters(AuthorizeUrl(bankId, consentId: null, challenge));
        BankOAuthClient.AddConsentParameters(bank, parameters, consentId, access ?? [.. BankPermissions.All]);
        parameters["scope"] = string.Join(' ', parameters["scope"]!.Split(' ').Union(moreScopes ?? []));
        return await OAuth.PushAuthorizationRequestAsync(bank, await OAuth.GetMetadataAsync(bank, Ct), parameters, Ct);
    }

    /// <summary>The customer approves the consent in the browser (<see cref="PushForConsentAsync"/>); the code is redeemed for tokens.</summary>
    public async Task<BankTokenResponse> ApproveAsync(string bankId, string consentId, string[]? access = null, string customer = "frida")
    {
        var (verifier, challenge) = NewPkce();
        var pushed = await PushForConsentAsync(bankId, consentId, challenge, access);
        var callback = await new BankBrowser(Browser).AuthorizeAsync(pushed.ToString(), customer);
        var code = QueryValue(callback, "code");
        Assert.True(code is not null, callback.ToString());
        return await RedeemCodeAsync(bankId, code, verifier);
    }

    /// <summary>
    /// Consent → browser approval → code exchange, as Leafy Bank connects in each bank's standard: tokens ready to call the bank.
    /// UK consents carry no frequencyPerDay (the bank applies its own), so there the allowance is set on the stored consent,
    /// as a bank's policy would be.
    /// </summary>
    public async Task<(string ConsentId, BankTokenResponse Tokens)> ConnectAsync(string bankId, string[]? access = null,
        int frequencyPerDay = 4, int validDays = 90)
    {
        var consentId = await CreateConsentAsync(bankId, access, frequencyPerDay, validDays);
        var tokens = await ApproveAsync(bankId, consentId, access);
        if (Entry(bankId).Dialect == SandboxDialects.UkOpenBanking)
        {
            using var scope = Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<LeafyBank.Sandbox.Storage.SandboxDbContext>();
            (await db.Consents.FindAsync([consentId], Ct))!.FrequencyPerDay = frequencyPerDay;
            await db.SaveChangesAsync(Ct);
        }
        return (consentId, tokens);
    }

    /// <summary>A data call; <paramref name="attended"/> adds the dialect's customer-present header.</summary>
    public Task<HttpResponseMessage> CallApiAsync(string bankId, string? accessToken, string path = "test/accounts", bool attended = false) =>
        SendAsync(HttpMethod.Get, $"/sandbox/{bankId}/{path}", accessToken,
            headers: (CustomerPresence.HeaderFor(SandboxBankCatalog.Find(bankId)!), attended ? "192.0.2.10" : null));

    // ---- HTML and URL helpers ----

    public static Dictionary<string, string> HiddenFields(string html) =>
        Html.ParseDocument(html).QuerySelectorAll("input[type=hidden]").DistinctBy(input => input.GetAttribute("name"))
            .ToDictionary(input => input.GetAttribute("name")!, input => input.GetAttribute("value") ?? "");

    public static IReadOnlyList<string> AccountCheckboxes(string html) =>
        [.. Html.ParseDocument(html).QuerySelectorAll("input[type=checkbox][name=account]").Select(input => input.GetAttribute("value")!)];

    public static string FormAction(string html) => Html.ParseDocument(html).QuerySelector("form[method=post]")?.GetAttribute("action") ?? "";

    public static string? QueryValue(Uri uri, string name) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(uri.Query).TryGetValue(name, out var value) ? value.ToString() : null;
}

/// <summary>Two accounts (current, savings) and a loan per customer per bank, ids derived from both.</summary>
internal sealed class TestAccountDirectory : ISandboxAccountDirectory
{
    public IReadOnlyList<SandboxAccountSummary> AccountsOf(SandboxBank bank, string customerId) =>
    [
        new($"{bank.Initials}-{customerId}-001", "Everyday account", SandboxAccountTypes.Current),
        new($"{bank.Initials}-{customerId}-002", "Savings", SandboxAccountTypes.Savings),
        new($"{bank.Initials}-{customerId}-L01", "Home loan", SandboxAccountTypes.Loan),
    ];
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
