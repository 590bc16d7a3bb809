using LeafyBank.Core.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LeafyBank.Core.Notifications;

public static class NotificationServiceExtensions
{
    /// <summary>
    /// "Your data changed" signals to open dashboards, from syncs here and on other instances.
    /// Throws <see cref="ConfigurationException"/> naming a bad key.
    /// </summary>
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        // One per process: syncs publish to it, open dashboards of the same customer listen.
        builder.Services.AddSingleton<PositionChangeNotifier>();
        // A sync finished on another instance refreshes the views open here (change stream, or polling sync_state).
        builder.Services.AddValidatedSettings<LiveUpdateSettings, LiveUpdateSettingsValidator>(builder.Configuration, LiveUpdateSettings.Section);
        builder.Services.AddSingleton<SyncStateChangeRelay>();
        builder.Services.AddHostedService(services => services.GetRequiredService<SyncStateChangeRelay>());
        return builder;
    }
}
