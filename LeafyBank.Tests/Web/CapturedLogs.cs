namespace LeafyBank.Tests.Web;

/// <summary>
/// Every log line written, at every level, with its level and category: to assert on what was
/// logged how, and that no secret ever reaches a line.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Line)> lines = new();

    public IReadOnlyList<(LogLevel Level, string Category, string Line)> Lines => [.. lines];

    /// <summary>Every line's text (message, then any exception), one per line.</summary>
    public string All => string.Join('\n', lines.Select(line => line.Line));

    public ILogger CreateLogger(string categoryName) => new Logger(lines, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<(LogLevel, string, string)> lines, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue((logLevel, category, formatter(state, exception) + " " + exception));
    }
}
