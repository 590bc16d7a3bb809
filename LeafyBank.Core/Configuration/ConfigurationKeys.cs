namespace LeafyBank.Core.Configuration;

/// <summary>
/// The settings' names. Every setting lives in an <c>appsettings</c> section (<c>MongoDb:…</c>,
/// <c>LeafyBank:…</c>) and is bound to one options class per concern; the flat environment names
/// documented in the README and <c>.env.example</c> (<c>MONGODB_URI</c>, <c>LEAFYBANK_*</c>) stay
/// valid as aliases of those section keys, and a flat name that is set wins over its section key.
/// </summary>
public static class ConfigurationKeys
{
    public const string MongoUri = "MONGODB_URI";
    public const string MongoDatabase = "MONGODB_DATABASE";
    public const string DataDirectory = "LEAFYBANK_DATA_DIR";
    public const string DefaultDatabaseName = "open_finance";
    public const string MongoStableApi = "LEAFYBANK_MONGODB_STABLE_API";
    public const string MongoWriteConcern = "LEAFYBANK_MONGODB_WRITE_CONCERN";
    public const string AnalyticsReadPreference = "LEAFYBANK_ANALYTICS_READ_PREFERENCE";
    public const string AnalyticsReadTags = "LEAFYBANK_ANALYTICS_READ_TAGS";

    /// <summary>The connection string Aspire and other hosts hand over (<c>ConnectionStrings__mongodb</c>).</summary>
    public const string MongoConnectionString = "ConnectionStrings:mongodb";

    /// <summary>
    /// Flat name → section key. Kept in one table so the docs, the alias source and the error
    /// messages cannot disagree about which name means what.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Aliases { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [MongoUri] = "MongoDb:ConnectionString",
        [MongoDatabase] = "MongoDb:Database",
        [MongoStableApi] = "MongoDb:StableApi",
        [MongoWriteConcern] = "MongoDb:WriteConcern",
        [AnalyticsReadPreference] = "MongoDb:AnalyticsReadMode",
        [AnalyticsReadTags] = "MongoDb:AnalyticsReadTags",
        [DataDirectory] = "LeafyBank:DataDirectory",
        ["LEAFYBANK_PUBLIC_ORIGIN"] = "LeafyBank:PublicOrigin",
        ["LEAFYBANK_SESSION_IDLE_MINUTES"] = "LeafyBank:Sessions:IdleMinutes",
        ["LEAFYBANK_SESSION_ABSOLUTE_HOURS"] = "LeafyBank:Sessions:AbsoluteHours",
        ["LEAFYBANK_LIVE_UPDATES_POLL_MS"] = "LeafyBank:LiveUpdates:PollMilliseconds",
        ["LEAFYBANK_ANALYTICS_MIN_CUSTOMERS"] = "LeafyBank:Analytics:MinimumCustomers",
        ["LEAFYBANK_ANALYST_CLAIM_TYPE"] = "LeafyBank:Analyst:ClaimType",
        ["LEAFYBANK_ANALYST_CLAIM_VALUE"] = "LeafyBank:Analyst:ClaimValue",
        ["LEAFYBANK_API_AUDIENCE"] = "LeafyBank:DataApi:Audience",
        ["LEAFYBANK_OIDC_AUTHORITY"] = "LeafyBank:SignIn:Authority",
        ["LEAFYBANK_OIDC_CLIENT_ID"] = "LeafyBank:SignIn:ClientId",
        ["LEAFYBANK_OIDC_CLIENT_SECRET"] = "LeafyBank:SignIn:ClientSecret",
        ["LEAFYBANK_OIDC_SCOPES"] = "LeafyBank:SignIn:Scope",
        ["LEAFYBANK_OIDC_LINK_BY_USERNAME"] = "LeafyBank:SignIn:LinkByUserName",
        ["LEAFYBANK_DEV_IDP"] = "LeafyBank:SignIn:DevIdentityProvider",
        ["LEAFYBANK_DEV_IDP_URL"] = "LeafyBank:SignIn:DevIdentityProviderUrl",
        ["LEAFYBANK_DEV_IDP_BIND"] = "LeafyBank:SignIn:DevIdentityProviderBindUrl",
        ["LEAFYBANK_KEYRING_CERTIFICATE"] = "LeafyBank:KeyRing:CertificatePath",
        ["LEAFYBANK_KEYRING_CERTIFICATE_PASSWORD"] = "LeafyBank:KeyRing:CertificatePassword",
        ["LEAFYBANK_KNOWN_PROXIES"] = "LeafyBank:Hosting:KnownProxies",
        ["LEAFYBANK_KNOWN_NETWORKS"] = "LeafyBank:Hosting:KnownNetworks",
        ["LEAFYBANK_HEALTH_DETAILS"] = "LeafyBank:Hosting:HealthDetails",
        ["LEAFYBANK_RATE_LIMIT_SIGNIN_PER_MINUTE"] = "LeafyBank:Hosting:SignInPerMinute",
        ["LEAFYBANK_RATE_LIMIT_CALLBACK_PER_MINUTE"] = "LeafyBank:Hosting:CallbackPerMinute",
        ["LEAFYBANK_RATE_LIMIT_API_PER_MINUTE"] = "LeafyBank:Hosting:DataApiPerMinute",
        ["LEAFYBANK_HOST_SANDBOX"] = "LeafyBank:Banking:HostSandbox",
        ["LEAFYBANK_BANK_DIRECTORY_URL"] = "LeafyBank:Banking:DirectoryUrl",
        ["LEAFYBANK_BANK_CLIENT_ID"] = "LeafyBank:Banking:ClientId",
        ["LEAFYBANK_BANK_CLIENT_SECRET"] = "LeafyBank:Banking:ClientSecret",
        ["LEAFYBANK_SYNC_ENABLED"] = "LeafyBank:Banking:SyncEnabled",
        ["LEAFYBANK_SYNC_INTERVAL_SECONDS"] = "LeafyBank:Banking:SyncIntervalSeconds",
    };

    /// <summary>The section key a flat name stands for; any other key unchanged.</summary>
    public static string SectionKey(string key) => Aliases.TryGetValue(key, out var sectionKey) ? sectionKey : key;

    /// <summary>The documented flat name of a section key, or the section key when it has none.</summary>
    public static string FlatName(string sectionKey) =>
        Aliases.FirstOrDefault(alias => string.Equals(alias.Value, sectionKey, StringComparison.OrdinalIgnoreCase)).Key ?? sectionKey;
}
