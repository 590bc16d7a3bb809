using LeafyBank.Sandbox.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace LeafyBank.Tests.Sandbox.Faults;

/// <summary>The sandbox's fault switches as configured: read per bank, bad values refused by key, applied only to their surfaces.</summary>
public sealed class SandboxFaultSwitchTests
{
    private static SandboxFaults From(params (string Key, string Value)[] settings) =>
        SandboxFaults.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create<string, string?>(s.Key, s.Value)))
            .Build());

    [Fact]
    public void Configured_faults_are_read_per_bank_and_for_the_directory()
    {
        var faults = From(
            ("Sandbox:Faults:thamesbank:Mode", "hang"),
            ("Sandbox:Faults:thamesbank:Surfaces", "authorization"),
            ("Sandbox:Faults:greenbank:Mode", "Latency"),
            ("Sandbox:Faults:greenbank:LatencyMs", "2500"),
            ("Sandbox:Faults:donaubank:Mode", "ratelimit"),
            ("Sandbox:Faults:donaubank:RetryAfterSeconds", "120"),
            ("Sandbox:Faults:directory:Mode", "error500"));

        Assert.Equal(new SandboxFault(SandboxFaultMode.Hang, SandboxFaultSurfaces.Authorization), faults.For("thamesbank", SandboxFaultSurfaces.Authorization));
        Assert.Null(faults.For("thamesbank", SandboxFaultSurfaces.Data));
        Assert.Equal(new SandboxFault(SandboxFaultMode.Latency, SandboxFaultSurfaces.All, 2500), faults.For("greenbank", SandboxFaultSurfaces.Data));
        Assert.Equal(120, faults.For("donaubank", SandboxFaultSurfaces.Data)?.RetryAfterSeconds);
        Assert.Equal(SandboxFaultMode.Error500, faults.For(SandboxFaults.DirectoryTarget, SandboxFaultSurfaces.All)?.Mode);
        Assert.Null(faults.For("mongodbbank", SandboxFaultSurfaces.All));
    }

    [Theory]
    [InlineData("Sandbox:Faults:nobank:Mode", "hang", "Sandbox:Faults:nobank")]
    [InlineData("Sandbox:Faults:thamesbank:Mode", "slow", "Sandbox:Faults:thamesbank:Mode")]
    [InlineData("Sandbox:Faults:thamesbank:Mode", "3", "Sandbox:Faults:thamesbank:Mode")]
    [InlineData("Sandbox:Faults:thamesbank:Mode", "latency", "Sandbox:Faults:thamesbank:LatencyMs")]
    public void A_bad_switch_stops_start_up_naming_its_key(string key, string value, string namedKey)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => From((key, value)));

        Assert.Equal(namedKey, failure.OptionsName);
    }

    [Theory]
    [InlineData("Sandbox:Faults:thamesbank:Surfaces", "everything", "Sandbox:Faults:thamesbank:Surfaces")]
    [InlineData("Sandbox:Faults:thamesbank:LatencyMs", "-5", "Sandbox:Faults:thamesbank:LatencyMs")]
    [InlineData("Sandbox:Faults:thamesbank:LatencyMs", "999999", "Sandbox:Faults:thamesbank:LatencyMs")]
    public void A_bad_detail_of_a_switch_is_refused_naming_its_key(string key, string value, string namedKey)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => From(("Sandbox:Faults:thamesbank:Mode", "hang"), (key, value)));

        Assert.Equal(namedKey, failure.OptionsName);
    }

    [Fact]
    public void Faults_set_at_run_time_replace_and_clear()
    {
        var faults = From(("Sandbox:Faults:thamesbank:Mode", "hang"));

        faults.Set("greenbank", new SandboxFault(SandboxFaultMode.Malformed, SandboxFaultSurfaces.Data));
        faults.Set("thamesbank", new SandboxFault(SandboxFaultMode.Error500));
        Assert.Equal(SandboxFaultMode.Error500, faults.For("thamesbank", SandboxFaultSurfaces.Data)?.Mode);
        Assert.Equal(SandboxFaultMode.Malformed, faults.For("greenbank", SandboxFaultSurfaces.Data)?.Mode);

        faults.Clear("thamesbank");
        Assert.Null(faults.For("thamesbank", SandboxFaultSurfaces.All));
        faults.ClearAll();
        Assert.Empty(faults.Active);
        Assert.Throws<ArgumentException>(() => faults.Set("nobank", new SandboxFault(SandboxFaultMode.Hang)));
        Assert.Throws<ArgumentOutOfRangeException>(() => faults.Set("greenbank", new SandboxFault(SandboxFaultMode.Latency)));
    }

    [Theory]
    [InlineData("/.well-known/openid-configuration", SandboxFaultSurfaces.Authorization)]
    [InlineData("/connect/token", SandboxFaultSurfaces.Authorization)]
    [InlineData("/connect/authorize", SandboxFaultSurfaces.Authorization)]
    [InlineData("/consents", SandboxFaultSurfaces.Authorization)]
    [InlineData("/consents/abc", SandboxFaultSurfaces.Authorization)]
    [InlineData("/signin", SandboxFaultSurfaces.Authorization)]
    [InlineData("/my-consents", SandboxFaultSurfaces.Authorization)]
    [InlineData("/api/accounts", SandboxFaultSurfaces.Data)]
    [InlineData("/v1/accounts/x/transactions", SandboxFaultSurfaces.Data)]
    [InlineData("/open-banking/v3.1/aisp/accounts", SandboxFaultSurfaces.Data)]
    [InlineData("/consentsfoo", SandboxFaultSurfaces.Data)]
    [InlineData("/v1/consents/abc/status", SandboxFaultSurfaces.Authorization)]
    [InlineData("/open-banking/v3.1/aisp/account-access-consents", SandboxFaultSurfaces.Authorization)]
    public void A_request_is_authorization_or_data_by_its_path_in_the_bank(string path, SandboxFaultSurfaces surface) =>
        Assert.Equal(surface, SandboxFaultInjection.SurfaceOf(new PathString(path)));
}
