using MongoDB.Bson;

namespace LeafyBank.Core.Security.Sessions;

/// <summary>
/// One signed-in browser (collection <c>sessions</c>): the cookie carries only a reference to
/// this record, so deleting it ends the session on every instance sharing the store.
/// </summary>
public sealed class CustomerSession
{
    public ObjectId Id { get; set; }

    /// <summary>
    /// The customer's user id; for someone signed in who is not a customer, <see cref="CustomerSessions.OwnerOfIdentity"/>
    /// of their provider identity (sessions stored before that have <see cref="ObjectId.Empty"/>).
    /// </summary>
    public ObjectId SessionOwner { get; set; }

    /// <summary>SHA-256 of the cookie's secret: a copy of the store cannot be replayed as a cookie.</summary>
    public string SecretHash { get; set; } = "";

    /// <summary>The sign-in (claims and the provider's tokens), encrypted with the store's key ring.</summary>
    public string Ticket { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    /// <summary>The last request or circuit activity seen (written at most once a minute).</summary>
    public DateTime LastSeenAt { get; set; }

    /// <summary>When the session ends however active it is (the absolute lifetime).</summary>
    public DateTime ExpiresAt { get; set; }
}
