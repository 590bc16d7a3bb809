namespace LeafyBank.Tests.Web;

/// <summary>
/// Runs the built app (<c>LeafyBank.Web.dll</c>, copied next to the tests) as a child process,
/// to observe what an operator sees: the exit code and stderr; and other programs the tests run the same way.
/// </summary>
public static class AppProcess
{
    public sealed record Outcome(int ExitCode, string StandardOutput, string StandardError);

    /// <summary>How to start the built app with these arguments, isolated from the developer's own settings.</summary>
    public static ProcessStartInfo StartInfo(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "LeafyBank.Web.dll"), .. arguments])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The developer's own settings must not leak into the child.
        foreach (var key in new[] { "MONGODB_URI", "MONGODB_DATABASE", "LEAFYBANK_DATA_DIR", "OTEL_EXPORTER_OTLP_ENDPOINT", "ASPNETCORE_ENVIRONMENT",
                     "LEAFYBANK_OIDC_AUTHORITY", "LEAFYBANK_OIDC_CLIENT_ID", "LEAFYBANK_OIDC_CLIENT_SECRET", "LEAFYBANK_OIDC_SCOPES", "LEAFYBANK_DEV_IDP" })
        {
            start.Environment.Remove(key);
        }
        start.Environment["LEAFYBANK_DATA_DIR"] = Path.Combine(workingDirectory, "data");
        // The child runs as a published app does (Production), where the demo sign-in runs only when asked for by name.
        start.Environment["LEAFYBANK_DEV_IDP"] = "true";
        start.Environment["LEAFYBANK_DEV_IDP_URL"] = "http://127.0.0.1:0";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        return start;
    }

    public static Task<Outcome> RunAsync(
        string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, CancellationToken cancellationToken) =>
        RunAsync(StartInfo(workingDirectory, environment, "--urls", "http://127.0.0.1:0"), timeout, cancellationToken);

    /// <summary>Runs any program to its end (the app, a linter); one still running after <paramref name="timeout"/> is killed and fails the test.</summary>
    public static async Task<Outcome> RunAsync(ProcessStartInfo start, TimeSpan timeout, CancellationToken cancellationToken)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            Assert.Fail($"{start.FileName} {string.Join(' ', start.ArgumentList)} was still running after {timeout.TotalSeconds:0} s (it should have ended on its own). stderr: {await error}");
        }
        return new Outcome(process.ExitCode, await output, await error);
    }
}
