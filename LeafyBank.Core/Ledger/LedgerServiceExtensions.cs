using Microsoft.Extensions.DependencyInjection;

namespace LeafyBank.Core.Ledger;

public static class LedgerServiceExtensions
{
    /// <summary>The consent and access ledger's read side (writers hold their own <see cref="Audit.AuditLedger"/> over their store).</summary>
    public static IServiceCollection AddLedger(this IServiceCollection services)
    {
        services.AddSingleton<ILedgerQuery, LedgerQuery>();
        return services;
    }
}
