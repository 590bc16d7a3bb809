using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace LeafyBank.Sandbox.Hosting;

/// <summary>
/// RSA keys generated once and kept as PEM files (0600, in a 0700 directory) so they survive
/// restarts: the banks' and the development identity provider's signing keys, and Leafy Bank's
/// client key for private_key_jwt; and the secret the banks derive their DPoP nonces from. (Development certificates live in the user's X509 store, which is
/// not reliably writable on Linux or in containers; plain key files are.)
/// </summary>
public static class SandboxSigningKeys
{
    public static RsaSecurityKey LoadOrCreate(string directory, string name)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(LoadOrCreateFile(directory, name + ".pem", () =>
        {
            using var created = RSA.Create(2048);
            return created.ExportRSAPrivateKeyPem();
        }));

        var key = new RsaSecurityKey(rsa);
        key.KeyId = Base64UrlEncoder.Encode(key.ComputeJwkThumbprint());
        return key;
    }

    /// <summary>A random 256-bit secret kept the same way (base64 in <c>{name}.key</c>), for keyed hashes such as DPoP nonces.</summary>
    public static byte[] LoadOrCreateSecret(string directory, string name) =>
        Convert.FromBase64String(LoadOrCreateFile(directory, name + ".key", () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))).Trim());

    /// <summary>The file's text, written first (owner-only, atomically) from <paramref name="create"/> when it does not exist yet.</summary>
    private static string LoadOrCreateFile(string directory, string fileName, Func<string> create)
    {
        SandboxFiles.CreateOwnerOnlyDirectory(directory);
        var path = Path.Combine(directory, fileName);
        if (File.Exists(path))
        {
            return File.ReadAllText(path);
        }
        var text = create();
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        // Owner-only from the first byte: the secret is never readable by others, not even briefly.
        using (var file = new FileStream(temporary, OperatingSystem.IsWindows()
                   ? new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write }
                   : new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
        using (var writer = new StreamWriter(file))
        {
            writer.Write(text);
        }
        // Another process may have won the race: keep whichever file landed first.
        try
        {
            File.Move(temporary, path, overwrite: false);
            return text;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            return File.ReadAllText(path);
        }
    }
}
