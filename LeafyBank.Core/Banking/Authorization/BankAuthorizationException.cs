namespace LeafyBank.Core.Banking.Authorization;

/// <summary>The bank's token endpoint refused a grant (RFC 6749 error code in <see cref="Error"/>).</summary>
public sealed class BankAuthorizationException(string error, string message) : BankFailureException(message)
{
    public string Error { get; } = error;
}
