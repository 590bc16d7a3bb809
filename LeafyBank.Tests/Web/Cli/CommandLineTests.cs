using LeafyBank.Tests.Browser;
using LeafyBank.Tests.Core.Interop;
using static LeafyBank.Tests.Core.Interop.TestData.ReferenceDemoSamples;

namespace LeafyBank.Tests.Web.Cli;

public sealed class CommandLineTests
{
    private static Task<CommandLineRun> RunAsync(InteropTestStore test, params string[] args) => CommandLineRun.StartAsync(test, args);

    private static string WriteFile(InteropTestStore test, string name, string content) => CommandLineRun.WriteFile(test, name, content);

    [Fact]
    public async Task Position_of_an_unknown_user_exits_1_and_lists_the_known_users()
    {
        await using var test = await InteropTestStore.CreateAsync();

        var run = await RunAsync(test, "position", "nosuchuser");

        Assert.Equal(CommandLine.Failed, run.ExitCode);
        Assert.Contains("No user named 'nosuchuser'. Known users: adalove, claumon, fridaklo, gracehop.", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task An_unknown_user_in_a_large_store_is_answered_with_the_ten_closest_names_and_how_many_more_there_are()
    {
        await using var test = await InteropTestStore.CreateAsync();
        var users = test.Store.Collection(OpenFinanceCollections.Users);
        for (var index = 0; index < 30; index++)
        {
            await users.UpsertAsync(new LeafyUser { Id = ObjectId.GenerateNewId(), UserName = $"customer{index:D2}", CreatedAt = test.Clock.GetUtcNow().UtcDateTime }, Cancel);
        }

        var position = await RunAsync(test, "position", "fridaklp");
        var link = await RunAsync(test, "link-identity", "gracehopp", "https://login.example/", "someone");

        foreach (var (run, closest) in new[] { (position, "fridaklo"), (link, "gracehop") })
        {
            Assert.Equal(CommandLine.Failed, run.ExitCode);
            var line = Assert.Single(run.ErrorLines);
            var listed = Regex.Match(line, @": (?<names>[a-z0-9, ]+); 24 more").Groups["names"].Value.Split(", ");
            Assert.True(listed.Length == 10, line);
            Assert.Equal(closest, listed[0]);
        }
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
    [InlineData("link-identity", "fridaklo", "https://login.example/")]
    [InlineData("link-identity", "fridaklo", "https://login.example/", "subject", "extra")]
    [InlineData("unlink-identity", "https://login.example/")]
    [InlineData("unlink-identity", "--all")]
    public async Task Wrong_usage_exits_2_and_shows_the_usage(params string[] args)
    {
        await using var test = await InteropTestStore.CreateAsync();

        var run = await RunAsync(test, args);

        Assert.Equal(CommandLine.UsageError, run.ExitCode);
        Assert.Contains("Usage: dotnet run --project LeafyBank.Web -- <command>", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Link_identity_lets_a_customer_sign_in_as_that_identity_and_unlink_identity_removes_it_and_ends_the_customers_sessions()
    {
        const string Issuer = "https://login.example/";
        await using var test = await InteropTestStore.CreateAsync();
        var frida = (await test.Store.Collection(OpenFinanceCollections.Users).FindByKeyAsync(["fridaklo"], Cancel))!;
        var sessions = new LeafyBank.Core.Security.Sessions.CustomerSessions(test.Store, LeafyBank.Core.Security.Sessions.SessionLifetime.Default, test.Clock);
        await sessions.StartAsync(LeafyBank.Core.Security.Sessions.CustomerSessions.NewKey(frida.Id), "ticket", Cancel);
        var identities = new CustomerIdentities(test.Store, test.Clock, NullLogger<CustomerIdentities>.Instance);

        var link = await RunAsync(test, "link-identity", "fridaklo", Issuer, "frida-subject");
        var again = await RunAsync(test, "link-identity", "fridaklo", Issuer, "frida-subject");
        var second = await RunAsync(test, "link-identity", "fridaklo", Issuer, "other-subject");
        var taken = await RunAsync(test, "link-identity", "gracehop", Issuer, "frida-subject");
        var unknown = await RunAsync(test, "link-identity", "nosuchuser", Issuer, "someone");

        Assert.Equal((CommandLine.Succeeded, $"fridaklo can now sign in as subject frida-subject at {Issuer}."), (link.ExitCode, link.Output.Trim()));
        Assert.Equal("fridaklo", (await identities.ResolveAsync(Issuer, "frida-subject", "anything", Cancel))?.UserName);
        Assert.Equal(CommandLine.Succeeded, again.ExitCode);
        Assert.Contains("already linked", again.Output, StringComparison.Ordinal);
        Assert.Equal(CommandLine.Failed, second.ExitCode);
        Assert.Contains("fridaklo is already linked to another identity", second.Error, StringComparison.Ordinal);
        Assert.Equal(CommandLine.Failed, taken.ExitCode);
        Assert.Contains($"unlink-identity {Issuer} frida-subject", taken.Error, StringComparison.Ordinal);
        Assert.Equal(CommandLine.Failed, unknown.ExitCode);
        Assert.Contains("No customer named 'nosuchuser'; nothing was linked. Known customers: adalove, claumon, fridaklo, gracehop.", unknown.Error, StringComparison.Ordinal);

        var unlink = await RunAsync(test, "unlink-identity", Issuer, "frida-subject");
        var unlinkAgain = await RunAsync(test, "unlink-identity", Issuer, "frida-subject");

        Assert.Equal(CommandLine.Succeeded, unlink.ExitCode);
        Assert.Contains("no longer signs in as fridaklo; 1 sign-in session(s) of fridaklo ended.", unlink.Output, StringComparison.Ordinal);
        Assert.Null(await identities.ResolveAsync(Issuer, "frida-subject", "fridaklo", Cancel));
        Assert.Equal(0, await test.Store.Collection(OpenFinanceCollections.Sessions).CountAsync(Cancel));
        Assert.Equal(CommandLine.Failed, unlinkAgain.ExitCode);
        Assert.Contains("is not linked to any customer; nothing changed.", unlinkAgain.Error, StringComparison.Ordinal);
    }

    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

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

        var import = await RunAsync(test, "import", "--create-users", accounts, products, tokens);
        // The user created by the first run is known now: the same files need no option.
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
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith($"{bad}, document 7 (line ", line, StringComparison.Ordinal);
        Assert.Contains("AccountBalance must be a number but is a string (\"4366\").", line, StringComparison.Ordinal);
        Assert.EndsWith("Nothing was imported.", line, StringComparison.Ordinal);
        Assert.Empty(run.Output);
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
    public void The_readme_import_section_states_the_limits_the_import_enforces()
    {
        var readme = File.ReadAllText(Path.Combine(Browser.BrowserTest.RepositoryRoot(), "README.md")).ReplaceLineEndings("\n");
        var start = readme.IndexOf("\n## Command line\n", StringComparison.Ordinal);
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = readme[start..end];

        Assert.All(ImportLimits.Describe(), limit => Assert.Contains("\n- " + limit + "\n", section, StringComparison.Ordinal));
        Assert.Contains("--create-users", section, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_exits_0()
    {
        await using var test = await InteropTestStore.CreateAsync();

        var run = await RunAsync(test, "help");

        Assert.Equal((CommandLine.Succeeded, ""), (run.ExitCode, run.Error));
        Assert.Contains("import [--collection NAME] [--create-users] FILE...", run.Output, StringComparison.Ordinal);
        Assert.All(ImportLimits.Describe(), limit => Assert.Contains(limit, run.Output, StringComparison.Ordinal));
    }
}
