using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LeafyBank.Tests.Web;

/// <summary>
/// The real app on the embedded store in a fresh directory, with MongoDB and OTLP switched off
/// whatever the developer's environment says. The one app fixture: a variant is the same app with
/// other settings and, rarely, test services (the constructor's parameters), not another subclass
/// that overrides the host.
/// </summary>
public class LeafyBankWebFactory : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string> settings;
    private readonly Action<IServiceCollection>? testServices;
    private readonly TempDataDirectory dataDirectory = new();

    /// <summary>The app with its clock at the suite's instant, <see cref="TestTime.Now"/> (one public constructor: xunit builds it as a class fixture).</summary>
    public LeafyBankWebFactory()
        : this(settings: null)
    {
    }

    /// <param name="clockStart">Where the app's clock starts (null: the suite's instant).</param>
    protected LeafyBankWebFactory(DateTimeOffset? clockStart)
        : this(settings: null, clockStart)
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

    public string DataDirectory => dataDirectory.Path;

    /// <summary>The app's clock: starts at <see cref="TestTime.Now"/> and runs at real speed.</summary>
    public TimeProvider Clock { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
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
