using LeafyBank.Core.Domain;

namespace LeafyBank.Core.Banking.Authorization;

/// <summary>
/// Which stored consent a renewal replaced, from stored consents only: one rule for the result page ("what your approval
/// did", <see cref="ConnectionService.LastRenewalAsync"/>) and the ledger ("Sharing changed: …", <c>Ledger.SharingChange</c>).
/// </summary>
public static class RenewedConsent
{
    /// <summary>
    /// The consent <paramref name="renewal"/> replaced among <paramref name="consentsAtBank"/> (the customer's consents at
    /// the same bank): the latest one granted (never a request the bank refused or the customer left) that was still live
    /// when the renewal was asked for — valid still, or ended only from then on. Null when it replaced none (a first
    /// connection, or connecting again after the consent had ended).
    /// </summary>
    public static Consent? Replaced(IEnumerable<Consent> consentsAtBank, Consent renewal) => consentsAtBank
        .Where(c => !ReferenceEquals(c, renewal) && c.ConsentId != renewal.ConsentId && WasGranted(c))
        .OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.StatusChangedAt)
        .FirstOrDefault(c => c.CreatedAt <= renewal.CreatedAt && c.ValidUntil > renewal.CreatedAt
                             && (c.Status == ConsentStatuses.Valid || c.StatusChangedAt >= renewal.CreatedAt));

    /// <summary>Whether the bank ever granted <paramref name="consent"/> (a request never approved stays received or is rejected).</summary>
    public static bool WasGranted(Consent consent) => consent.Status != ConsentStatuses.Received && consent.Status != ConsentStatuses.Rejected;
}
