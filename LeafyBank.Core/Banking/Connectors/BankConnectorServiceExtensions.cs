using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LeafyBank.Core.Banking.Connectors;

public static class BankConnectorServiceExtensions
{
    /// <summary>
    /// One typed HttpClient per dialect, each also an <see cref="IBankConnector"/>: the sync picks
    /// the one whose <see cref="IBankConnector.Dialect"/> is the bank's <see cref="BankDirectoryEntry.Dialect"/>.
    /// </summary>
    public static IServiceCollection AddBankConnectors(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        AddConnector<GreenBankConnector>(services);
        AddConnector<MongoDbBankConnector>(services);
        AddConnector<BerlinGroupConnector>(services);
        AddConnector<UkOpenBankingConnector>(services);
        return services;
    }

    /// <summary>
    /// The HTTP policy every bank client shares: per-attempt and total timeouts, a circuit
    /// breaker, and retries with jittered back-off for transient failures only (connection
    /// errors, timeouts, 408 and 5xx). Never 4xx — and not 429: a used-up daily allowance is an
    /// answer, and every retry would count against it. BankApiCall reports whatever escapes
    /// (timeouts, an open circuit) as <see cref="BankFailureKind.Unavailable"/>.
    /// </summary>
    public static IHttpClientBuilder ConfigureBankHttpClient(IHttpClientBuilder builder)
    {
        builder.AddStandardResilienceHandler(options =>
        {
            options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(10);
            options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(30);
            // The sampling window must be at least twice the attempt timeout.
            options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(30);
            options.Retry.MaxRetryAttempts = 2;
            options.Retry.UseJitter = true;
            options.Retry.ShouldHandle = args => ValueTask.FromResult(
                args.Outcome.Exception is HttpRequestException or Polly.Timeout.TimeoutRejectedException
                || args.Outcome.Result is { StatusCode: HttpStatusCode.RequestTimeout or >= HttpStatusCode.InternalServerError });
        });
        return builder;
    }

    private static void AddConnector<TConnector>(IServiceCollection services) where TConnector : class, IBankConnector
    {
        ConfigureBankHttpClient(services.AddHttpClient<TConnector>());
        services.AddTransient<IBankConnector>(provider => provider.GetRequiredService<TConnector>());
    }
}
