using System.Net;
using LeafyBank.Core.Configuration;

namespace LeafyBank.Web.Extensions;

/// <summary>
/// How the app trusts its surroundings (section <c>LeafyBank:Hosting</c>): which proxies may say
/// "this request came over https" (<c>LEAFYBANK_KNOWN_PROXIES</c>, <c>LEAFYBANK_KNOWN_NETWORKS</c>),
/// whether anonymous health probes see details (<c>LEAFYBANK_HEALTH_DETAILS</c>) and the request
/// limits per client and minute. Every problem is a <see cref="ConfigurationException"/> naming its key.
/// </summary>
public sealed class HostingSecuritySettings
{
    public const string Section = "LeafyBank:Hosting";
    public const string KnownProxiesKey = "LEAFYBANK_KNOWN_PROXIES";
    public const string KnownNetworksKey = "LEAFYBANK_KNOWN_NETWORKS";
    public const string HealthDetailsKey = "LEAFYBANK_HEALTH_DETAILS";
    public const string SignInPerMinuteKey = "LEAFYBANK_RATE_LIMIT_SIGNIN_PER_MINUTE";
    public const string CallbackPerMinuteKey = "LEAFYBANK_RATE_LIMIT_CALLBACK_PER_MINUTE";
    public const string DataApiPerMinuteKey = "LEAFYBANK_RATE_LIMIT_API_PER_MINUTE";

    public const int DefaultSignInPerMinute = 20;
    public const int DefaultCallbackPerMinute = 20;
    public const int DefaultDataApiPerMinute = 300;

    /// <summary>IP addresses separated by ';'.</summary>
    public string KnownProxies { get; set; } = "";

    /// <summary>Networks in CIDR notation separated by ';'.</summary>
    public string KnownNetworks { get; set; } = "";

    public bool HealthDetails { get; set; }

    public int SignInPerMinute { get; set; } = DefaultSignInPerMinute;

    public int CallbackPerMinute { get; set; } = DefaultCallbackPerMinute;

    public int DataApiPerMinute { get; set; } = DefaultDataApiPerMinute;

    public IReadOnlyList<IPAddress> TrustedProxies => List<IPAddress>(KnownProxies, KnownProxiesKey, IPAddress.TryParse!, "IP addresses (e.g. 10.0.0.5;10.0.0.6)");

    public IReadOnlyList<System.Net.IPNetwork> TrustedNetworks =>
        List<System.Net.IPNetwork>(KnownNetworks, KnownNetworksKey, System.Net.IPNetwork.TryParse, "networks in CIDR notation (e.g. 10.0.0.0/8;172.16.0.0/12)");

    public bool HealthDetailsForEveryone => HealthDetails;

    /// <summary>Proxies trust is given to when no setting names one: none outside this machine.</summary>
    public bool TrustsForwardedHeaders => TrustedProxies.Count > 0 || TrustedNetworks.Count > 0;

    public static HostingSecuritySettings FromConfiguration(IConfiguration configuration) =>
        SettingsRegistration.Read<HostingSecuritySettings, HostingSecuritySettingsValidator>(configuration, Section);

    private delegate bool TryParse<T>(string text, out T value);

    private static List<T> List<T>(string? configured, string key, TryParse<T> parse, string expected)
    {
        var items = new List<T>();
        foreach (var text in (configured ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            items.Add(parse(text, out var item) ? item : throw new ConfigurationException(key, $"must be {expected}, separated by ';' (got '{text}')."));
        }
        return items;
    }
}

public sealed class HostingSecuritySettingsValidator : SettingsValidator<HostingSecuritySettings>
{
    public override void Check(HostingSecuritySettings options)
    {
        _ = options.TrustedProxies;
        _ = options.TrustedNetworks;
        PerMinute(HostingSecuritySettings.SignInPerMinuteKey, options.SignInPerMinute);
        PerMinute(HostingSecuritySettings.CallbackPerMinuteKey, options.CallbackPerMinute);
        PerMinute(HostingSecuritySettings.DataApiPerMinuteKey, options.DataApiPerMinute);
    }

    private static void PerMinute(string key, int limit)
    {
        if (limit is < 1 or > 1_000_000)
        {
            throw new ConfigurationException(key, $"must be a whole number of requests per minute between 1 and 1000000 (got '{limit}').");
        }
    }
}
