using LeafyBank.Tests.Web.Cli;
using static LeafyBank.Tests.Core.Interop.TestData.ReferenceDemoSamples;

namespace LeafyBank.Tests.Core.Interop;

/// <summary>An import never gives someone an account by accident: unknown users are created only on request.</summary>
public sealed class UnknownUserImportTests
{
    /// <summary>Frida's account (known) and, in document 2 from line 11, one of mallory's (unknown to the store).</summary>
    private const string FridaAndMallory = """
        [{
          "AccountId": "100000001",
          "AccountBank": "Green Bank",
          "AccountStatus": "Active",
          "AccountDate": { "OpeningDate": { "$date": "2024-03-17T02:01:24.699Z" } },
          "AccountType": "Savings",
          "AccountBalance": 7825,
          "AccountCurrency": "USD",
          "AccountUser": { "UserName": "fridaklo", "UserId": { "$oid": "65a546ae4a8f64e8f88fb89e" } }
        },
        {
          "AccountId": "100000666",
          "AccountBank": "Green Bank",
          "AccountStatus": "Active",
          "AccountDate": { "OpeningDate": { "$date": "2023-01-01T00:00:00.000Z" } },
          "AccountType": "Checking",
          "AccountBalance": 1234,
          "AccountCurrency": "USD",
          "AccountUser": { "UserName": "mallory", "UserId": { "$oid": "6a0000000000000000000666" } }
        }]
        """;

    [Fact]
    public async Task An_unknown_user_is_refused_naming_file_document_line_and_user_and_the_option_that_allows_it()
    {
        await using var test = await InteropTestStore.CreateAsync();
        var before = await test.CountsAsync();
        var path = CommandLineRun.WriteFile(test, AccountsFileName, FridaAndMallory);

        var run = await CommandLineRun.StartAsync(test, "import", path);

        Assert.Equal(CommandLine.Failed, run.ExitCode);
        Assert.Equal(
            $"{path}, document 2 (line 11): user \"mallory\" (AccountUser) is not known to this store. " +
            "Pass --create-users if the import is meant to create them; otherwise correct the user name. Nothing was imported.",
            Assert.Single(run.ErrorLines));
        Assert.Empty(run.Output);
        Assert.Equal(before, await test.CountsAsync());
    }

    [Fact]
    public async Task With_create_users_the_unknown_user_is_created_with_the_documents_id_and_owns_the_account()
    {
        await using var test = await InteropTestStore.CreateAsync();
        var before = await test.CountsAsync();
        var path = CommandLineRun.WriteFile(test, AccountsFileName, FridaAndMallory);

        var run = await CommandLineRun.StartAsync(test, "import", "--create-users", path);

        Assert.Equal((CommandLine.Succeeded, ""), (run.ExitCode, run.Error));
        Assert.Contains("New users created: mallory.", run.Output, StringComparison.Ordinal);
        var after = await test.CountsAsync();
        Assert.Equal((before.Users + 1, before.Accounts + 2), (after.Users, after.Accounts));
        var mallory = await test.Store.Collection(OpenFinanceCollections.Users)
            .FindByKeyAsync(["mallory"], Xunit.TestContext.Current.CancellationToken);
        Assert.Equal(MongoDB.Bson.ObjectId.Parse("6a0000000000000000000666"), mallory?.Id);
        Assert.Equal(1234m, (await test.PositionOfAsync("mallory")).TotalBalance);
    }

    [Fact]
    public async Task The_reference_demo_names_a_user_who_is_no_persona_so_its_import_needs_create_users()
    {
        await using var test = await InteropTestStore.CreateAsync();
        var before = await test.CountsAsync();
        var accounts = CommandLineRun.WriteFile(test, AccountsFileName, ExternalAccounts);
        var tokens = CommandLineRun.WriteFile(test, TokensFileName, Tokens);

        var refused = await CommandLineRun.StartAsync(test, "import", accounts, tokens);
        var countsAfterRefusal = await test.CountsAsync();
        var created = await CommandLineRun.StartAsync(test, "import", "--create-users", accounts, tokens);

        Assert.Equal(CommandLine.Failed, refused.ExitCode);
        var line = Assert.Single(refused.ErrorLines);
        Assert.StartsWith($"{tokens}, document 2 (line ", line, StringComparison.Ordinal);
        Assert.Contains("user \"api_user_cc8580a5\" (UserName) is not known to this store. Pass --create-users", line, StringComparison.Ordinal);
        Assert.Equal(before, countsAfterRefusal);
        Assert.Equal(CommandLine.Succeeded, created.ExitCode);
        Assert.Contains("New users created: api_user_cc8580a5.", created.Output, StringComparison.Ordinal);
    }
}
