using LeafyBank.Core.Accounts;
using LeafyBank.Core.Analytics;
using LeafyBank.Core.Configuration;
using LeafyBank.Core.Customers;
using LeafyBank.Core.Ledger;
using LeafyBank.Core.Notifications;
using LeafyBank.Core.Persistence;
using LeafyBank.Core.Position;
using LeafyBank.Core.Security;
using LeafyBank.Core.Seeding;
using LeafyBank.Core.Transactions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LeafyBank.Core;

/// <summary>Core's composition: each module registers itself, this only lists them.</summary>
public static class DependencyInjection
{
    /// <summary>
    /// The store chosen by configuration (MongoDB when <c>MONGODB_URI</c> is set, the embedded
    /// store otherwise) and everything that reads or protects what it holds: token encryption,
    /// customers, their accounts and ledger, position, transactions, analytics and the change
    /// notifications. The banks are the host's to add (<c>AddBanking</c>), since only the host
    /// knows where they are.
    /// Throws <see cref="ConfigurationException"/> naming the key of a bad setting.
    /// </summary>
    public static IHostApplicationBuilder AddLeafyBankCore(this IHostApplicationBuilder builder)
    {
        builder.AddDocumentStore();
        builder.Services.AddTokenProtection();
        builder.Services.AddCustomers();
        builder.Services.AddAccounts();
        builder.Services.AddLedger();
        builder.AddPosition();
        builder.Services.AddTransactions();
        builder.AddAnalytics();
        builder.AddNotifications();
        return builder;
    }

    /// <summary>
    /// Prepares the store before the app serves anything: tables/indexes, then the personas.
    /// Throws <see cref="StoreUnavailableException"/> naming the host or path when it cannot.
    /// </summary>
    public static async Task InitializeOpenFinanceStoreAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        await store.InitializeAsync(cancellationToken);
        await Personas.EnsureSeededAsync(store, services.GetRequiredService<TimeProvider>(), cancellationToken);
    }
}
