namespace LeafyBank.Tests.Web.EndToEnd;

/// <summary>
/// The real app with extra settings (store engine, bank host…), served on a real loopback port
/// by the test, its scheduler off (tests drive every sync) and every log line captured.
/// </summary>
public sealed class KestrelFactory(IReadOnlyDictionary<string, string> settings, DateTimeOffset? clockStart = null) : LeafyBankWebFactory(clockStart)
{
    public CapturedLogs Logs { get; } = new();

    /// <summary>Starts the server on <paramref name="port"/> (0: any free port) and returns its base address.</summary>
    public Uri Start(int port = 0)
    {
        UseKestrel(port);
        StartServer();
        var address = Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.TrimEnd('/') + "/");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        // The test drives every sync itself.
        builder.UseSetting(BankingServiceExtensions.SyncEnabledKey, "false");
        builder.UseSetting("Logging:LogLevel:Default", "Trace");
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }
}

/// <summary>Every log line the app writes, at every level, to check that no secret ever reaches one.</summary>
public sealed class CapturedLogs : Microsoft.Extensions.Logging.ILoggerProvider
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> lines = new();

    public string All => string.Join('\n', lines);

    public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => new Logger(lines);

    public void Dispose()
    {
    }

    private sealed class Logger(System.Collections.Concurrent.ConcurrentQueue<string> lines) : Microsoft.Extensions.Logging.ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state,
            Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(formatter(state, exception) + " " + exception);
    }
}
