using LeafyBank.Core.Banking.Authorization;
using LeafyBank.Core.Domain;

namespace LeafyBank.Core.Ledger;

/// <summary>
/// What a renewal changed in what the customer shares with Leafy Bank, for the ledger's renewal entry: at the bank the
/// customer may tick an account or loan off (or on) when they approve again, and may have asked for more or fewer kinds of
/// data. Accounts and loans are compared by the names recorded at the first read under each consent
/// (<see cref="GrantedAccounts"/>), so they are known only once both consents were read; kinds of data are always known.
/// </summary>
/// <param name="NowShared">Accounts and loans the renewed consent shares and the replaced one did not, by name and masked number.</param>
/// <param name="NoLongerShared">Accounts and loans the replaced consent shared and the renewed one does not.</param>
/// <param name="DataAdded">Kinds of data (<see cref="ConsentPermissions"/>) the renewed consent adds.</param>
/// <param name="DataDropped">Kinds of data the renewed consent no longer shares.</param>
public sealed record SharingChange(IReadOnlyList<string> NowShared, IReadOnlyList<string> NoLongerShared, IReadOnlyList<string> DataAdded,
    IReadOnlyList<string> DataDropped)
{
    /// <summary>Whether the renewal shares anything more or anything less than the consent it replaced.</summary>
    public bool ChangesSharing => NowShared.Count > 0 || NoLongerShared.Count > 0 || DataAdded.Count > 0 || DataDropped.Count > 0;

    /// <summary>
    /// What <paramref name="renewal"/> changed compared with the consent it replaced among <paramref name="consentsAtBank"/>
    /// (<see cref="RenewedConsent.Replaced"/>); null when that consent is not stored, so nothing can be compared.
    /// </summary>
    public static SharingChange? Of(Consent renewal, IEnumerable<Consent> consentsAtBank)
    {
        if (RenewedConsent.Replaced(consentsAtBank, renewal) is not { } replaced)
        {
            return null;
        }
        var data = new ConsentChange(replaced.Permissions, replaced.ValidUntil, renewal.Permissions, renewal.ValidUntil);
        // Until both were read, which accounts either shared is unknown: no account is said to be added or dropped.
        var accountsKnown = replaced.SharedAccounts is not null && renewal.SharedAccounts is not null;
        return new SharingChange(
            accountsKnown ? Missing(renewal.SharedAccounts!, from: replaced.SharedAccounts!) : [],
            accountsKnown ? Missing(replaced.SharedAccounts!, from: renewal.SharedAccounts!) : [],
            data.Added,
            data.Dropped);
    }

    private static List<string> Missing(IEnumerable<string> labels, IReadOnlyList<string> from) =>
        [.. labels.Where(label => !from.Contains(label, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal)];
}
