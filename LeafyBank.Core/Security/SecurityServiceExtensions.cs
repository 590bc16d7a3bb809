using LeafyBank.Core.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LeafyBank.Core.Security;

public static class SecurityServiceExtensions
{
    /// <summary>Encryption of the stored bank tokens, with the Data Protection key ring in the store.</summary>
    public static IServiceCollection AddTokenProtection(this IServiceCollection services)
    {
        // Token encryption keys live in the store, shared by every instance on the same database.
        services.AddDataProtection().SetApplicationName("LeafyBank");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider =>
            new ConfigureOptions<KeyManagementOptions>(options =>
                options.XmlRepository = new StoreXmlRepository(
                    provider.GetRequiredService<IDocumentStore>(), provider.GetRequiredService<TimeProvider>())));
        services.AddSingleton<TokenProtector>();
        return services;
    }
}
