namespace LeafyBank.Tests.Core.Banking;

/// <summary>
/// A bank directory that stays down is refreshed every 30 seconds: the log gets its stack trace
/// once, then one line per failed read, and one line when it answers again.
/// </summary>
public sealed class DirectoryOutageLogTests
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private static readonly Uri DirectoryUrl = new("http://directory.test/sandbox/banks");

    private const string Category = "LeafyBank.Core.Banking.HttpBankDirectory";

    private readonly FakeTimeProvider clock = TestTime.Frozen();
    private readonly CapturedLogs logs = new();
    private readonly SwitchableDirectory server = new();

    private HttpBankDirectory Directory()
    {
        var loggers = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        return new HttpBankDirectory(new OneClientFactory(server), new BankDirectoryLocation(() => DirectoryUrl), clock, loggers.CreateLogger<HttpBankDirectory>());
    }

    private IReadOnlyList<(LogLevel Level, string Line)> DirectoryLines() =>
        [.. logs.Lines.Where(line => line.Category == Category).Select(line => (line.Level, line.Line))];

    [Fact]
    public async Task The_first_failure_is_logged_with_its_exception_the_next_ones_in_one_line_and_the_recovery_once()
    {
        var directory = Directory();
        await directory.RefreshAsync(Cancel);
        Assert.Empty(DirectoryLines());

        server.Down = true;
        var downAt = clock.GetUtcNow();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await Assert.ThrowsAsync<BankApiException>(() => directory.RefreshAsync(Cancel));
            clock.Advance(BankWarmUp.RetryEvery);
        }

        var outage = DirectoryLines();
        Assert.Equal(3, outage.Count);
        Assert.All(outage, line => Assert.Equal(LogLevel.Warning, line.Level));
        // The first with its exception (CapturedLogs appends it: type, message and stack)…
        Assert.Contains($"The bank directory at {DirectoryUrl} could not be read", outage[0].Line, StringComparison.Ordinal);
        Assert.Contains(nameof(HttpRequestException), outage[0].Line, StringComparison.Ordinal);
        // …the next ones one line each, with when it went down and how often it failed, and no exception.
        Assert.Contains($"still unreadable (down since {downAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z, 2 failed reads", outage[1].Line, StringComparison.Ordinal);
        Assert.Contains("3 failed reads", outage[2].Line, StringComparison.Ordinal);
        Assert.All(outage.Skip(1), line =>
        {
            Assert.DoesNotContain(nameof(HttpRequestException), line.Line, StringComparison.Ordinal);
            Assert.DoesNotContain("\n", line.Line.Trim(), StringComparison.Ordinal);
        });

        server.Down = false;
        await directory.RefreshAsync(Cancel);
        await directory.RefreshAsync(Cancel);

        var after = DirectoryLines().Skip(3).ToList();
        var back = Assert.Single(after);
        Assert.Equal(LogLevel.Information, back.Level);
        Assert.Contains($"The bank directory at {DirectoryUrl} answers again after 00:01:30 (3 failed reads)", back.Line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_outage_is_logged_with_its_exception_again()
    {
        var directory = Directory();
        server.Down = true;
        await Assert.ThrowsAsync<BankApiException>(() => directory.RefreshAsync(Cancel));
        server.Down = false;
        await directory.RefreshAsync(Cancel);
        server.Down = true;

        await Assert.ThrowsAsync<BankApiException>(() => directory.RefreshAsync(Cancel));

        var lines = DirectoryLines();
        Assert.Equal([LogLevel.Warning, LogLevel.Information, LogLevel.Warning], lines.Select(line => line.Level));
        Assert.Contains("could not be read", lines[2].Line, StringComparison.Ordinal);
        Assert.Contains(nameof(HttpRequestException), lines[2].Line, StringComparison.Ordinal);
    }

    /// <summary>The directory's HTTP answer: one bank, or a refused connection while it is down.</summary>
    private sealed class SwitchableDirectory : HttpMessageHandler
    {
        public volatile bool Down;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Down)
            {
                throw new HttpRequestException("Connection refused (directory.test:80)");
            }
            var banks = new[] { new BankDirectoryEntry("greenbank", "Green Bank", BankDialects.GreenBank, new Uri("http://bank.test/g"), new Uri("http://bank.test/g/api")) };
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = JsonContent.Create(banks) });
        }
    }

    private sealed class OneClientFactory(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false);
    }
}
