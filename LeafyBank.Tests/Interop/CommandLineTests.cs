using System.Text.Json;
using LeafyBank.Web.Cli;
using static LeafyBank.Tests.Interop.TestData.ReferenceDemoSamples;

namespace LeafyBank.Tests.Interop;

public sealed class CommandLineTests
{
    private sealed record Run(int ExitCode, string Output, string Error);

    private static async Task<Run> RunAsync(InteropTestStore test, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CommandLine.RunAsync(args, test.Services, output, error, Xunit.TestContext.Current.CancellationToken);
        return new Run(exitCode, output.ToString(), error.ToString());
    }

    private static string WriteFile(InteropTestStore test, string name, string content)
    {
        var path = Path.Combine(test.Directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task Position_of_an_unknown_user_exits_1_and_lists_the_known_users()
    {
        await using var test = await InteropTestStore.CreateAsync();

        var run = await RunAsync(test, "position", "nosuchuser");

        Assert.Equal(CommandLine.Failed, run.ExitCode);
        Assert.Contains("No user named 'nosuchuser'. Known users: adalove, claumon, fridaklo, gracehop.", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Theory]
    [InlineData("import")]
    [InlineData("import", "--collection")]
    [InlineData("import", "--collection", "users", "x.json")]
    [InlineData("import", "--frobnicate", "x.json")]
    [InlineData("export")]
    [InlineData("export", "a", "b")]
    [InlineData("position")]
    [InlineData("position", "fridaklo", "gracehop")]
    [InlineData("launch")]
    public async Task Wrong_usage_exits_2_and_shows_the_usage(params string[] args)
    {
        await using var test = await InteropTestStore.CreateAsync();

        var run = await RunAsync(test, args);

        Assert.Equal(CommandLine.UsageError, run.ExitCode);
        Assert.Contains("Usage: dotnet run --project LeafyBank.Web -- <command>", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_command_words_are_commands_so_host_arguments_still_start_the_web_app()
    {
        Assert.True(CommandLine.IsCommand(["import", "a.json"]));
        Assert.True(CommandLine.IsCommand(["help"]));
        Assert.False(CommandLine.IsCommand([]));
        Assert.False(CommandLine.IsCommand(["--urls", "http://localhost:5000"]));
    }

    [Fact]
    public async Task Import_then_position_prints_the_position_as_json()
    {
        await using var test = await InteropTestStore.CreateAsync();
        var accounts = WriteFile(test, AccountsFileName, ExternalAccounts);
        var products = WriteFile(test, ProductsFileName, ExternalProducts);
        var tokens = WriteFile(test, TokensFileName, Tokens);

        var import = await RunAsync(test, "import", accounts, products, tokens);
        var again = await RunAsync(test, "import", accounts, products, tokens);
        var position = await RunAsync(test, "position", "fridaklo");

        Assert.Equal(CommandLine.Succeeded, import.ExitCode);
        Assert.Contains($"{accounts} -> external_accounts: 12 inserted, 0 updated, 0 unchanged.", import.Output, StringComparison.Ordinal);
        Assert.Contains("New users created: api_user_cc8580a5.", import.Output, StringComparison.Ordinal);
        Assert.Equal(CommandLine.Succeeded, again.ExitCode);
        Assert.Contains("Nothing changed.", again.Output, StringComparison.Ordinal);
        Assert.Equal(CommandLine.Succeeded, position.ExitCode);
        using var json = JsonDocument.Parse(position.Output);
        Assert.Equal(-24403m, json.RootElement.GetProperty("NetWorth").GetDecimal());
    }

    [Fact]
    public async Task A_rejected_import_exits_1_names_the_file_and_position_and_writes_nothing()
    {
        await using var test = await InteropTestStore.CreateAsync();
        var before = await test.CountsAsync();
        var good = WriteFile(test, ProductsFileName, ExternalProducts);
        var bad = WriteFile(test, AccountsFileName, ExternalAccounts.Replace("\"AccountBalance\": 4366,", "\"AccountBalance\": \"4366\",", StringComparison.Ordinal));

        var run = await RunAsync(test, "import", good, bad);

        Assert.Equal(CommandLine.Failed, run.ExitCode);
        Assert.Contains("Nothing was written.", run.Error, StringComparison.Ordinal);
        Assert.Contains($"{bad}, document 7 (line ", run.Error, StringComparison.Ordinal);
        Assert.Contains("AccountBalance must be a number", run.Error, StringComparison.Ordinal);
        Assert.Equal(before, await test.CountsAsync());
    }

    [Fact]
    public async Task A_missing_file_exits_1_before_anything_is_read()
    {
        await using var test = await InteropTestStore.CreateAsync();

        var run = await RunAsync(test, "import", Path.Combine(test.Directory, "nope.json"));

        Assert.Equal(CommandLine.Failed, run.ExitCode);
        Assert.Contains("Not found:", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_writes_the_files_and_says_how_to_load_them_into_mongodb()
    {
        await using var test = await InteropTestStore.CreateAsync();
        var directory = Path.Combine(test.Directory, "out");

        var run = await RunAsync(test, "export", directory);

        Assert.Equal(CommandLine.Succeeded, run.ExitCode);
        Assert.True(File.Exists(Path.Combine(directory, "open_finance.users.json")));
        Assert.False(File.Exists(Path.Combine(directory, "open_finance.data_protection_keys.json")));
        Assert.Contains("--include-keys", run.Output, StringComparison.Ordinal);
        Assert.Contains("mongoimport", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_exits_0()
    {
        await using var test = await InteropTestStore.CreateAsync();

        var run = await RunAsync(test, "help");

        Assert.Equal((CommandLine.Succeeded, ""), (run.ExitCode, run.Error));
        Assert.Contains("import [--collection NAME] FILE...", run.Output, StringComparison.Ordinal);
    }
}
