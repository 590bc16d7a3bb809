using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using LeafyBank.Core.Banking;
using LeafyBank.Core.Banking.Authorization;
using LeafyBank.Core.Banking.Connectors;
using LeafyBank.Core.Banking.Sync;
using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence;
using LeafyBank.Core.Persistence.Embedded;
using LeafyBank.Core.Persistence.MongoDb;
using LeafyBank.Core.Security;
using LeafyBank.Sandbox.Access;
using LeafyBank.Sandbox.Banks;
using LeafyBank.Sandbox.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using MongoDB.Bson;
using MongoDB.Driver.Core.Events;

namespace LeafyBank.Benchmarks;

/// <summary>
/// Sync mode: one connection synced end to end through the app's <see cref="SyncService"/> against
/// the sandbox banks served in process — the bank's dialect API over loopback HTTP, the
/// connector's mapping, and the store's writes. Each sample starts from a connection whose data
/// was erased, so it writes the whole 90 days; a second series re-syncs unchanged data.
/// </summary>
public static class SyncTiming
{
    private const int HistoryDays = 90;

    private static readonly PartyReference Owner = new() { UserId = ObjectId.Parse("65a546ae4a8f64e8f88fb8a0"), UserName = "benchsync" };

    public static async Task<int> ExecuteAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        var roundTrips = new RoundTripCounter();
        await using var store = await OpenStoreAsync(options, roundTrips, cancellationToken);
        await using var banks = await SandboxBankServer.StartAsync(cancellationToken);
        var (bank, customer, accounts, products) = LargestConnection(banks.Books);
        var entry = banks.Entry(bank);
        banks.Access = new BankAccess(bank, customer, "bench-consent", BankPermissions.All.ToHashSet(),
            banks.Books.AccountsOf(bank, customer).Select(account => account.Id).ToHashSet(), Unattended: false);

        await using var connectorServices = new ServiceCollection().AddSingleton(TimeProvider.System).AddBankConnectors().BuildServiceProvider();
        var tokens = new BankTokenService(store, new TokenProtector(new EphemeralDataProtectionProvider()),
            new BankOAuthClient(new HttpClient(), new BankClientCredentials("leafybank", "unused")), TimeProvider.System);
        var sync = new SyncService(store, new OneBankDirectory(entry), tokens, connectorServices.GetServices<IBankConnector>(),
            new SyncInstance("benchmark"), TimeProvider.System);
        await ConnectAsync(store, tokens, entry, cancellationToken);

        Log($"Syncing {bank.Name} for {customer} ({accounts} accounts, {products} loans or mortgages, {HistoryDays} days) on {store.Engine}");
        var samples = Math.Min(options.Samples, 100);
        var firstSyncs = new LatencyStats();
        var reSyncs = new LatencyStats();
        var firstTrips = new List<long>();
        var reTrips = new List<long>();
        SyncResult? last = null;
        // One untimed pass warms the JIT, the connection pools and the bank's books.
        await EraseAsync(store, cancellationToken);
        await SyncOnceAsync(store, sync, entry, cancellationToken);
        for (var sample = 0; sample < samples; sample++)
        {
            await EraseAsync(store, cancellationToken);
            (last, var elapsed, var trips) = await TimedSyncAsync(store, sync, entry, roundTrips, cancellationToken);
            firstSyncs.Record(elapsed);
            firstTrips.Add(trips);
            (_, elapsed, trips) = await TimedSyncAsync(store, sync, entry, roundTrips, cancellationToken);
            reSyncs.Record(elapsed);
            reTrips.Add(trips);
        }

