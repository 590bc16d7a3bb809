using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LeafyBank.Core.Banking.Connectors;

public static class BankConnectorServiceExtensions
{
    /// <summary>
    /// One typed HttpClient per dialect (each also an <see cref="IBankConnector"/>) and the
    /// <see cref="BankConnectorRegistry"/> that picks one by <see cref="BankDirectoryEntry.Dialect"/>.
    /// </summary>
    public static IServiceCollection AddBankConnectors(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        AddConnector<GreenBankConnector>(services);
        AddConnector<MongoDbBankConnector>(services);
        AddConnector<BerlinGroupConnector>(services);
        AddConnector<UkOpenBankingConnector>(services);
        services.AddTransient<BankConnectorRegistry>();
        return services;
    }

    /// <summary>
    /// The HTTP policy every bank client shares. LEAD: LeafyBank.Core does not reference
    /// Microsoft.Extensions.Http.Resilience yet (it is only in Directory.Packages.props). Once
    /// <c>&lt;PackageReference Include="Microsoft.Extensions.Http.Resilience" /&gt;</c> is added to
    /// LeafyBank.Core.csproj, replace the body with:
    /// <code>
    /// builder.AddStandardResilienceHandler(options =>
    /// {
    ///     options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(10);
    ///     options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(30);
    ///     options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(30); // at least twice the attempt timeout
    ///     options.Retry.MaxRetryAttempts = 2;
    ///     // Transient only: connection failures, timeouts, 408 and 5xx. Never 4xx — and not 429:
    ///     // a used-up daily allowance is an answer, and every retry would count against it.
    ///     options.Retry.ShouldHandle = args => ValueTask.FromResult(
    ///         args.Outcome.Exception is HttpRequestException or Polly.Timeout.TimeoutRejectedException
    ///         || args.Outcome.Result is { StatusCode: HttpStatusCode.RequestTimeout or >= HttpStatusCode.InternalServerError });
    /// });
    /// </code>
    /// BankApiCall already reports any exception from sending (timeouts, open circuit) as
    /// <see cref="BankFailureKind.Unavailable"/>, so nothing else has to change.
    /// </summary>
    public static IHttpClientBuilder ConfigureBankHttpClient(IHttpClientBuilder builder) =>
        // Until resilience is wired: one overall timeout, so a hung bank is reported as unavailable.
        builder.ConfigureHttpClient(client => client.Timeout = TimeSpan.FromSeconds(30));

    private static void AddConnector<TConnector>(IServiceCollection services) where TConnector : class, IBankConnector
    {
        ConfigureBankHttpClient(services.AddHttpClient<TConnector>());
        services.AddTransient<IBankConnector>(provider => provider.GetRequiredService<TConnector>());
    }
}
