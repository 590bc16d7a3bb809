namespace LeafyBank.Sandbox.Banks;

/// <summary>
/// One emulated institution: its identity, its API dialect and its consent limits.
/// <paramref name="IssuesDpopNonces"/>: its token endpoint and data APIs take a DPoP proof only with
/// the nonce the bank last gave (RFC 9449 §8, §9), which a bank may choose to require.
/// </summary>
public sealed record SandboxBank(
    string Id,
    string Name,
    string Dialect,
    string Initials,
    string HomeCurrency,
    int MaxConsentDays,
    int FrequencyPerDay,
    bool IssuesDpopNonces = false);

/// <summary>The API dialects the sandbox speaks (the protocol names Leafy Bank's connectors know).</summary>
public static class SandboxDialects
{
    /// <summary>The reference demo's Green Bank JSON (numbers, ISO dates, page numbers).</summary>
    public const string GreenBank = "green-bank-json";

    /// <summary>The reference demo's MongoDB Bank JSON (MDB narratives, amortization years, string amounts, cursors).</summary>
    public const string MongoDbBank = "mongodb-bank-json";

    /// <summary>Berlin Group NextGenPSD2 (v1 accounts, balances, transactions with bookingStatus, Consent-ID).</summary>
    public const string BerlinGroup = "berlin-group-nextgenpsd2";

    /// <summary>UK Open Banking Read/Write API 3.1 (Data/Links/Meta envelopes).</summary>
    public const string UkOpenBanking = "uk-open-banking-3.1";
}

/// <summary>The banks this sandbox hosts, each under <c>/sandbox/{Id}</c>.</summary>
public static class SandboxBankCatalog
{
    public static readonly IReadOnlyList<SandboxBank> All =
    [
        new("greenbank", "Green Bank", SandboxDialects.GreenBank, "GB", "USD", MaxConsentDays: 180, FrequencyPerDay: 4),
        new("mongodbbank", "MongoDB Bank", SandboxDialects.MongoDbBank, "MB", "USD", MaxConsentDays: 180, FrequencyPerDay: 4),
        new("donaubank", "Donau Bank", SandboxDialects.BerlinGroup, "DB", "EUR", MaxConsentDays: 180, FrequencyPerDay: 4, IssuesDpopNonces: true),
        new("thamesbank", "Thames Bank", SandboxDialects.UkOpenBanking, "TB", "GBP", MaxConsentDays: 90, FrequencyPerDay: 4, IssuesDpopNonces: true),
    ];

    public static SandboxBank? Find(string id) =>
        All.FirstOrDefault(bank => string.Equals(bank.Id, id, StringComparison.OrdinalIgnoreCase));
}
