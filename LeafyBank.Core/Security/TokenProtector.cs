using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace LeafyBank.Core.Security;

/// <summary>
/// Encrypts bearer and refresh tokens before they are stored, with ASP.NET Core Data
/// Protection (authenticated encryption, key rotation) whose key ring lives in the store
/// itself, so every instance sharing the database can read what another wrote.
/// Stored form: <c>dp1:</c> followed by the protected payload (base64url).
/// </summary>
public sealed class TokenProtector(IDataProtectionProvider provider)
{
    public const string Prefix = "dp1:";

    // The purpose string isolates these ciphertexts from any other use of the same key ring.
    private readonly IDataProtector protector = provider.CreateProtector("LeafyBank.Tokens.v1");

    public string Protect(string plainToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(plainToken);
        return Prefix + protector.Protect(plainToken);
    }

    public static bool IsProtected(string storedValue) => storedValue.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The plain token. Throws <see cref="TokenUnreadableException"/> if it was encrypted with a key this store does not have.</summary>
    public string Unprotect(string storedValue)
    {
        if (!IsProtected(storedValue))
        {
            throw new TokenUnreadableException("The stored token is not in the encrypted form; it was not written by Leafy Bank.");
        }
        try
        {
            return protector.Unprotect(storedValue[Prefix.Length..]);
        }
        catch (CryptographicException exception)
        {
            throw new TokenUnreadableException(
                "The stored token was encrypted with a key this store does not have (was it exported from another deployment without its key ring?). Reconnect the bank to get a new token.",
                exception);
        }
    }
}
