namespace LeafyBank.Core.Security;

/// <summary>A stored bank token that cannot be decrypted here (another deployment's key ring, or damaged): the customer reconnects the bank.</summary>
public sealed class TokenUnreadableException(string message, Exception? inner = null) : Exception(message, inner);
