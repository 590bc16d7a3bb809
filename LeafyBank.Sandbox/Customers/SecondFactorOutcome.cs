namespace LeafyBank.Sandbox.Customers;

/// <summary>What checking a one-time code found.</summary>
public enum SecondFactorOutcome
{
    Accepted,
    WrongCode,
    Expired,
    TooManyAttempts,
    Unknown,
}
