using LeafyBank.Tests.Sandbox.Dialects;

namespace LeafyBank.Tests.Core.Banking.Connectors;

/// <summary>
/// Leafy Bank's connectors mark a customer-present sync in each dialect's own words, on every
/// call of it (pages included), and never mark an unattended one: the bank counts only the latter
/// against the consent's frequencyPerDay.
/// </summary>
public sealed class CustomerPresentHeaderTests : IAsyncLifetime
{
    private const string PsuIpAddress = "PSU-IP-Address";
    private const string FapiCustomerIpAddress = "x-fapi-customer-ip-address";

    private static readonly PartyReference Owner = new() { UserName = "fridaklo", UserId = ObjectId.Parse("65a546ae4a8f64e8f88fb89e") };

    private readonly ConcurrentQueue<SentCall> sent = new();
    private DialectTestHost host = null!;
    private ServiceProvider services = null!;

    public async ValueTask InitializeAsync()
    {
        host = await DialectTestHost.StartAsync();
        services = new ServiceCollection()
            .AddSingleton<TimeProvider>(host.Clock)
            .AddBankConnectors()
            .ConfigureHttpClientDefaults(client => client
                .ConfigurePrimaryHttpMessageHandler(host.CreateHandler)
                .AddHttpMessageHandler(() => new Recorder(sent)))
            .BuildServiceProvider();
    }

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        await host.DisposeAsync();
    }

    /// <summary>The bank's connector as the sync picks it: the registered one that speaks the bank's dialect.</summary>
    private IBankConnector ConnectorFor(BankDirectoryEntry entry) => services.GetServices<IBankConnector>().Single(c => c.Dialect == entry.Dialect);

    private sealed record SentCall(Uri Uri, IReadOnlyDictionary<string, string[]> Headers);

    private sealed class Recorder(ConcurrentQueue<SentCall> sent) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            sent.Enqueue(new SentCall(request.RequestUri!,
                request.Headers.ToDictionary(h => h.Key, h => h.Value.ToArray(), StringComparer.OrdinalIgnoreCase)));
            return base.SendAsync(request, cancellationToken);
        }
    }

    private async Task FetchAsync(string bankId, bool unattended)
    {
        var bank = DialectTestHost.Bank(bankId);
        var access = host.Grant(bankId, "frida");
        var accountsPath = bank.Dialect switch
        {
            BankDialects.BerlinGroup => "v1/accounts",
            BankDialects.UkOpenBanking => "open-banking/v3.1/aisp/accounts",
            _ => "api/accounts",
        };
        var entry = new BankDirectoryEntry(bank.Id, bank.Name, bank.Dialect,
            new Uri($"http://localhost/sandbox/{bank.Id}"), new Uri($"http://localhost/sandbox/{bank.Id}/{accountsPath}"));
        var request = new BankFetchRequest(entry, BankAccessToken.Bearer("test-access-token"), access.ConsentId, Owner, access.Permissions, TransactionsSince: null, unattended)
        {
            PsuIpAddress = "203.0.113.7",
        };
        await ConnectorFor(entry).FetchAsync(request, TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData("greenbank", PsuIpAddress, FapiCustomerIpAddress)]
    [InlineData("mongodbbank", PsuIpAddress, FapiCustomerIpAddress)]
    [InlineData("donaubank", PsuIpAddress, FapiCustomerIpAddress)]
    [InlineData("thamesbank", FapiCustomerIpAddress, PsuIpAddress)]
    public async Task A_customer_present_sync_sends_its_dialects_header_on_every_call_and_no_other(string bankId, string header, string otherHeader)
    {
        await FetchAsync(bankId, unattended: false);

        Assert.True(sent.Count > 3, $"a whole sync is several calls ({sent.Count})");
        Assert.All(sent, call =>
        {
            Assert.True(call.Headers.TryGetValue(header, out var values), $"no {header} on {call.Uri}");
            Assert.Equal("203.0.113.7", Assert.Single(values));
            Assert.False(call.Headers.ContainsKey(otherHeader), $"{otherHeader} on {call.Uri}");
        });
    }

    [Theory]
    [MemberData(nameof(ConnectorRoundTripTests.BankIds), MemberType = typeof(ConnectorRoundTripTests))]
    public async Task An_unattended_sync_sends_no_customer_present_header(string bankId)
    {
        await FetchAsync(bankId, unattended: true);

        Assert.NotEmpty(sent);
        Assert.All(sent, call => Assert.False(call.Headers.ContainsKey(PsuIpAddress) || call.Headers.ContainsKey(FapiCustomerIpAddress), call.Uri.ToString()));
    }
}
