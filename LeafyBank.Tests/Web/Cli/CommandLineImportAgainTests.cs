using LeafyBank.Tests.Core.Interop;
using static LeafyBank.Tests.Core.Interop.TestData.ReferenceDemoSamples;

namespace LeafyBank.Tests.Web.Cli;

/// <summary><c>import</c> of an export the store has moved past: the report says which documents it kept, and why.</summary>
public sealed class CommandLineImportAgainTests
{
    private static readonly ObjectId Frida = ObjectId.Parse("65a546ae4a8f64e8f88fb89e");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Importing_an_export_older_than_the_stored_data_keeps_the_stored_data_and_the_report_names_it()
    {
        await using var test = await InteropTestStore.CreateAsync();
        var accounts = CommandLineRun.WriteFile(test, AccountsFileName, ExternalAccounts);
        var products = CommandLineRun.WriteFile(test, ProductsFileName, ExternalProducts);
        var tokens = CommandLineRun.WriteFile(test, TokensFileName, Tokens);
        Assert.Equal(CommandLine.Succeeded, (await CommandLineRun.StartAsync(test, "import", "--create-users", accounts, products, tokens)).ExitCode);
        var monday = Path.Combine(test.Directory, "monday");
        Assert.Equal(CommandLine.Succeeded, (await CommandLineRun.StartAsync(test, "export", monday)).ExitCode);
        // Tuesday: a sync reads a new balance for one account.
        test.Clock.Advance(TimeSpan.FromDays(1));
        var collection = test.Store.Collection(OpenFinanceCollections.ExternalAccounts);
        var account = Assert.Single(await collection.FindAsync(Frida, a => a.AccountId == "204515807", Cancel));
        account.AccountBalance = 9000m;
        account.Source = new DataSource { Origin = DataOrigins.BankApi, RetrievedAt = test.Clock.GetUtcNow().UtcDateTime };
        await collection.UpsertAsync(account, Cancel);
        test.Clock.Advance(TimeSpan.FromDays(1));

        var run = await CommandLineRun.StartAsync(test, "import", Path.Combine(monday, AccountsFileName));

        Assert.Equal(CommandLine.Succeeded, run.ExitCode);
        var kept = Assert.Single(run.Output.ReplaceLineEndings("\n").Split('\n'), line => line.Contains("204515807", StringComparison.Ordinal));
        Assert.Contains("kept", kept, StringComparison.Ordinal);
        Assert.Contains("newer", kept, StringComparison.Ordinal);
        Assert.Contains("Nothing changed.", run.Output, StringComparison.Ordinal);
        Assert.Equal(9000m, Assert.Single(await collection.FindAsync(Frida, a => a.AccountId == "204515807", Cancel)).AccountBalance);
    }
}
