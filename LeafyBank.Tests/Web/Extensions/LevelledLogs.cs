namespace LeafyBank.Tests.Web.Extensions;

/// <summary>Every log line with its level and category, to assert on what was logged how.</summary>
public sealed class LevelledLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Line)> lines = new();

    public IReadOnlyList<(LogLevel Level, string Category, string Line)> Lines => [.. lines];

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
