using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Http.Resilience;

namespace LeafyBank.Tests.Core.Banking;

/// <summary>
/// The real app with its in-process sandbox on a loopback port, for switching sandbox faults on
/// and off (<see cref="Faults"/>) while Leafy Bank talks to the banks over real HTTP. The sync
/// scheduler is off, every log line is captured, and the connectors' per-attempt and total
/// timeouts are cut to seconds so that a sync against a hanging bank ends in a test's time (the
/// path is the same; only the limits are shorter).
/// </summary>
public sealed class FaultyBanksApp : IAsyncLifetime
{
    private readonly Factory factory = new();
    private readonly SemaphoreSlim connecting = new(1, 1);
    private readonly HashSet<(string, string)> connected = [];

    public Uri BaseAddress { get; private set; } = null!;

    public SandboxFaults Faults => Service<SandboxFaults>();

    public CapturedLogs Logs => factory.Logs;

    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    public T Service<T>() where T : notnull => factory.Services.GetRequiredService<T>();

    public ValueTask InitializeAsync()
    {
        factory.UseKestrel(0);
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        Faults.ClearAll();
        await factory.DisposeAsync();
        connecting.Dispose();
    }

    /// <summary>A demo customer of Leafy Bank by user name (fridaklo, gracehop, adalove, claumon).</summary>
    public async Task<PartyReference> CustomerAsync(string userName) =>
        CurrentCustomer.PartyOf((await Service<IDocumentStore>().Collection(OpenFinanceCollections.Users).FindByKeyAsync([userName], Cancel))!);

    /// <summary>Connects the customer at the bank once per app (consent, approval at the bank as <paramref name="bankCustomer"/>, callback).</summary>
    public async Task EnsureConnectedAsync(PartyReference owner, string bankId, string bankCustomer)
    {
        await connecting.WaitAsync(Cancel);
        try
        {
            if (connected.Contains((owner.UserName, bankId)))
            {
                return;
            }
            var connections = Service<ConnectionService>();
            var start = await connections.StartAsync(owner,
                new ConnectionRequest(bankId, ["accounts", "balances", "transactions", "products"], 90, new Uri(BaseAddress, "connections/callback")), Cancel);
            using var http = BankBrowser.CreateClient(BaseAddress);
            var callback = await new BankBrowser(http).AuthorizeAsync(start.AuthorizeUrl.ToString(), bankCustomer);
            var query = QueryHelpers.ParseQuery(callback.Query);
            var result = await connections.CompleteAsync(owner, query["state"], query["code"], null, query["iss"], Cancel);
            Assert.True(result.Outcome == ConnectionOutcome.Connected, result.Message);
            connected.Add((owner.UserName, bankId));
        }
        finally
        {
            connecting.Release();
        }
    }

    private sealed class Factory : LeafyBankWebFactory
    {
        public CapturedLogs Logs { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            // The tests drive every sync themselves.
            builder.UseSetting(BankingServiceExtensions.SyncEnabledKey, "false");
            builder.ConfigureLogging(logging => logging.AddProvider(Logs));
            builder.ConfigureServices(services =>
            {
                foreach (var connector in new[] { nameof(GreenBankConnector), nameof(MongoDbBankConnector), nameof(BerlinGroupConnector), nameof(UkOpenBankingConnector) })
                {
                    services.PostConfigure<HttpStandardResilienceOptions>($"{connector}-standard", options =>
                    {
                        options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(1);
                        options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(3);
                        options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(2);
                        options.Retry.Delay = TimeSpan.FromMilliseconds(50);
                    });
                }
            });
        }
    }
}
