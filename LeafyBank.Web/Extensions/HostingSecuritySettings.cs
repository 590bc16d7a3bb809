using System.Globalization;
using System.Net;
using LeafyBank.Core.Configuration;

namespace LeafyBank.Web.Extensions;

/// <summary>
/// How the app trusts its surroundings: which proxies may say "this request came over https"
/// (<c>LEAFYBANK_KNOWN_PROXIES</c>, <c>LEAFYBANK_KNOWN_NETWORKS</c>), whether anonymous health
/// probes see details (<c>LEAFYBANK_HEALTH_DETAILS</c>) and the request limits per client and
/// minute. Every problem throws a <see cref="ConfigurationException"/> naming its key.
/// </summary>
public sealed record HostingSecuritySettings(
    IReadOnlyList<IPAddress> KnownProxies,
    IReadOnlyList<System.Net.IPNetwork> KnownNetworks,
    bool HealthDetailsForEveryone,
    int SignInPerMinute,
    int CallbackPerMinute,
    int DataApiPerMinute)
{
    public const string KnownProxiesKey = "LEAFYBANK_KNOWN_PROXIES";
    public const string KnownNetworksKey = "LEAFYBANK_KNOWN_NETWORKS";
    public const string HealthDetailsKey = "LEAFYBANK_HEALTH_DETAILS";
    public const string SignInPerMinuteKey = "LEAFYBANK_RATE_LIMIT_SIGNIN_PER_MINUTE";
    public const string CallbackPerMinuteKey = "LEAFYBANK_RATE_LIMIT_CALLBACK_PER_MINUTE";
    public const string DataApiPerMinuteKey = "LEAFYBANK_RATE_LIMIT_API_PER_MINUTE";

    public const int DefaultSignInPerMinute = 20;
    public const int DefaultCallbackPerMinute = 20;
    public const int DefaultDataApiPerMinute = 300;

    /// <summary>Proxies trust is given to when no setting names one: none outside this machine.</summary>
    public bool TrustsForwardedHeaders => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    public static HostingSecuritySettings FromConfiguration(IConfiguration configuration) => new(
        List<IPAddress>(configuration, KnownProxiesKey, IPAddress.TryParse!, "IP addresses (e.g. 10.0.0.5;10.0.0.6)"),
        List<System.Net.IPNetwork>(configuration, KnownNetworksKey, System.Net.IPNetwork.TryParse, "networks in CIDR notation (e.g. 10.0.0.0/8;172.16.0.0/12)"),
        configuration[HealthDetailsKey] switch
        {
            null or "" => false,
            var value when bool.TryParse(value, out var flag) => flag,
            var value => throw new ConfigurationException(HealthDetailsKey, $"must be true or false (got '{value}')."),
        },
        PerMinute(configuration, SignInPerMinuteKey, DefaultSignInPerMinute),
        PerMinute(configuration, CallbackPerMinuteKey, DefaultCallbackPerMinute),
        PerMinute(configuration, DataApiPerMinuteKey, DefaultDataApiPerMinute));

    private static int PerMinute(IConfiguration configuration, string key, int fallback) => configuration[key] switch
    {
        null or "" => fallback,
        var text when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 and <= 1_000_000 => limit,
        var text => throw new ConfigurationException(key, $"must be a whole number of requests per minute between 1 and 1000000 (got '{text}')."),
    };

    private delegate bool TryParse<T>(string text, out T value);

    private static List<T> List<T>(IConfiguration configuration, string key, TryParse<T> parse, string expected)
    {
        var items = new List<T>();
        foreach (var text in (configuration[key] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            items.Add(parse(text, out var item) ? item : throw new ConfigurationException(key, $"must be {expected}, separated by ';' (got '{text}')."));
        }
        return items;
    }
}
