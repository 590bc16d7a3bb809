using System.Net.Sockets;

namespace LeafyBank.Tests.Web.EndToEnd;

/// <summary>
/// The banks on their own host and port, Leafy Bank on another, configured only with the bank
/// directory's URL and its client credentials (the banks hold Leafy Bank's public key, registered out
/// of band): Leafy Bank reaches the banks over HTTP alone.
/// </summary>
public sealed class SeparateBankHostTests : IAsyncLifetime
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private readonly PartyReference frida = new() { UserId = ObjectId.Parse("65a546ae4a8f64e8f88fb89e"), UserName = "fridaklo" };
    private LeafyBankWebFactory leafy = null!;
    private LeafyBankWebFactory banks = null!;
    private Uri leafyAddress = null!;
    private Uri bankAddress = null!;

    public async ValueTask InitializeAsync()
    {
        // The banks' port is chosen before Leafy Bank starts (it is configured with it) and bound after (the banks
        // need Leafy Bank's address and key): something else may take it in between, and then both start again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                StartBothHosts();
                return;
            }
            catch (IOException taken) when (attempt < 3)
            {
                Xunit.TestContext.Current.SendDiagnosticMessage($"The banks' port was taken ({taken.Message}); starting both hosts again");
                await DisposeAsync();
            }
        }
    }

    private void StartBothHosts()
    {
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var bankPort = FreeLoopbackPort();
        leafy = LeafyBankWebFactory.With(new Dictionary<string, string>
        {
            [BankingExtensions.HostSandboxKey] = "false",
            [BankingExtensions.DirectoryUrlKey] = $"http://localhost:{bankPort}/sandbox/banks",
            [BankingExtensions.ClientSecretKey] = secret,
        });
        leafyAddress = leafy.Start();
        // The banks know Leafy Bank's client: the same secret, its public key (registered out of band, as
        // at a real bank) and its callback on the other origin.
        banks = LeafyBankWebFactory.With(new Dictionary<string, string>
        {
            [BankingExtensions.ClientSecretKey] = secret,
            [LeafyBank.Sandbox.Hosting.SandboxSettings.ClientJwksKey] = leafy.Services.GetRequiredService<BankClientCredentials>().AssertionKey!.PublicJwks,
            ["Sandbox:Client:RedirectUris"] = new Uri(leafyAddress, "connections/callback").ToString(),
        });
        bankAddress = banks.Start(bankPort);
    }

    public async ValueTask DisposeAsync()
    {
        // Either may not have been created when a start failed.
        await (leafy?.DisposeAsync() ?? ValueTask.CompletedTask);
        await (banks?.DisposeAsync() ?? ValueTask.CompletedTask);
    }

    [Fact]
    public async Task Leafy_Bank_connects_and_syncs_a_bank_served_by_another_host()
    {
        using var http = new HttpClient();
        using var noSandboxHere = await http.GetAsync(new Uri(leafyAddress, "sandbox/banks"), Cancel);
        Assert.Equal(HttpStatusCode.NotFound, noSandboxHere.StatusCode);

        var connections = leafy.Services.GetRequiredService<ConnectionService>();
        var start = await StartOnceTheBanksAnswerInTimeAsync(connections,
            new ConnectionRequest("thamesbank", ["accounts", "balances", "transactions", "products"], 30, new Uri(leafyAddress, "connections/callback")));
        Assert.Equal(bankAddress.Port, start.AuthorizeUrl.Port);

        // The customer's browser at the bank's origin as Leafy Bank addressed it (cookies are per host name).
        using var browserClient = BankBrowser.CreateClient(new Uri(start.AuthorizeUrl.GetLeftPart(UriPartial.Authority)));
        var callback = await new BankBrowser(browserClient).AuthorizeAsync(start.AuthorizeUrl.ToString(), "frida");
        Assert.Equal(new Uri(leafyAddress, "connections/callback").ToString(), callback.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(callback.Query);
        var result = await connections.CompleteAsync(frida, query["state"], query["code"], null, query["iss"], Cancel);
        Assert.True(result.Outcome == ConnectionOutcome.Connected, result.Message);

        var synced = await leafy.Services.GetRequiredService<SyncService>().SyncAsync(frida, "thamesbank", unattended: false, Cancel);
        Assert.True(synced.Outcome == SyncOutcome.Succeeded, synced.Message);
        var accounts = await leafy.Services.GetRequiredService<IDocumentStore>().Collection(OpenFinanceCollections.ExternalAccounts)
            .FindAsync(frida.UserId, a => a.AccountBank == "Thames Bank", Cancel);
        Assert.NotEmpty(accounts);
        Assert.All(accounts, a => Assert.Equal("GBP", a.AccountCurrency));
        // Thames Bank takes only private_key_jwt: a renewal and a second sync go through it too.
        var thames = await leafy.Services.GetRequiredService<LeafyBank.Core.Banking.IBankDirectory>().GetAsync("thamesbank", Cancel);
        Assert.NotEmpty((await leafy.Services.GetRequiredService<BankTokenService>().RefreshNowAsync(frida, thames, Cancel)).Value);
        var again = await leafy.Services.GetRequiredService<SyncService>().SyncAsync(frida, "thamesbank", unattended: false, Cancel);
        Assert.True(again.Outcome == SyncOutcome.Succeeded, again.Message);
        // The banks' host keeps its own data apart: nothing of Frida's Thames Bank accounts in its store.
        Assert.Empty(await banks.Services.GetRequiredService<IDocumentStore>().Collection(OpenFinanceCollections.ExternalAccounts)
            .FindAsync(frida.UserId, cancellationToken: Cancel));
    }

    /// <summary>
    /// Starts the connection as the Connect page does, within the 4 s a customer is kept waiting
    /// (<see cref="ConnectionService.InteractiveBankBudget"/>): the directory, the discovery document, a client-credentials
    /// token and the consent, each the first request of its kind to a host that has just started. On a loaded machine those
    /// first answers can take longer than that budget, which is not what this test is about: when the budget runs out it asks
    /// again, the bank then warmer, until it has waited as long as a bank that should answer may take. Any other failure (a
    /// refusal, a connection refused) fails at once.
    /// </summary>
    private async Task<AuthorizationStart> StartOnceTheBanksAnswerInTimeAsync(ConnectionService connections, ConnectionRequest request)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await connections.StartAsync(frida, request, Cancel);
            }
            catch (BankApiException outOfTime) when (outOfTime.InnerException is OperationCanceledException && waited.Elapsed < TimeSpan.FromMinutes(2))
            {
                // Out of the customer's budget, not refused: ask again.
            }
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
