using LeafyBank.Core.Domain;
using MongoDB.Bson;

namespace LeafyBank.Core.Notifications;

/// <summary>
/// What a <c>consents</c> document says after a write: whose consent, at which bank, and its status now. A consent that
/// becomes or stops being <see cref="ConsentStatuses.Valid"/> is a connection made, renewed, disconnected, expired or
/// ended at the bank: open views of that customer show it without waiting for a sync. So is the data kept from an ended
/// connection being deleted (<paramref name="DataDeletedAt"/>): the views stop showing it.
/// </summary>
/// <param name="DataDeletedAt">When what Leafy Bank kept from the bank was deleted after this consent ended (this bank's
/// alone, <see cref="Consent.DataDeletedAt"/>, or with all linked data, <see cref="Consent.KeptDataDeletedAt"/>).</param>
public sealed record ConsentStatusChange(ObjectId Owner, string Bank, string ConsentId, string Status, DateTime? DataDeletedAt = null)
{
    public bool IsLive => Status == ConsentStatuses.Valid;

    public static ConsentStatusChange From(Consent consent) =>
        new(consent.ConsentUser.UserId, consent.Bank, consent.ConsentId, consent.Status, DataDeletedOf(consent));

    /// <summary>The later of the consent's two deletion times, if any.</summary>
    public static DateTime? DataDeletedOf(Consent consent) =>
        (consent.DataDeletedAt, consent.KeptDataDeletedAt) switch
        {
            ({ } one, { } other) => one > other ? one : other,
            (var one, var other) => one ?? other,
        };
}
