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
    private readonly KestrelFactory factory = new(new Dictionary<string, string> { [KestrelFactory.LogLevelKey] = "Information" }, testServices: ShortTimeouts);
    private readonly SemaphoreSlim connecting = new(1, 1);
    private readonly HashSet<(string, string)> connected = [];

    public Uri BaseAddress => factory.BaseAddress;

    public SandboxFaults Faults => Service<SandboxFaults>();

    public CapturedLogs Logs => factory.Logs;

    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    public T Service<T>() where T : notnull => factory.Service<T>();

    public ValueTask InitializeAsync()
    {
        factory.Start();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        Faults.ClearAll();
        await factory.DisposeAsync();
        connecting.Dispose();
    }

    /// <summary>A demo customer of Leafy Bank by user name (fridaklo, gracehop, adalove, claumon).</summary>
    public Task<PartyReference> CustomerAsync(string userName) => factory.CustomerAsync(userName);

    /// <summary>Connects the customer at the bank once per app (consent, approval at the bank as <paramref name="bankCustomer"/>, callback).</summary>
    public async Task EnsureConnectedAsync(PartyReference owner, string bankId, string bankCustomer)
    {
        await connecting.WaitAsync(Cancel);
        try
        {
            if (!connected.Contains((owner.UserName, bankId)))
            {
                await factory.ConnectAsync(owner, bankId, bankCustomer);
                connected.Add((owner.UserName, bankId));
            }
        }
        finally
        {
            connecting.Release();
        }
    }

    private static void ShortTimeouts(IServiceCollection services)
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
    }
}
