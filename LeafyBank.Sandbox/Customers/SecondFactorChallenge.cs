namespace LeafyBank.Sandbox.Customers;

/// <summary>
/// A one-time code issued after a correct password, kept at the bank (only its hash): the second
/// factor of strong customer authentication. Single use, short-lived, a few attempts.
/// </summary>
public sealed class SecondFactorChallenge
{
    public required string Id { get; set; }
    public required string BankId { get; set; }
    public required string CustomerId { get; set; }

    /// <summary>The consent this sign-in is for (null for a sign-in to "My consents"): the session authorises that consent only.</summary>
    public string? ConsentId { get; set; }

    public required string CodeHash { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Codes entered so far, right or wrong.</summary>
    public int Attempts { get; set; }
}
