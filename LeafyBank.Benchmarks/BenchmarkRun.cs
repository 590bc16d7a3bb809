using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using LeafyBank.Core;
using LeafyBank.Core.Configuration;
using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence;
using LeafyBank.Core.Persistence.MongoDb;
using LeafyBank.Core.Position;
using LeafyBank.Core.Seeding;
using LeafyBank.Core.Transactions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MongoDB.Driver;
using MongoDB.Driver.Core.Events;

namespace LeafyBank.Benchmarks;

/// <summary>
/// One benchmark run: prepare the data set, then time the dashboard's queries through the
/// same services the app uses (resolved from the same registrations), and print a Markdown
/// report for docs/performance.md.
/// </summary>
public static class BenchmarkRun
{
    private const int WarmUpQueries = 300;

    public static async Task<int> ExecuteAsync(BenchmarkOptions options)
    {
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, eventArgs) =>
        {
            eventArgs.Cancel = true;
            cancellation.Cancel();
        };
        var cancellationToken = cancellation.Token;
        if (options.DashboardUrl is not null)
        {
            return await DashboardTiming.ExecuteAsync(options);
        }
        if (options.Sync)
        {
            return await SyncTiming.ExecuteAsync(options, cancellationToken);
        }
        if (options.ApiUrl is not null)
        {
            return await ApiLoad.ExecuteAsync(options, cancellationToken);
        }
        var roundTrips = new RoundTripCounter();
        using var host = BuildHost(options, roundTrips);
        var services = host.Services;
        var store = services.GetRequiredService<IDocumentStore>();
        var generator = new PopulationGenerator(Population(options));

        Log($"Engine {store.Engine} at {store.Location}");
        var generation = await PrepareDataAsync(options, services, store, generator, cancellationToken);

        var positions = services.GetRequiredService<GlobalPositionService>();
        var transactions = services.GetService<ITransactionQuery>();
        var random = new Random(options.Seed);
        var ordinary = Enumerable.Range(0, options.Samples)
            .Select(_ => User(random.Next(options.HeavyUsers, options.Users)))
            .ToList();
        var heavy = options.HeavyUsers == 0
            ? []
            : Enumerable.Range(0, Math.Min(options.Samples, 2_000)).Select(i => User(i % options.HeavyUsers)).ToList();

        Log($"Warming up with {WarmUpQueries} queries");
        foreach (var user in ordinary.Take(WarmUpQueries))
        {
            await positions.GetAsync(user, cancellationToken);
        }

        var report = new List<string>();
        Log($"Timing {ordinary.Count:N0} sequential position queries");
        var (ordinaryStats, ordinaryTrips) = await TimeAsync(ordinary, user => positions.GetAsync(user, cancellationToken), roundTrips);
        report.Add(ordinaryStats.ToRow("Global position, customer with ~10 accounts/products"));

        var heavyTrips = double.NaN;
        if (heavy.Count > 0)
        {
            Log($"Timing {heavy.Count:N0} position queries of customers with 20 accounts/products and {options.TransactionsPerHeavyUser:N0} transactions");
            (var heavyStats, heavyTrips) = await TimeAsync(heavy, user => positions.GetAsync(user, cancellationToken), roundTrips);
            report.Add(heavyStats.ToRow($"Global position, customer with 20 accounts/products and {options.TransactionsPerHeavyUser:N0} transactions"));

            if (transactions is not null)
            {
                var filter = new TransactionFilter(PageSize: 25);
                var (pageStats, _) = await TimeAsync(heavy, user => transactions.FindAsync(user.Id, filter, cancellationToken), roundTrips);
                report.Add(pageStats.ToRow("Recent transactions, first page of 25"));
                var searchFilter = new TransactionFilter(Search: "café", PageSize: 25);
                var (searchStats, _) = await TimeAsync(heavy, user => transactions.FindAsync(user.Id, searchFilter, cancellationToken), roundTrips);
                report.Add(searchStats.ToRow("Transactions search \"café\", first page"));
                var (spendingStats, _) = await TimeAsync(heavy, user => transactions.SpendingByCategoryAsync(
                    user.Id, "USD", new DateOnly(2026, 8, 27), new DateOnly(2026, 11, 25), cancellationToken), roundTrips);
                report.Add(spendingStats.ToRow("Spending by category, 90 days"));
            }
        }

