using System.Globalization;

namespace LeafyBank.Benchmarks;

/// <summary>Command-line options of the harness. Defaults are the scale: 100,000 users.</summary>
public sealed record BenchmarkOptions
{
    public string Engine { get; init; } = "embedded";
    public int Users { get; init; } = 100_000;
    public int HeavyUsers { get; init; } = 200;
    public int TransactionsPerHeavyUser { get; init; } = 2_000;
    public string DataDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "leafybank-bench");
    public string? MongoUri { get; init; } = Environment.GetEnvironmentVariable("MONGODB_URI");
    public string Database { get; init; } = "open_finance_bench";
    public int Samples { get; init; } = 5_000;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(15);
    public int Concurrency { get; init; } = Environment.ProcessorCount * 2;
    public bool Reuse { get; init; }
    public int Seed { get; init; } = 20261125;
    public string? ApiUrl { get; init; }
    public string? ApiToken { get; init; } = Environment.GetEnvironmentVariable("LEAFYBANK_BENCH_API_TOKEN");
    public string ApiUser { get; init; } = "fridaklo";
    public string IdentityProviderUrl { get; init; } = "http://localhost:5081";
    public string? DashboardUrl { get; init; }
    public bool Sync { get; init; }

    public const string Usage = """
        Usage: dotnet run -c Release --project LeafyBank.Benchmarks -- [options]

          --engine embedded|mongodb   Store to measure (mongodb needs --mongodb-uri or MONGODB_URI). Default embedded.
          --users N                   Customers to generate (each ~10 accounts and products). Default 100000.
          --heavy-users N             Customers with 20 accounts/products and 90 days of transactions. Default 200.
          --transactions N            Transactions per heavy customer. Default 2000.
          --data-dir PATH             Embedded store directory. Default $TMPDIR/leafybank-bench.
          --mongodb-uri URI           MongoDB to load and query. Default $MONGODB_URI.
          --database NAME             MongoDB database. Default open_finance_bench (never the app's open_finance).
          --samples N                 Sequential position queries timed for the percentiles. Default 5000.
          --duration SECONDS          Length of the concurrent throughput run. Default 15.
          --concurrency N             Concurrent workers in the throughput run. Default 2 x cores.
          --reuse                     Keep an already generated data set of the same size instead of regenerating.
          --seed N                    Seed of the data generator. Default 20261125.

        Data API load (instead of the store benchmark), against a running app:
          --api-url URL               The app, e.g. http://localhost:5080: N workers GET /api/v1/position for --duration.
          --api-user NAME             Demo customer signed in at the development identity provider. Default fridaklo.
          --idp-url URL               The development identity provider. Default http://localhost:5081.
                                      (Or give a token in LEAFYBANK_BENCH_API_TOKEN, e.g. from your own provider.)
          --mongodb-uri URI --database NAME   With --api-url: also count the app's MongoDB round trips per request on
                                      its database NAME, with the database profiler (run the app with LEAFYBANK_SYNC_ENABLED=false).

        Sync of one connection (instead of the store benchmark), against the sandbox banks served in process:
          --sync                      Time --samples (max 100) syncs of the sandbox's largest connection, 90 days of
                                      transactions, on --engine; on mongodb also count round trips per sync.

        Dashboard in a browser, against a running app (Chromium at /usr/bin/chromium or LEAFYBANK_CHROMIUM):
          --dashboard-url URL         Sign in as --api-user, then time --samples (max 200) loads of /dashboard until interactive.
        """;

    /// <summary>The options, or null when help was asked for. Throws <see cref="ArgumentException"/> on bad input.</summary>
    public static BenchmarkOptions? Parse(IReadOnlyList<string> args)
    {
        var options = new BenchmarkOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            options = name switch
            {
                "-h" or "--help" => null,
                "--engine" => options with { Engine = EngineName(Value()) },
                "--users" => options with { Users = Positive(name, Value()) },
                "--heavy-users" => options with { HeavyUsers = NonNegative(name, Value()) },
                "--transactions" => options with { TransactionsPerHeavyUser = NonNegative(name, Value()) },
                "--data-dir" => options with { DataDirectory = Path.GetFullPath(Value()) },
                "--mongodb-uri" => options with { MongoUri = Value() },
                "--database" => options with { Database = Value() },
                "--samples" => options with { Samples = Positive(name, Value()) },
                "--duration" => options with { Duration = TimeSpan.FromSeconds(Positive(name, Value())) },
                "--concurrency" => options with { Concurrency = Positive(name, Value()) },
                "--reuse" => options with { Reuse = true },
                "--sync" => options with { Sync = true },
                "--seed" => options with { Seed = NonNegative(name, Value()) },
                "--api-url" => options with { ApiUrl = AbsoluteUrl(name, Value()) },
                "--api-user" => options with { ApiUser = Value() },
                "--dashboard-url" => options with { DashboardUrl = AbsoluteUrl(name, Value()) },
                "--idp-url" => options with { IdentityProviderUrl = AbsoluteUrl(name, Value()) },
                _ => throw new ArgumentException($"Unknown option {name}."),
            };
            if (options is null)
            {
                return null;
            }
        }
        if (options.HeavyUsers > options.Users)
        {
            throw new ArgumentException($"--heavy-users ({options.HeavyUsers}) cannot exceed --users ({options.Users}).");
        }
        if (options.Engine == "mongodb" && string.IsNullOrWhiteSpace(options.MongoUri))
        {
            throw new ArgumentException("--engine mongodb needs --mongodb-uri or the MONGODB_URI environment variable.");
        }
        if (options.Engine == "mongodb" && options.Database == "open_finance")
        {
            throw new ArgumentException("The benchmark drops and refills its database; use a database other than the app's open_finance.");
        }
        return options;
    }

    private static string EngineName(string value) => value is "embedded" or "mongodb"
        ? value
        : throw new ArgumentException($"--engine must be embedded or mongodb, not '{value}'.");

    private static string AbsoluteUrl(string name, string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? value
            : throw new ArgumentException($"{name} must be an absolute http(s) address, not '{value}'.");

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new ArgumentException($"{name} must be a whole number above 0, not '{value}'.");

    private static int NonNegative(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new ArgumentException($"{name} must be a whole number, 0 or more, not '{value}'.");
}
