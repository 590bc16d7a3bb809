namespace LeafyBank.Core.Banking.Consents;

/// <summary>The consent protocol each API dialect speaks; a dialect without its own uses the reference banks' resource.</summary>
public static class ConsentProtocols
{
    private static readonly IConsentProtocol Reference = new ReferenceConsentProtocol();

    private static readonly Dictionary<string, IConsentProtocol> ByDialect = new(StringComparer.Ordinal)
    {
        // One line per standard that has its own consent resource.
        [BankDialects.BerlinGroup] = new BerlinGroupConsentProtocol(),
        [BankDialects.UkOpenBanking] = new UkOpenBankingConsentProtocol(),
    };

    public static IConsentProtocol For(BankDirectoryEntry bank) => ByDialect.GetValueOrDefault(bank.Dialect, Reference);
}
