using Microsoft.Extensions.DependencyInjection;

namespace LeafyBank.Core.Accounts;

public static class AccountServiceExtensions
{
    /// <summary>The customer's accounts, linked accounts and loans as the pages and the data API read them.</summary>
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddSingleton<IAccountsQuery, AccountsQuery>();
        return services;
    }
}
