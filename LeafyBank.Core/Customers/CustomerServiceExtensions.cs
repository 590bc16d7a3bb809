using Microsoft.Extensions.DependencyInjection;

namespace LeafyBank.Core.Customers;

public static class CustomerServiceExtensions
{
    /// <summary>Leafy Bank's customers as the pages and the API look them up, and their preferences.</summary>
    public static IServiceCollection AddCustomers(this IServiceCollection services)
    {
        services.AddSingleton<CustomerCache>();
        services.AddSingleton<CustomerPreferences>();
        return services;
    }
}
