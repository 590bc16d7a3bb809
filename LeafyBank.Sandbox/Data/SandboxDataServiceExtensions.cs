using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LeafyBank.Sandbox.Data;

public static class SandboxDataServiceExtensions
{
    /// <summary>The banks' books (<see cref="SandboxBankData"/>) and the consent page's account directory.</summary>
    public static IServiceCollection AddSandboxBankData(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SandboxBankData>();
        services.TryAddSingleton<ISandboxAccountDirectory>(provider => provider.GetRequiredService<SandboxBankData>());
        return services;
    }
}
