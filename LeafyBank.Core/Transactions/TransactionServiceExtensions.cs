using Microsoft.Extensions.DependencyInjection;

namespace LeafyBank.Core.Transactions;

public static class TransactionServiceExtensions
{
    /// <summary>Transaction lists, spending by category and the money in and out.</summary>
    public static IServiceCollection AddTransactions(this IServiceCollection services)
    {
        services.AddSingleton<ITransactionQuery, TransactionQuery>();
        services.AddSingleton<ICashFlowQuery, CashFlowQuery>();
        return services;
    }
}
