namespace LeafyBank.Core.Banking;

/// <summary>A bank call that failed, with a message in plain words for the customer.</summary>
public sealed class BankApiException(BankFailureKind kind, string message, TimeSpan? retryAfter = null, Exception? inner = null)
    : BankFailureException(message, inner)
{
    public BankFailureKind Kind { get; } = kind;
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
