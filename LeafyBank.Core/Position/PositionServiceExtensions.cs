using LeafyBank.Core.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LeafyBank.Core.Position;

public static class PositionServiceExtensions
{
    /// <summary>
    /// The global position, its history and the exchange rates both convert with. Throws
    /// <see cref="ConfigurationException"/> naming the key of a bad rate.
    /// </summary>
    public static IHostApplicationBuilder AddPosition(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(ExchangeRateSettings.FromConfiguration(builder.Configuration));
        builder.Services.AddSingleton<GlobalPositionService>();
        builder.Services.AddSingleton<PositionHistoryService>();
        builder.Services.AddSingleton<INetWorthHistoryReader>(services => services.GetRequiredService<PositionHistoryService>());
        // Net worth over time: a snapshot per customer each day and after each sync.
        builder.Services.AddHostedService<PositionHistoryRecorder>();
        return builder;
    }
}
