namespace LeafyBank.Tests.Web.Extensions;

/// <summary>
/// Sign-in, connect a bank, the first sync, a token refresh, another sync and sign-out, with every
/// category (ASP.NET Core, OpenIddict, HttpClient, EF Core and the app) at Trace: no line may
/// carry a token, a code, a state, an id_token_hint or the client secret.
/// </summary>
public sealed partial class SecretsInLogsTests : IAsyncDisposable
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private readonly LeafyBankWebFactory app = LeafyBankWebFactory.With(new Dictionary<string, string>
    {
        ["Logging:LogLevel:Microsoft"] = "Trace",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Trace",
        ["Logging:LogLevel:OpenIddict"] = "Trace",
        ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Trace",
    });

    /// <summary>The app's address on Kestrel, started on first use.</summary>
    private Uri Address => app.Start();

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task No_secret_reaches_any_log_line_at_Trace_through_sign_in_connect_sync_refresh_and_sign_out()
    {
        using var browser = new SignInDriver(app, Address);
        var landing = await browser.SignInAsync("fridaklo");
        var dashboard = await browser.App.GetStringAsync(landing, Cancel);
        var antiforgery = SignInDriver.HiddenField(dashboard, "__RequestVerificationToken");
        var party = new PartyReference { UserId = MongoDB.Bson.ObjectId.Parse("65a546ae4a8f64e8f88fb89e"), UserName = "fridaklo" };

        // Connect Green Bank; the bank's redirect comes back through the app's callback endpoint (code and state in its request line).
        var start = await app.Services.GetRequiredService<ConnectionService>().StartAsync(party,
            new ConnectionRequest("greenbank", ["accounts", "balances", "transactions", "products"], 30, new Uri(Address, "connections/callback")), Cancel);
        using var bankClient = BankBrowser.CreateClient(Address);
        var callback = await new BankBrowser(bankClient).AuthorizeAsync(start.AuthorizeUrl.ToString(), "frida");
        var query = QueryHelpers.ParseQuery(callback.Query);
        using (var completed = await browser.App.GetAsync(callback.PathAndQuery, Cancel))
        {
            Assert.Equal(HttpStatusCode.Redirect, completed.StatusCode);
            Assert.Contains("/connections/result", completed.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
        var firstSync = await app.FirstSyncAsync(party.UserId, "greenbank", start.ConsentId);
        Assert.NotNull(firstSync);

        // Refresh the access token, then read the bank with the new one.
        var bank = await app.Services.GetRequiredService<IBankDirectory>().GetAsync("greenbank", Cancel);
        var tokens = app.Services.GetRequiredService<BankTokenService>();
        var refreshedAccessToken = await tokens.RefreshNowAsync(party, bank, Cancel);
        // Its log lines are this test's concern, not its outcome.
        await app.Services.GetRequiredService<SyncService>().SyncAsync(party, "greenbank", unattended: false, Cancel);

        // Sign out, here and at the identity provider (whose end-session request carries the id_token_hint).
        using var signOut = await browser.App.PostAsync("/authentication/logout",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = antiforgery, ["returnUrl"] = "/" }), Cancel);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        var idTokenHint = QueryHelpers.ParseQuery(signOut.Headers.Location!.Query)["id_token_hint"].ToString();
        Assert.NotEmpty(idTokenHint);
        Assert.Equal("/", await browser.FollowSignOutAsync(signOut.Headers.Location!));

        var stored = await tokens.FindAsync(party, bank, Cancel);
        var protector = app.Services.GetRequiredService<TokenProtector>();
        var secrets = new Dictionary<string, string>
        {
            ["access token"] = protector.Unprotect(stored!.BearerToken),
            ["refreshed access token"] = refreshedAccessToken.Value,
            ["refresh token"] = protector.Unprotect(stored.RefreshToken!),
            ["authorization code"] = query["code"].ToString(),
            ["state"] = query["state"].ToString(),
            ["id_token_hint"] = idTokenHint,
            ["bank client secret"] = (await File.ReadAllTextAsync(Path.Combine(app.DataDirectory, "bank-client-secret"), Cancel)).Trim(),
            ["sign-in client secret"] = browser.Provider.ClientSecret,
        };
        var lines = app.Logs.All.Split('\n');
        Assert.True(lines.Length > 1000, $"the app logged at trace level during the journey ({lines.Length} lines)");
        Assert.Contains(lines, line => line.Contains("/connections/callback", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("connect/endsession", StringComparison.Ordinal));
        foreach (var (name, secret) in secrets)
        {
            Assert.False(string.IsNullOrEmpty(secret), name);
            var leak = lines.FirstOrDefault(line => line.Contains(secret, StringComparison.Ordinal));
            Assert.True(leak is null, $"the {name} is in a log line: {leak}");
        }
        foreach (var line in lines)
        {
            Assert.DoesNotMatch(Jwt(), line);
            Assert.DoesNotMatch(SecretParameter(), line);
        }
    }

    [Fact]
    public async Task No_DPoP_nonce_reaches_any_log_line_at_Trace_through_connecting_and_syncing_a_bank_that_gives_them()
    {
        var party = new PartyReference { UserId = MongoDB.Bson.ObjectId.Parse("65a546ae4a8f64e8f88fb89e"), UserName = "fridaklo" };
        _ = Address;
        await app.ConnectAsync(party, "thamesbank");
        var sync = await app.Services.GetRequiredService<SyncService>().SyncAsync(party, "thamesbank", unattended: false, Cancel);
        Assert.True(sync.Outcome == SyncOutcome.Succeeded, sync.Message);

        var nonces = app.Services.GetRequiredService<BankDpopNonces>();
        var lines = app.Logs.All.Split('\n');
        foreach (var server in Enum.GetValues<DpopNonceServer>())
        {
            var nonce = nonces.Latest("thamesbank", server);
            Assert.False(string.IsNullOrEmpty(nonce), $"Thames gave its {server} nonce");
            var leak = lines.FirstOrDefault(line => line.Contains(nonce, StringComparison.Ordinal));
            Assert.True(leak is null, $"the {server} nonce is in a log line: {leak}");
        }
    }

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}")]
    private static partial Regex Jwt();

    // A secret-carrying parameter whose value was not redacted.
    [GeneratedRegex(@"\b(code|state|id_token_hint|refresh_token|access_token|client_secret|client_assertion|code_verifier)=(?!\[redacted\])[^&\s""']+", RegexOptions.IgnoreCase)]
    private static partial Regex SecretParameter();
}
