using LeafyBank.Tests.Core.Interop;

namespace LeafyBank.Tests.Web.Cli;

/// <summary>One run of a command through the CLI entry point, with what it printed.</summary>
internal sealed record CommandLineRun(int ExitCode, string Output, string Error)
{
    /// <summary>The lines written to stderr (a trailing newline ends the last one, it does not start another).</summary>
    public IReadOnlyList<string> ErrorLines => Error.ReplaceLineEndings("\n").TrimEnd('\n') is { Length: > 0 } text ? text.Split('\n') : [];

    public static async Task<CommandLineRun> StartAsync(InteropTestStore test, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CommandLine.RunAsync(args, test.Services, output, error, Xunit.TestContext.Current.CancellationToken);
        return new CommandLineRun(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Writes a file into the test's directory and returns its path.</summary>
    public static string WriteFile(InteropTestStore test, string name, string content) =>
        WriteFile(test, name, System.Text.Encoding.UTF8.GetBytes(content));

    public static string WriteFile(InteropTestStore test, string name, byte[] content)
    {
        var path = Path.Combine(test.Directory, name);
        File.WriteAllBytes(path, content);
        return path;
    }
}
