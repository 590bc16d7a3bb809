using Microsoft.Extensions.Http.Resilience;

namespace LeafyBank.Tests.Core.Banking;

/// <summary>
/// The app with its in-process sandbox on a loopback port, for switching sandbox faults on and off
/// (<see cref="Faults"/>) while Leafy Bank talks to the banks over real HTTP. The connectors'
/// per-attempt and total timeouts are cut to seconds so that a sync against a hanging bank ends in
/// a test's time (the path is the same; only the limits are shorter).
/// </summary>
public sealed class FaultyBanksApp() : LeafyBankWebFactory(
    new Dictionary<string, string> { [ServeOnKestrelKey] = "true", [LogLevelKey] = "Information" }, testServices: ShortTimeouts)
{
    public SandboxFaults Faults => Service<SandboxFaults>();

    // Every standard resilience pipeline of the app is a bank connector's (one per dialect).
    private static void ShortTimeouts(IServiceCollection services) => services.PostConfigureAll<HttpStandardResilienceOptions>(options =>
    {
        options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(1);
        options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(3);
        options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(2);
        options.Retry.Delay = TimeSpan.FromMilliseconds(50);
    });
}
