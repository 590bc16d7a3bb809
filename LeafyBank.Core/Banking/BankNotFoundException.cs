namespace LeafyBank.Core.Banking;

/// <summary>A bank id that is not in the bank directory (a stale link, a mistyped address).</summary>
public sealed class BankNotFoundException(string bankId)
    : BankFailureException($"Leafy Bank does not know a bank called '{bankId}'. Choose one from the list of banks.")
{
    public string BankId { get; } = bankId;
}
