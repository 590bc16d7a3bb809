using LeafyBank.Core.Domain;
using MongoDB.Bson;

namespace LeafyBank.Core.Customers;

/// <summary>
/// Who a customer is at an identity provider (collection <c>customer_identities</c>): the
/// token's issuer and subject, the pair that stays the same when the customer's user name or
/// display name changes there. One customer may have identities at several providers.
/// </summary>
public sealed class CustomerIdentity
{
    public ObjectId Id { get; set; }
    public string Issuer { get; set; } = "";
    public string Subject { get; set; } = "";
    public PartyReference IdentityUser { get; set; } = new();

    /// <summary>When the first sign-in linked this identity to the customer.</summary>
    public DateTime LinkedAt { get; set; }

    /// <summary>The <c>preferred_username</c> that linked it (kept for the record; never used again).</summary>
    public string LinkedByUserName { get; set; } = "";
}
