using LeafyBank.Core.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace LeafyBank.Core.Transactions;

public static class TransactionServiceExtensions
{
    /// <summary>Transaction lists, spending by category and the money in and out.</summary>
    public static IServiceCollection AddTransactions(this IServiceCollection services)
    {
        // The engine reads; validation, conversion and the cash-flow rules are written once, above it.
        services.AddSingleton(provider => ITransactionStoreQuery.For(provider.GetStoreEngine()));
        services.AddSingleton(provider => ICashFlowStoreQuery.For(provider.GetStoreEngine()));
        services.AddSingleton<ITransactionQuery, TransactionQuery>();
        services.AddSingleton<ICashFlowQuery, CashFlowQuery>();
        return services;
    }
}