        PrintReport(store, bank, last!, samples, firstSyncs.Summarize(), reSyncs.Summarize(), firstTrips, reTrips);
        return last!.Outcome == SyncOutcome.Succeeded ? 0 : 1;
    }

    private static async Task<IDocumentStore> OpenStoreAsync(BenchmarkOptions options, RoundTripCounter roundTrips, CancellationToken cancellationToken)
    {
        IDocumentStore store;
        if (options.Engine == StoreEngines.MongoDb)
        {
            var database = options.Database + "_sync";
            var mongo = new MongoDocumentStore(options.MongoUri!, database,
                configureClient: client => client.ClusterConfigurator = cluster => cluster.Subscribe<CommandStartedEvent>(roundTrips.OnCommandStarted));
            await mongo.Database.Client.DropDatabaseAsync(database, cancellationToken);
            store = mongo;
        }
        else
        {
            var directory = Path.Combine(options.DataDirectory, "sync");
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
            store = new SqliteDocumentStore(directory);
        }
        await store.InitializeAsync(cancellationToken);
        return store;
    }

    /// <summary>The sandbox's customer and bank with the most accounts and products (the books are fixed per bank and customer).</summary>
    private static (SandboxBank Bank, string Customer, int Accounts, int Products) LargestConnection(SandboxBankData books) =>
        SandboxBankCatalog.All
            .SelectMany(bank => SandboxBankData.Customers.Select(customer => (bank, customer.Id, data: books.Customer(bank, customer.Id)!)))
            .Select(pair => (pair.bank, pair.Id, pair.data.Accounts.Count, pair.data.Products.Count))
            .OrderByDescending(pair => pair.Item3 + pair.Item4).ThenByDescending(pair => pair.Item4)
            .First();

    /// <summary>The customer as the connect flow leaves them: a valid consent and a long-lived token.</summary>
    private static async Task ConnectAsync(IDocumentStore store, BankTokenService tokens, BankDirectoryEntry bank, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        await store.Collection(OpenFinanceCollections.Consents).UpsertAsync(new Consent
        {
            ConsentId = "bench-consent",
            Bank = bank.Id,
            ConsentUser = Owner,
            Status = ConsentStatuses.Valid,
            Permissions = [.. BankPermissions.All],
            CreatedAt = now,
            ValidUntil = now.AddDays(90),
            FrequencyPerDay = 4,
            StatusChangedAt = now,
        }, cancellationToken);
        await tokens.SaveAsync(Owner, bank, "bench-consent",
            new BankTokenResponse("bench-access-token", "Bearer", 400 * 86_400, "bench-refresh-token", "accounts"), cancellationToken);
    }

    /// <summary>
    /// Erases the connection's data and sets its last success so the next sync reads exactly
    /// <see cref="HistoryDays"/> days (it re-reads <see cref="SyncService.IncrementalOverlapDays"/> before the last success).
    /// </summary>
    private static async Task EraseAsync(IDocumentStore store, CancellationToken cancellationToken)
    {
        await store.Collection(OpenFinanceCollections.ExternalAccounts).DeleteAsync(Owner.UserId, cancellationToken: cancellationToken);
        await store.Collection(OpenFinanceCollections.ExternalProducts).DeleteAsync(Owner.UserId, cancellationToken: cancellationToken);
        await store.Collection(OpenFinanceCollections.ExternalTransactions).DeleteAsync(Owner.UserId, cancellationToken: cancellationToken);
        await PrepareStateAsync(store, cancellationToken);
    }

    private static async Task PrepareStateAsync(IDocumentStore store, CancellationToken cancellationToken)
    {
        var states = store.Collection(OpenFinanceCollections.SyncStates);
        var state = await states.FindAsync(Owner.UserId, cancellationToken: cancellationToken) is [var stored, ..]
            ? stored
            : new SyncState { SyncUser = Owner, ConsentId = "bench-consent" };
        state.LastSuccessAt = DateTime.UtcNow.AddDays(-(HistoryDays - SyncService.IncrementalOverlapDays));
        state.NextAllowedAt = null;
        state.LeaseOwner = null;
        state.LeaseUntil = null;
        state.Bank = (await store.Collection(OpenFinanceCollections.Consents).FindAsync(Owner.UserId, cancellationToken: cancellationToken))[0].Bank;
        await states.UpsertAsync(state, cancellationToken);
    }

    private static async Task<SyncResult> SyncOnceAsync(IDocumentStore store, SyncService sync, BankDirectoryEntry bank, CancellationToken cancellationToken)
    {
        var result = await sync.SyncAsync(Owner, bank.Id, unattended: false, cancellationToken);
        if (result.Outcome != SyncOutcome.Succeeded)
        {
            throw new InvalidOperationException($"The benchmark sync did not succeed: {result.Message}");
        }
        await PrepareStateAsync(store, cancellationToken);
        return result;
    }

    private static async Task<(SyncResult Result, TimeSpan Elapsed, long RoundTrips)> TimedSyncAsync(IDocumentStore store, SyncService sync,
        BankDirectoryEntry bank, RoundTripCounter roundTrips, CancellationToken cancellationToken)
    {
        var before = roundTrips.Count;
        var started = Stopwatch.GetTimestamp();
        var result = await sync.SyncAsync(Owner, bank.Id, unattended: false, cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var trips = roundTrips.Count - before;
        if (result.Outcome != SyncOutcome.Succeeded)
        {
            throw new InvalidOperationException($"The benchmark sync did not succeed: {result.Message}");
        }
        // Between samples, untimed: the next sync reads the same 90 days again.
        await PrepareStateAsync(store, cancellationToken);
        return (result, elapsed, trips);
    }

    private static void PrintReport(IDocumentStore store, SandboxBank bank, SyncResult result, int samples,
        LatencySummary first, LatencySummary again, List<long> firstTrips, List<long> reTrips)
    {
        var invariant = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine(string.Create(invariant, $"### Sync — {store.Engine}"));
        Console.WriteLine();
        Console.WriteLine(string.Create(invariant,
            $"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}; run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC."));
        Console.WriteLine(string.Create(invariant,
            $"Connection: {bank.Name} ({bank.Dialect}) in the in-process sandbox, {result.Accounts} accounts, {result.Products} loans or mortgages, {result.Transactions:N0} transactions over {HistoryDays} days; {samples} samples each."));
        Console.WriteLine();
        Console.WriteLine(LatencySummary.Header.Replace("| Query |", "| Sync |", StringComparison.Ordinal));
        Console.WriteLine(first.ToRow("Sync into an empty connection (every document new)"));
        Console.WriteLine(again.ToRow("Sync again, nothing changed at the bank"));
        if (store.Engine == StoreEngines.MongoDb)
        {
            Console.WriteLine();
            Console.WriteLine(string.Create(invariant,
                $"Round trips to MongoDB per sync: {firstTrips.Average():0.#} (empty connection), {reTrips.Average():0.#} (again) — counted from the driver's command events."));
        }
    }

    private static void Log(string message) =>
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{DateTime.Now:HH:mm:ss}] {message}"));

    private sealed class OneBankDirectory(BankDirectoryEntry bank) : IBankDirectory
    {
        public Task<IReadOnlyList<BankDirectoryEntry>> ListAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<BankDirectoryEntry>>([bank]);
    }
}
