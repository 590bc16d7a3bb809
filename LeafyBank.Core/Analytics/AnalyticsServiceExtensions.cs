using LeafyBank.Core.Configuration;
using LeafyBank.Core.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LeafyBank.Core.Analytics;

public static class AnalyticsServiceExtensions
{
    /// <summary>The analysts' cross-customer report. Throws <see cref="ConfigurationException"/> naming a bad key.</summary>
    public static IHostApplicationBuilder AddAnalytics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedSettings<AnalyticsSettings, AnalyticsSettingsValidator>(builder.Configuration, AnalyticsSettings.Section);
        builder.Services.AddSingleton(services => IAnalyticsQuery.For(services.GetStoreEngine()));
        builder.Services.AddSingleton<CrossCustomerAnalytics>();
        return builder;
    }
}
