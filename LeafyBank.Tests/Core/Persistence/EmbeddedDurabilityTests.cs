using Microsoft.Data.Sqlite;

namespace LeafyBank.Tests.Core.Persistence;

/// <summary>
/// The embedded store survives a killed process: the app is killed (SIGKILL) in the middle of a
/// long import running in another process, the database is intact, what was committed is there,
/// and running the same import again completes it without duplicates.
/// </summary>
public sealed class EmbeddedDurabilityTests : IDisposable
{
    private const int Accounts = 4000;
    private readonly string workingDirectory = Path.Combine(Path.GetTempPath(), "leafybank-kill-" + Guid.NewGuid().ToString("N"));

    private string DataDirectory => Path.Combine(workingDirectory, "data");

    [Fact]
    public async Task Killing_the_process_mid_import_leaves_an_intact_store_that_the_same_import_completes()
    {
        var cancel = Xunit.TestContext.Current.CancellationToken;
        Directory.CreateDirectory(workingDirectory);
        var file = Path.Combine(workingDirectory, "open_finance.external_accounts.json");
        await File.WriteAllTextAsync(file, ManyAccounts(), cancel);

        using (var doomed = StartImport(file))
        {
            // Wait until the import is visibly writing (a second process reading the same file), then kill it.
            var watch = Stopwatch.StartNew();
            long written = 0;
            while (written == 0 && watch.Elapsed < TimeSpan.FromSeconds(60) && !doomed.HasExited)
            {
                await Task.Delay(50, cancel);
                written = await CountAsync();
            }
            Assert.False(doomed.HasExited, "the import finished before it could be killed; make it longer");
            doomed.Kill(entireProcessTree: true);
            await doomed.WaitForExitAsync(cancel);
        }

        var afterKill = await CountAsync();
        Assert.InRange(afterKill, 1, Accounts - 1);
        Assert.Equal("ok", await IntegrityCheckAsync());

        using (var rerun = StartImport(file))
        {
            await rerun.WaitForExitAsync(cancel);
            Assert.True(rerun.ExitCode == 0, await rerun.StandardError.ReadToEndAsync(cancel));
        }
        Assert.Equal(Accounts, await CountAsync());
    }

    private Process StartImport(string file)
    {
        var start = LeafyBank.Tests.Web.AppProcess.StartInfo(workingDirectory, new Dictionary<string, string>(), "import", file);
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        // Drain the pipes so the child never blocks on a full buffer.
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        return process;
    }

    private async Task<long> CountAsync()
    {
        if (!File.Exists(Path.Combine(DataDirectory, SqliteDocumentStore.DatabaseFileName)))
        {
            return 0;
        }
        await using var store = new SqliteDocumentStore(DataDirectory);
        try
        {
            return await store.Collection(OpenFinanceCollections.ExternalAccounts).CountAsync();
        }
        catch (SqliteException)
        {
            // The table may not exist yet while the other process starts.
            return 0;
        }
    }

    private async Task<string> IntegrityCheckAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(DataDirectory, SqliteDocumentStore.DatabaseFileName)};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static string ManyAccounts()
    {
        var lines = new StringBuilder();
        for (var i = 0; i < Accounts; i++)
        {
            lines.Append(CultureInfo.InvariantCulture, $$"""
                { "AccountNumber": "{{100000000 + i}}", "AccountBank": "Green Bank", "AccountStatus": "Active", "AccountType": "Savings", "AccountBalance": {{1000 + i}}, "AccountCurrency": "USD", "AccountDate": { "OpeningDate": { "$date": "2024-03-17T02:01:24.699Z" } }, "AccountUser": { "UserName": "fridaklo", "UserId": { "$oid": "65a546ae4a8f64e8f88fb89e" } } }
                """).Append('\n');
        }
        return lines.ToString();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(workingDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
