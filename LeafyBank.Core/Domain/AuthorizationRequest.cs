using MongoDB.Bson;

namespace LeafyBank.Core.Domain;

/// <summary>
/// A consent-and-connect attempt between the redirect to the bank and its callback
/// (collection <c>authorization_requests</c>): it binds the OAuth <c>state</c> to the
/// signed-in customer and keeps the PKCE verifier server-side, so a callback is accepted
/// once, for the customer who started it, before it expires.
/// </summary>
public sealed class AuthorizationRequest
{
    public ObjectId Id { get; set; }
    public PartyReference RequestUser { get; set; } = new();
    /// <summary>The bank's directory id.</summary>
    public string Bank { get; set; } = "";
    /// <summary>SHA-256 of the state sent to the bank (the state itself is never stored).</summary>
    public string StateHash { get; set; } = "";
    /// <summary>The PKCE code verifier, encrypted like tokens.</summary>
    public string CodeVerifier { get; set; } = "";
    public string ConsentId { get; set; } = "";
    public string RedirectUri { get; set; } = "";
    public List<string> Permissions { get; set; } = [];
    /// <summary>The last day the bank granted (it may shorten what was asked to its own maximum).</summary>
    public DateTime ValidUntil { get; set; }
    /// <summary>The last day the customer asked for; absent in attempts stored before it was kept.</summary>
    public DateTime? RequestedValidUntil { get; set; }
    public int FrequencyPerDay { get; set; }
    /// <summary>
    /// The tokens the pushed request asked for, decided once from the bank's metadata then: <c>DPoP</c> when it bound the code to
    /// Leafy Bank's key (<c>dpop_jkt</c>, RFC 9449 §10), so the code is redeemed with a proof of that key; <c>Bearer</c> when it did
    /// not, so it is redeemed without. The code exchange follows it whatever the metadata says by then. Absent in attempts stored
    /// before it was kept: those decide from the metadata at the exchange, as they always did.
    /// </summary>
    public string? TokenType { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    /// <summary>Set when the callback has been used; a second callback with the same state is a replay.</summary>
    public DateTime? CompletedAt { get; set; }

    /// <summary>
    /// This attempt marked as used at <paramref name="at"/>, as a copy: the stored one stays as it was
    /// until the conditional replace that claims it succeeds. (A shallow copy: nothing it shares is changed.)
    /// </summary>
    public AuthorizationRequest CompletedOn(DateTime at)
    {
        var claimed = (AuthorizationRequest)MemberwiseClone();
        claimed.CompletedAt = at;
        return claimed;
    }
}
