using MongoDB.Bson;

namespace LeafyBank.Core.Domain;

/// <summary>
/// What Leafy Bank uses to call an external bank on the customer's behalf (collection
/// <c>tokens</c>). <see cref="BearerToken"/> is always stored encrypted (see Security/).
/// </summary>
public sealed class BankToken
{
    public ObjectId Id { get; set; }
    public string UserName { get; set; } = "";
    /// <summary>Encrypted at rest: a <c>TokenProtector</c> envelope, never the plain token.</summary>
    public string BearerToken { get; set; } = "";
    public TokenDates TokenDates { get; set; } = new();

    /// <summary>The bank the token is for; empty for the reference demo's one-token-per-user records.</summary>
    public string TokenBank { get; set; } = "";
    public ObjectId UserId { get; set; }
    public string? ConsentId { get; set; }
    public DateTime? ExpiresAt { get; set; }
    /// <summary>Encrypted like <see cref="BearerToken"/>.</summary>
    public string? RefreshToken { get; set; }

    /// <summary>
    /// <c>DPoP</c> when the bank bound the access token to Leafy Bank's key (RFC 9449), so each call
    /// must carry a proof signed with it; null for a bearer token (and for tokens stored before DPoP).
    /// </summary>
    public string? TokenType { get; set; }
}

public sealed class TokenDates
{
    public DateTime CreationDate { get; set; }
    /// <summary>Null until the token is first used, as in the reference demo.</summary>
    public DateTime? LastUseDate { get; set; }
}
