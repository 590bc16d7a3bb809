namespace LeafyBank.Core.Banking;

/// <summary>
/// An external bank as Leafy Bank knows it: from the bank directory (<c>GET /sandbox/banks</c>
/// in the default set-up) or configuration. Everything else is discovered over HTTP from
/// <see cref="Issuer"/> (authorization server metadata) and the API base.
/// </summary>
public sealed record BankDirectoryEntry(string Id, string Name, string Dialect, Uri Issuer, Uri AccountsEndpoint);

/// <summary>The API dialects Leafy Bank has connectors for (protocol names, as the banks publish them).</summary>
public static class BankDialects
{
    public const string GreenBank = "green-bank-json";
    public const string MongoDbBank = "mongodb-bank-json";
    public const string BerlinGroup = "berlin-group-nextgenpsd2";
    public const string UkOpenBanking = "uk-open-banking-3.1";
}
