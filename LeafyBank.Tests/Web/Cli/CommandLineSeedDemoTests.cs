using LeafyBank.Tests.Core.Interop;

namespace LeafyBank.Tests.Web.Cli;

/// <summary><c>seed-demo</c> run in process on a fresh embedded store, then read back through the analyst's report.</summary>
public sealed class CommandLineSeedDemoTests
{
    private const int Minimum = AnalyticsSettings.DefaultMinimumCustomers;

    private static Task<CommandLineRun> RunAsync(InteropTestStore test, params string[] args) => CommandLineRun.StartAsync(test, args);

    private static Task<AnalyticsReport> ReportAsync(InteropTestStore test) =>
        new CrossCustomerAnalytics(IAnalyticsQuery.For(test.Store), ExchangeRates.Default, new AnalyticsSettings(Minimum), test.Clock)
            .GetReportAsync(Xunit.TestContext.Current.CancellationToken);

    [Fact]
    public async Task Seed_demo_with_a_small_population_gives_the_analyst_figures_instead_of_hidden_cells()
    {
        await using var test = await InteropTestStore.CreateAsync();
        Assert.True((await ReportAsync(test)).IsEmpty);

        var run = await RunAsync(test, "seed-demo", "--customers", "120");

        Assert.Equal(CommandLine.Succeeded, run.ExitCode);
        Assert.Contains("Added 120 demo customers", run.Output, StringComparison.Ordinal);
        var report = await ReportAsync(test);
        Assert.Equal(120, report.Customers.Customers);
        Assert.False(report.TotalDeposits.IsSuppressed);
        Assert.True(report.TotalDeposits.Amount > 0m);
        Assert.False(report.TotalDebt.IsSuppressed);
        Assert.Equal(["Donau Bank", "Green Bank", "MongoDB Bank", "Thames Bank"], report.Banks.Select(b => b.Bank).Order(StringComparer.Ordinal));
        Assert.All(report.Banks, bank =>
        {
            Assert.False(bank.Customers.IsSuppressed, bank.Bank);
            Assert.False(bank.Deposits.IsSuppressed, bank.Bank);
            Assert.False(bank.Debt.IsSuppressed, bank.Bank);
        });
        // The consents make the connection-health table a table of figures too, under the directory's bank ids.
        Assert.Equal(["donaubank", "greenbank", "mongodbbank", "thamesbank"], report.Connections.Select(c => c.Bank).Order(StringComparer.Ordinal));
        Assert.All(report.Connections, bank =>
        {
            Assert.False(bank.Connections.IsSuppressed, bank.Bank);
            Assert.False(bank.Active.IsSuppressed, bank.Bank);
        });
        var allBanks = Assert.Single(report.Green, g => g.Bank is null);
        Assert.NotNull(allBanks.DepositShare);
    }

    [Fact]
    public async Task Seed_demo_run_again_with_the_same_size_changes_nothing_and_another_size_is_refused_with_what_to_do()
    {
        await using var test = await InteropTestStore.CreateAsync();
        Assert.Equal(CommandLine.Succeeded, (await RunAsync(test, "seed-demo", "--customers=12")).ExitCode);
        var accounts = await CountAsync(test, OpenFinanceCollections.ExternalAccounts);

        var again = await RunAsync(test, "seed-demo", "--customers", "12");
        var bigger = await RunAsync(test, "seed-demo", "--customers", "20");

        Assert.Equal(CommandLine.Succeeded, again.ExitCode);
        Assert.Contains("already in the store; nothing changed", again.Output, StringComparison.Ordinal);
        Assert.Equal(CommandLine.Failed, bigger.ExitCode);
        Assert.Contains("nothing was added", bigger.Error, StringComparison.Ordinal);
        Assert.Contains("start from an empty store", bigger.Error, StringComparison.Ordinal);
        Assert.Equal(accounts, await CountAsync(test, OpenFinanceCollections.ExternalAccounts));
        Assert.Equal(12, (await ReportAsync(test)).Customers.Customers);
    }

    [Theory]
    [InlineData("consents")]
    [InlineData("external_transactions")]
    [InlineData("users")]
    public async Task A_seed_demo_the_store_interrupted_is_not_reported_complete_by_the_next_run(string interruptedAt)
    {
        await using var test = await InteropTestStore.CreateAsync();
        Assert.Equal(CommandLine.Failed, await SeedInterruptedAtAsync(test, interruptedAt, customers: 12));

        var again = await RunAsync(test, "seed-demo", "--customers", "12");

        Assert.DoesNotContain("already in the store", again.Output, StringComparison.Ordinal);
        Assert.Equal(CommandLine.Failed, again.ExitCode);
        Assert.Contains("stopped part-way", again.Error, StringComparison.Ordinal);
        Assert.Contains("start from an empty store", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_seed_demo_interrupted_before_it_wrote_anything_can_simply_be_run_again()
    {
        await using var test = await InteropTestStore.CreateAsync();
        Assert.Equal(CommandLine.Failed, await SeedInterruptedAtAsync(test, OpenFinanceCollections.InternalAccounts.CollectionName, customers: 12));

        var again = await RunAsync(test, "seed-demo", "--customers", "12");

        Assert.Equal(CommandLine.Succeeded, again.ExitCode);
        Assert.Contains("Added 12 demo customers", again.Output, StringComparison.Ordinal);
        Assert.Equal(12, (await ReportAsync(test)).Customers.Customers);
    }

    /// <summary>seed-demo on a store that stops answering at the first write to <paramref name="collection"/>; its exit code.</summary>
    private static async Task<int> SeedInterruptedAtAsync(InteropTestStore test, string collection, int customers)
    {
        await using var services = new ServiceCollection()
            .AddSingleton<IDocumentStore>(new FaultyStore(test.Store).FailWritesTo(collection))
            .AddSingleton<TimeProvider>(test.Clock)
            .BuildServiceProvider();
        using var output = new StringWriter();
        using var error = new StringWriter();
        return await CommandLine.RunAsync(["seed-demo", "--customers", customers.ToString(CultureInfo.InvariantCulture)], services, output, error,
            TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData("seed-demo", "--customers")]
    [InlineData("seed-demo", "--customers", "0")]
    [InlineData("seed-demo", "--customers", "many")]
    [InlineData("seed-demo", "--customers", "100001")]
    [InlineData("seed-demo", "60")]
    public async Task Seed_demo_with_a_wrong_size_exits_2_says_why_and_writes_nothing(params string[] args)
    {
        await using var test = await InteropTestStore.CreateAsync();

        var run = await RunAsync(test, args);

        Assert.Equal(CommandLine.UsageError, run.ExitCode);
        Assert.Contains("seed-demo [--customers N]", run.Error, StringComparison.Ordinal);
        Assert.Equal(0L, await CountAsync(test, OpenFinanceCollections.ExternalAccounts));
    }

    [Fact]
    public async Task Help_lists_seed_demo()
    {
        await using var test = await InteropTestStore.CreateAsync();

        var run = await RunAsync(test, "help");

        Assert.Contains("seed-demo [--customers N]", run.Output, StringComparison.Ordinal);
        Assert.True(CommandLine.IsCommand(["seed-demo"]));
    }

    private static Task<long> CountAsync<TDocument>(InteropTestStore test, DocumentKind<TDocument> kind) where TDocument : class =>
        test.Store.Collection(kind).CountAsync(Xunit.TestContext.Current.CancellationToken);
}