        Log($"Throughput: {options.Concurrency} workers for {options.Duration.TotalSeconds:0} s");
        var throughput = await MeasureThroughputAsync(options, positions, cancellationToken);

        PrintReport(options, store, generation, report, ordinaryTrips, heavyTrips, throughput);
        return 0;
    }

    private static IHost BuildHost(BenchmarkOptions options, RoundTripCounter roundTrips)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var settings = new Dictionary<string, string?>();
        if (options.Engine == StoreEngines.MongoDb)
        {
            settings[ConfigurationKeys.MongoUri] = options.MongoUri;
            settings[ConfigurationKeys.MongoDatabase] = options.Database;
        }
        else
        {
            settings[ConfigurationKeys.DataDirectory] = options.DataDirectory;
        }
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddLeafyBankCore();
        if (options.Engine == StoreEngines.MongoDb)
        {
            // The same store the app builds, plus command monitoring to count round trips per query.
            builder.Services.AddSingleton(_ => new MongoDocumentStore(options.MongoUri!, options.Database,
                configureClient: client => client.ClusterConfigurator = cluster => cluster.Subscribe<CommandStartedEvent>(roundTrips.OnCommandStarted)));
        }
        return builder.Build();
    }

    private static async Task<GenerationReport?> PrepareDataAsync(BenchmarkOptions options, IServiceProvider services, IDocumentStore store,
        PopulationGenerator generator, CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);
        var users = store.Collection(OpenFinanceCollections.Users);
        if (options.Reuse && await users.FindByKeyAsync([PopulationGenerator.UserName(Label, options.Users - 1)], cancellationToken) is not null
            && await users.FindByKeyAsync([PopulationGenerator.UserName(Label, options.Users)], cancellationToken) is null)
        {
            Log("Reusing the data set already generated");
            return null;
        }

        Log("Clearing the benchmark store");
        await ClearAsync(options, store, cancellationToken);
        await services.InitializeOpenFinanceStoreAsync(cancellationToken);

        Log($"Generating {options.Users:N0} customers ({options.HeavyUsers:N0} with {options.TransactionsPerHeavyUser:N0} transactions)");
        var stopwatch = Stopwatch.StartNew();
        var summary = await generator.LoadAsync(store, Log, cancellationToken);
        return new GenerationReport(summary, stopwatch.Elapsed);
    }

    private static async Task ClearAsync(BenchmarkOptions options, IDocumentStore store, CancellationToken cancellationToken)
    {
        if (store is MongoDocumentStore mongo)
        {
            await mongo.Database.Client.DropDatabaseAsync(options.Database, cancellationToken);
            return;
        }
        await store.DisposeAsync();
        foreach (var file in Directory.EnumerateFiles(options.DataDirectory, "leafybank.db*"))
        {
            File.Delete(file);
        }
    }

    private static async Task<(LatencySummary Stats, double RoundTripsPerQuery)> TimeAsync<T>(
        IReadOnlyList<LeafyUser> users, Func<LeafyUser, Task<T>> query, RoundTripCounter roundTrips)
    {
        var stats = new LatencyStats();
        var before = roundTrips.Count;
        foreach (var user in users)
        {
            var started = Stopwatch.GetTimestamp();
            await query(user);
            stats.Record(Stopwatch.GetElapsedTime(started));
        }
        return (stats.Summarize(), (double)(roundTrips.Count - before) / users.Count);
    }

    private static async Task<ThroughputReport> MeasureThroughputAsync(BenchmarkOptions options, GlobalPositionService positions,
        CancellationToken cancellationToken)
    {
        var stats = new LatencyStats();
        var deadline = Stopwatch.GetTimestamp() + (long)(options.Duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, options.Concurrency).Select(worker => Task.Run(async () =>
        {
            var random = new Random(HashCode.Combine(options.Seed, worker));
            while (Stopwatch.GetTimestamp() < deadline && !cancellationToken.IsCancellationRequested)
            {
                var user = User(random.Next(0, options.Users));
                var queryStarted = Stopwatch.GetTimestamp();
                await positions.GetAsync(user, cancellationToken);
                stats.Record(Stopwatch.GetElapsedTime(queryStarted));
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(started);
        return new ThroughputReport(options.Concurrency, stats.Count / elapsed.TotalSeconds, stats.Summarize());
    }

    /// <summary>The benchmark's customers are bench0000000…; their data is current as of a fixed day, so every run measures the same data.</summary>
    private const string Label = "bench";

    private static PopulationOptions Population(BenchmarkOptions options) => new()
    {
        Label = Label,
        Customers = options.Users,
        HeavyCustomers = options.HeavyUsers,
        TransactionsPerHeavyCustomer = options.TransactionsPerHeavyUser,
        Seed = options.Seed,
        Now = new DateTime(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc),
    };

    private static LeafyUser User(int index) => new()
    {
        Id = PopulationGenerator.UserId(Label, index),
        UserName = PopulationGenerator.UserName(Label, index),
        BaseCurrency = "USD",
    };

    private static void PrintReport(BenchmarkOptions options, IDocumentStore store, GenerationReport? generation, List<string> rows,
        double ordinaryTrips, double heavyTrips, ThroughputReport throughput)
    {
        var invariant = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine(string.Create(invariant, $"### {store.Engine} — {options.Users:N0} customers"));
        Console.WriteLine();
        Console.WriteLine(string.Create(invariant,
            $"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.ProcessArchitecture}; run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC."));
        if (generation is not null)
        {
            var s = generation.Summary;
            var documents = s.Users + s.InternalAccounts + s.Accounts + s.Products + s.Consents + s.SyncStates + s.Transactions;
            Console.WriteLine(string.Create(invariant,
                $"Data set: {s.Users:N0} customers, {s.InternalAccounts:N0} Leafy Bank accounts, {s.Accounts:N0} linked accounts, {s.Products:N0} products ({s.Accounts + s.Products:N0} accounts and products), {s.Consents:N0} consents, {s.SyncStates:N0} sync states, {s.Transactions:N0} transactions; loaded in {generation.Elapsed.TotalSeconds:0} s ({documents / generation.Elapsed.TotalSeconds:N0} documents/s)."));
        }
        Console.WriteLine();
        Console.WriteLine(LatencySummary.Header);
        foreach (var row in rows)
        {
            Console.WriteLine(row);
        }
        Console.WriteLine(throughput.Latency.ToRow(string.Create(invariant, $"Global position under load, {throughput.Workers} workers")));
        Console.WriteLine();
        Console.WriteLine(string.Create(invariant, $"Throughput: {throughput.QueriesPerSecond:N0} global positions/s with {throughput.Workers} concurrent workers."));
        if (store.Engine == StoreEngines.MongoDb)
        {
            Console.WriteLine(string.Create(invariant,
                $"Round trips to MongoDB per global position: {ordinaryTrips:0.##} (ordinary), {heavyTrips:0.##} (heavy) — counted from the driver's command events."));
        }
    }

    private static void Log(string message) =>
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{DateTime.Now:HH:mm:ss}] {message}"));
}

/// <summary>Counts the commands the driver sends for the app's own operations (not handshakes or monitoring).</summary>
public sealed class RoundTripCounter
{
    private static readonly HashSet<string> Housekeeping = new(StringComparer.OrdinalIgnoreCase)
    {
        "hello", "isMaster", "ismaster", "saslStart", "saslContinue", "ping", "endSessions", "buildInfo", "getLastError",
    };

    private long count;

    public long Count => Interlocked.Read(ref count);

    public void OnCommandStarted(CommandStartedEvent started)
    {
        if (!Housekeeping.Contains(started.CommandName))
        {
            Interlocked.Increment(ref count);
        }
    }
}

public sealed record GenerationReport(GenerationSummary Summary, TimeSpan Elapsed);

public sealed record ThroughputReport(int Workers, double QueriesPerSecond, LatencySummary Latency);
