namespace LeafyBank.Web.Extensions;

/// <summary>How the host reports a start-up it cannot complete: one line on stderr and exit code 1, no stack trace.</summary>
internal static class StartupFailure
{
    public const int ExitCode = 1;

    /// <summary>How long the store may take to answer at start-up (MongoDB's own server selection gives up after 8 s).</summary>
    public static readonly TimeSpan StoreTimeout = TimeSpan.FromSeconds(15);

    public static int Report(string what, string message)
    {
        Console.Error.WriteLine($"{what}: {message}");
        return ExitCode;
    }
}
