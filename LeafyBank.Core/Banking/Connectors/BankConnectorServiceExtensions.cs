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
    /// Microsoft.Extensions.Http.Resilience yet (it is in Directory.Packages.props); once it does,
    /// replace the body with
    /// <c>builder.AddStandardResilienceHandler(o =&gt; { o.AttemptTimeout.Timeout = 10 s; o.TotalRequestTimeout.Timeout = 30 s;
    /// o.Retry.MaxRetryAttempts = 2; })</c> — its default retry predicate covers 408, 429, 5xx and
    /// connection failures; 429 must NOT be retried here (a bank's daily allowance is the answer,
    /// not a blip), so set <c>o.Retry.ShouldHandle</c> to exclude it. Never retry other 4xx.
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
