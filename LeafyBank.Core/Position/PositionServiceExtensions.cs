using LeafyBank.Core.Configuration;
using LeafyBank.Core.Persistence;
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
        // The engine reads the raw material; what the figures mean is computed once, above it.
        builder.Services.AddSingleton(services => IPositionQuery.For(services.GetStoreEngine()));
        builder.Services.AddSingleton(services => IPositionHistoryStore.For(services.GetStoreEngine()));
        builder.Services.AddSingleton<GlobalPositionService>();
        builder.Services.AddSingleton<IGlobalPositionService>(services => services.GetRequiredService<GlobalPositionService>());
        builder.Services.AddSingleton<PositionHistoryService>();
        builder.Services.AddSingleton<INetWorthHistoryReader>(services => services.GetRequiredService<PositionHistoryService>());
        // Net worth over time: a snapshot per customer each day and after each sync.
        builder.Services.AddHostedService<PositionHistoryRecorder>();
        return builder;
    }
}
