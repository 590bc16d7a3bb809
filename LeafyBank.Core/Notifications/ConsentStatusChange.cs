using LeafyBank.Core.Domain;
using MongoDB.Bson;

namespace LeafyBank.Core.Notifications;

/// <summary>
/// What a <c>consents</c> document says after a write: whose consent, at which bank, and its status now. A consent that
/// becomes or stops being <see cref="ConsentStatuses.Valid"/> is a connection made, renewed, disconnected, expired or
/// ended at the bank: open views of that customer show it without waiting for a sync.
/// </summary>
public sealed record ConsentStatusChange(ObjectId Owner, string Bank, string ConsentId, string Status)
{
    public bool IsLive => Status == ConsentStatuses.Valid;

    public static ConsentStatusChange From(Consent consent) =>
        new(consent.ConsentUser.UserId, consent.Bank, consent.ConsentId, consent.Status);
}
