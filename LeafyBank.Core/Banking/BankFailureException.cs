namespace LeafyBank.Core.Banking;

/// <summary>
/// Something at or about a bank failed: its API (<see cref="BankApiException"/>), its token
/// endpoint (<see cref="Authorization.BankAuthorizationException"/>), or the directory that should
/// name it (<see cref="BankNotFoundException"/>). One base, so a caller that treats every bank
/// failure alike (log it, tell the customer the bank could not be reached) catches one type; the
/// message names the bank and what failed, never a token or a secret.
/// </summary>
public abstract class BankFailureException(string message, Exception? inner = null) : Exception(message, inner);
