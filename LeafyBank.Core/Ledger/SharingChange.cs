using LeafyBank.Core.Banking.Authorization;
using LeafyBank.Core.Domain;

namespace LeafyBank.Core.Ledger;

/// <summary>
/// What a renewal changed in what the customer shares with Leafy Bank, for the ledger's renewal entry: at the bank the
/// customer may tick an account or loan off (or on) when they approve again, and may have asked for more or fewer kinds of
/// data. Accounts and loans are compared by the bank's reference for each, recorded at the first read under each consent
/// (<see cref="GrantedAccounts"/>; by name and masked number for consents recorded before references were kept), so they are
/// known only once both consents were read; kinds of data are always known.
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
        if (Shared(replaced) is not { } before || Shared(renewal) is not { } after)
        {
            return new SharingChange([], [], data.Added, data.Dropped);
        }
        // By the bank's reference when both consents recorded one for each account, else (a consent recorded before references
        // were kept) by the label, the best there is then.
        var byReference = before.All(item => item.Reference is not null) && after.All(item => item.Reference is not null);
        return new SharingChange(Missing(after, from: before, byReference), Missing(before, from: after, byReference), data.Added, data.Dropped);
    }

    /// <summary>What <paramref name="consent"/> shared, each by label and the bank's reference (null when not recorded); null until read.</summary>
    private static List<(string Label, string? Reference)>? Shared(Consent consent)
    {
        if (consent.SharedAccounts is not { } labels)
        {
            return null;
        }
        // References are recorded with the labels, one each; any other count is not trusted to pair them.
        var references = consent.SharedAccountRefs is { } refs && refs.Count == labels.Count ? refs : null;
        return [.. labels.Select((label, index) => (label, references?[index]))];
    }

    /// <summary>
    /// The labels of <paramref name="items"/> that <paramref name="from"/> does not hold. By reference, a renamed account is the
    /// same account, and one of two accounts with the same label can be missing while the other is not.
    /// </summary>
    private static List<string> Missing(List<(string Label, string? Reference)> items, List<(string Label, string? Reference)> from, bool byReference)
    {
        string Key((string Label, string? Reference) item) => byReference ? item.Reference! : item.Label;
        var held = from.Select(Key).ToHashSet(StringComparer.Ordinal);
        return [.. items.Where(item => !held.Contains(Key(item))).DistinctBy(Key, StringComparer.Ordinal).Select(item => item.Label)];
    }
}
