using Microsoft.Extensions.DependencyInjection;

namespace LeafyBank.DevIdentityProvider;

public static class DevIdentityProviderServiceCollectionExtensions
{
    /// <summary>
    /// Starts the development identity provider with the app and stops it with the app. The
    /// options are built from the app's services on first use, so they may read settings the
    /// app registers.
    /// </summary>
    public static IServiceCollection AddDevIdentityProvider(this IServiceCollection services, Func<IServiceProvider, DevIdentityProviderOptions> options)
    {
        services.AddSingleton(options);
        services.AddSingleton<DevIdentityProviderHost>();
        services.AddHostedService(provider => provider.GetRequiredService<DevIdentityProviderHost>());
        return services;
    }
}
