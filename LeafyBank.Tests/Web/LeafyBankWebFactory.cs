using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LeafyBank.Tests.Web;

/// <summary>
/// The one app fixture: the real app on the embedded store in a fresh directory, with MongoDB and
/// OTLP switched off whatever the developer's environment says, every log line captured
/// (<see cref="Logs"/>). It answers on a TestServer, or on a real loopback port once
/// <see cref="Start"/> is called (or at once as a class fixture when <see cref="ServeOnKestrelKey"/>
/// is set): then the scheduler is off (tests drive every sync) and every level is logged, so that a
/// secret in any log line is caught. A variant is the same app with other settings and, rarely,
/// test services (<see cref="With"/>, or a subclass that only passes them to the constructor), never
/// another override of the host. It also holds the signed-in setup every HTTP test repeats (the
/// app seeds the personas itself as it starts): a customer's record, and a bank linked through the consent flow
/// (<see cref="ApproveAtBankAsync"/>, <see cref="LinkBankAsync"/>, <see cref="ConnectAsync"/>).
/// </summary>
public class LeafyBankWebFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>"true": a class fixture serves on Kestrel from the start (a browser or another host must reach it over TCP).</summary>
    public const string ServeOnKestrelKey = "Tests:ServeOnKestrel";

    /// <summary>The app's default log level (Trace on Kestrel; journeys that do not read the logs set Information).</summary>
    public const string LogLevelKey = "Logging:LogLevel:Default";

    /// <summary>The permissions the Connect page asks for by default.</summary>
    public static readonly string[] AllPermissions = [ConsentPermissions.Accounts, ConsentPermissions.Balances, ConsentPermissions.Transactions, ConsentPermissions.Products];

    private readonly IReadOnlyDictionary<string, string> settings;
    private readonly Action<IServiceCollection>? testServices;
    private readonly TempDataDirectory dataDirectory = new();
    private readonly Lock starting = new();
    private readonly Dictionary<string, Task> once = [];
    private bool onKestrel;

    /// <summary>The app with its clock at the suite's instant, <see cref="TestTime.Now"/> (one public constructor: xunit builds it as a class fixture).</summary>
    public LeafyBankWebFactory()
        : this(settings: null)
    {
    }

    /// <param name="settings">Settings over the test defaults (store engine, environment, sign-in…).</param>
    /// <param name="clockStart">Where the app's clock starts (null: the suite's instant).</param>
    /// <param name="testServices">Services that replace the app's, applied after the test clock (e.g. another clock, a recorder).</param>
    protected LeafyBankWebFactory(IReadOnlyDictionary<string, string>? settings, DateTimeOffset? clockStart = null, Action<IServiceCollection>? testServices = null)
    {
        this.settings = settings ?? new Dictionary<string, string>();
        this.testServices = testServices;
        Clock = TestTime.Running(clockStart);
    }

    /// <summary>The app with other settings, clock start or test services (see the protected constructor).</summary>
    public static LeafyBankWebFactory With(IReadOnlyDictionary<string, string> settings, DateTimeOffset? clockStart = null, Action<IServiceCollection>? testServices = null) =>
        new(settings, clockStart, testServices);

    public string DataDirectory => dataDirectory.Path;

    /// <summary>The app's clock: starts at <see cref="TestTime.Now"/> and runs at real speed.</summary>
    public TimeProvider Clock { get; }

    public CapturedLogs Logs { get; } = new();

    /// <summary>The app's origin on Kestrel, ending in '/' (set by <see cref="Start"/>).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Starts the server on Kestrel on <paramref name="port"/> (0: any free port) and returns its base address; once started, returns it again.</summary>
    public Uri Start(int port = 0)
    {
        lock (starting)
        {
            if (BaseAddress is null)
            {
                onKestrel = true;
                UseKestrel(port);
                StartServer();
                var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
                BaseAddress = new Uri(address.TrimEnd('/') + "/");
            }
            return BaseAddress;
        }
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

    /// <summary><see cref="ConnectAsync"/> once per app, customer and bank (see <see cref="OnceAsync"/>).</summary>
    public Task ConnectOnceAsync(PartyReference owner, string bankId, string bankCustomer) =>
        OnceAsync($"{owner.UserName} connected {bankId}", () => ConnectAsync(owner, bankId, bankCustomer));

    /// <summary>
    /// Runs <paramref name="setUp"/> once per app and <paramref name="key"/>, for the tests of a class that share it (banks
    /// linked once, which they only read); one that failed runs again for the next test, so one failure is reported once, by its own test.
    /// </summary>
    public Task OnceAsync(string key, Func<Task> setUp)
    {
        lock (once)
        {
            if (!once.TryGetValue(key, out var run) || run.IsFaulted || run.IsCanceled)
            {
                once[key] = run = setUp();
            }
            return run;
        }
    }

    /// <summary>
    /// The finished first sync under <paramref name="consentId"/>, which a bank's redirect to <c>/connections/callback</c> started in the
    /// background (a sync of the test's own would race it); fails the test if none is stored within a minute.
    /// </summary>
    public async Task<FirstSyncRecord> FirstSyncAsync(ObjectId userId, string bankId, string consentId)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var state = await Service<IDocumentStore>().Collection(OpenFinanceCollections.SyncStates).FindByKeyAsync([userId, bankId], Cancel);
            if (state?.FirstSync is { FinishedAt: not null } record && record.ConsentId == consentId)
            {
                return record;
            }
            if (waited.Elapsed > TimeSpan.FromMinutes(1))
            {
                Assert.Fail($"The first sync of {bankId} under {consentId} did not finish within a minute; " +
                            $"stored: {state?.FirstSync?.ToBsonDocument().ToJson() ?? "no first-sync record"}.");
            }
            await Task.Delay(50, Cancel);
        }
    }

    public virtual ValueTask InitializeAsync()
    {
        if (settings.TryGetValue(ServeOnKestrelKey, out var onKestrel) && bool.Parse(onKestrel))
        {
            Start();
        }
        return ValueTask.CompletedTask;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (onKestrel)
        {
            // On Kestrel, defaults the settings may override: the test drives every sync itself, and
            // every level is logged so that a secret in any log line is caught.
            builder.UseSetting(BankingServiceExtensions.SyncEnabledKey, "false");
            builder.UseSetting(LogLevelKey, "Trace");
        }
        builder.UseSetting(ConfigurationKeys.DataDirectory, dataDirectory.Path);
        builder.UseSetting(ConfigurationKeys.MongoUri, string.Empty);
        builder.UseSetting(TelemetryExtensions.OtlpEndpointKey, string.Empty);
        // Sign-in against the development identity provider on a free loopback port of its own.
        builder.UseSetting(SignInSettings.AuthorityKey, string.Empty);
        builder.UseSetting(SignInSettings.DevIdentityProviderKey, string.Empty);
        builder.UseSetting(SignInSettings.DevIdentityProviderUrlKey, "http://127.0.0.1:0");
        // The suite signs in, calls back and reads the API far more often per minute than a person: limits well above its traffic
        // (the limits themselves are tested with low settings in Web/Security).
        builder.UseSetting(HostingSecuritySettings.SignInPerMinuteKey, "100000");
        builder.UseSetting(HostingSecuritySettings.CallbackPerMinuteKey, "100000");
        builder.UseSetting(HostingSecuritySettings.DataApiPerMinuteKey, "100000");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        // The suite's instant (LEAFYBANK_TEST_NOW), running at real speed: the banks' books, consents,
        // tokens and sessions all read this one clock.
        builder.ConfigureTestServices(services =>
        {
            services.Replace(ServiceDescriptor.Singleton(Clock));
            testServices?.Invoke(services);
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        dataDirectory.Dispose();
        GC.SuppressFinalize(this);
    }
}
