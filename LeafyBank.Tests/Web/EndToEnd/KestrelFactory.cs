namespace LeafyBank.Tests.Web.EndToEnd;

/// <summary>
/// The real app with extra settings (store engine, bank host…), served on a real loopback port
/// by the test, its scheduler off (tests drive every sync) and every log line captured. It also
/// holds the signed-in setup every HTTP test repeats: the personas seeded, a customer's record,
/// and a bank linked through the consent flow (<see cref="ApproveAtBankAsync"/>,
/// <see cref="LinkBankAsync"/>, <see cref="ConnectAsync"/>).
/// </summary>
public sealed class KestrelFactory(IReadOnlyDictionary<string, string> settings, DateTimeOffset? clockStart = null, Action<IServiceCollection>? testServices = null)
    : LeafyBankWebFactory(settings, clockStart, testServices)
{
    /// <summary>The app's default log level (Trace here; journeys that do not read the logs set Information).</summary>
    public const string LogLevelKey = "Logging:LogLevel:Default";

    /// <summary>The permissions the Connect page asks for by default.</summary>
    public static readonly string[] AllPermissions = [ConsentPermissions.Accounts, ConsentPermissions.Balances, ConsentPermissions.Transactions, ConsentPermissions.Products];

    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    public CapturedLogs Logs { get; } = new();

    /// <summary>The app's origin, ending in '/' (set by <see cref="Start"/>).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Starts the server on <paramref name="port"/> (0: any free port) and returns its base address.</summary>
    public Uri Start(int port = 0)
    {
        UseKestrel(port);
        StartServer();
        var address = Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return BaseAddress;
    }

    /// <summary><see cref="Start"/>, then the demo personas seeded so that they can sign in.</summary>
    public async Task<Uri> StartWithPersonasAsync()
    {
        Start();
        await SignInDriver.SeedAsync(this);
        return BaseAddress;
    }

    /// <summary>A demo customer of Leafy Bank by user name (fridaklo, gracehop, adalove, claumon).</summary>
    public async Task<PartyReference> CustomerAsync(string userName) =>
        CurrentCustomer.PartyOf((await Service<IDocumentStore>().Collection(OpenFinanceCollections.Users).FindByKeyAsync([userName], Cancel))!);

    /// <summary>
    /// As the Connect page does: a consent at the bank for <paramref name="owner"/>, then the
    /// customer's own browser at the bank, signed in there as <paramref name="bankCustomer"/>,
    /// approving or declining. Returns the bank's redirect back to <c>/connections/callback</c>.
    /// </summary>
    public async Task<(AuthorizationStart Start, Uri Callback)> ApproveAtBankAsync(
        PartyReference owner, string bankId = "greenbank", string bankCustomer = "frida", bool approve = true, int validityDays = 90)
    {
        var start = await Service<ConnectionService>().StartAsync(owner,
            new ConnectionRequest(bankId, AllPermissions, validityDays, new Uri(BaseAddress, "connections/callback")), Cancel);
        using var bankClient = BankBrowser.CreateClient(BaseAddress);
        var callback = await new BankBrowser(bankClient).AuthorizeAsync(start.AuthorizeUrl.ToString(), bankCustomer, approve);
        return (start, callback);
    }

    /// <summary>
    /// Links a bank for the customer signed in in <paramref name="browser"/>: approval at the bank,
    /// and the bank's redirect delivered in that browser. Returns the result page the app sends it to.
    /// </summary>
    public async Task<(AuthorizationStart Start, Uri Result)> LinkBankAsync(SignInDriver browser, PartyReference owner,
        string bankId = "greenbank", string bankCustomer = "frida", bool approve = true, int validityDays = 90)
    {
        var (start, callback) = await ApproveAtBankAsync(owner, bankId, bankCustomer, approve, validityDays);
        using var landed = await browser.App.GetAsync(callback.PathAndQuery, Cancel);
        Assert.Equal(HttpStatusCode.Redirect, landed.StatusCode);
        return (start, new Uri(BaseAddress, landed.Headers.Location!));
    }

    /// <summary>Links a bank without a signed-in browser: the callback's parameters handed to <see cref="ConnectionService"/> as the endpoint would.</summary>
    public async Task<AuthorizationStart> ConnectAsync(PartyReference owner, string bankId, string bankCustomer = "frida")
    {
        var (start, callback) = await ApproveAtBankAsync(owner, bankId, bankCustomer);
        var query = QueryHelpers.ParseQuery(callback.Query);
        var result = await Service<ConnectionService>().CompleteAsync(owner, query["state"], query["code"], null, query["iss"], Cancel);
        Assert.True(result.Outcome == ConnectionOutcome.Connected, result.Message);
        return start;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Defaults the settings may override: the test drives every sync itself, and every level is
        // logged so that a secret in any log line is caught.
        builder.UseSetting(BankingServiceExtensions.SyncEnabledKey, "false");
        builder.UseSetting(LogLevelKey, "Trace");
        base.ConfigureWebHost(builder);
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
