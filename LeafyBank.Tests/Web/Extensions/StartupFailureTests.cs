namespace LeafyBank.Tests.Web.Extensions;

/// <summary>Start-up that cannot succeed ends fast with exit code 1 and one line naming the problem.</summary>
public sealed class StartupFailureTests : IDisposable
{
    // A hang guard only: a child .NET process on a loaded 2-core machine can take many seconds to start.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly TempDataDirectory workingDirectory = new();

    public void Dispose() => workingDirectory.Dispose();

    [Fact]
    public async Task Invalid_MongoDB_URI_stops_startup_naming_the_setting()
    {
        var outcome = await AppProcess.RunAsync(workingDirectory.Path,
            new Dictionary<string, string> { ["MONGODB_URI"] = "not-a-uri" }, Patience, Xunit.TestContext.Current.CancellationToken);

        Assert.Equal(1, outcome.ExitCode);
        Assert.StartsWith("Configuration error: ", outcome.StandardError, StringComparison.Ordinal);
        Assert.Contains("MONGODB_URI", outcome.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", outcome.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_MongoDB_stops_startup_naming_the_host_instead_of_falling_back()
    {
        var outcome = await AppProcess.RunAsync(workingDirectory.Path,
            new Dictionary<string, string> { ["MONGODB_URI"] = "mongodb://127.0.0.1:9/" }, Patience, Xunit.TestContext.Current.CancellationToken);

        Assert.Equal(1, outcome.ExitCode);
        Assert.StartsWith("Store unavailable: ", outcome.StandardError, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:9", outcome.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", outcome.StandardError, StringComparison.Ordinal);
        // The store gives up on its own short server-selection budget, not the driver's 30 s default.
        // (Wall-clock time of the whole child process is not asserted: on a loaded 2-core CI machine
        // process start-up alone varies by seconds; RunAsync's Patience still fails a hang.)
        Assert.Contains("no server answered within 8 s", outcome.StandardError, StringComparison.Ordinal);
        // Never silently on the embedded store instead.
        Assert.False(File.Exists(Path.Combine(workingDirectory.Path, "data", "leafybank.db")));
    }

    [Fact]
    public async Task Settings_in_a_dotenv_file_are_read_from_the_working_directory()
    {
        await File.WriteAllTextAsync(Path.Combine(workingDirectory.Path, ".env"), "MONGODB_URI=not-a-uri\n",
            Xunit.TestContext.Current.CancellationToken);

        var outcome = await AppProcess.RunAsync(workingDirectory.Path,
            new Dictionary<string, string>(), Patience, Xunit.TestContext.Current.CancellationToken);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("MONGODB_URI", outcome.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Real_environment_variables_win_over_the_dotenv_file()
    {
        await File.WriteAllTextAsync(Path.Combine(workingDirectory.Path, ".env"), "MONGODB_DATABASE=open_finance\n",
            Xunit.TestContext.Current.CancellationToken);

        var outcome = await AppProcess.RunAsync(workingDirectory.Path,
            new Dictionary<string, string> { ["MONGODB_DATABASE"] = "bad.name" }, Patience, Xunit.TestContext.Current.CancellationToken);

        // Had .env overwritten the variable, the app would have started on a valid name.
        Assert.Equal(1, outcome.ExitCode);
        Assert.StartsWith("Configuration error: ", outcome.StandardError, StringComparison.Ordinal);
        Assert.Contains("MONGODB_DATABASE 'bad.name'", outcome.StandardError, StringComparison.Ordinal);
    }
}
