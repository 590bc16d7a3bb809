using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace LeafyBank.Sandbox.Hosting;

/// <summary>
/// RSA keys generated once and kept as PEM files (0600, in a 0700 directory) so they survive
/// restarts: the banks' and the development identity provider's signing keys, and Leafy Bank's
/// client key for private_key_jwt. (Development certificates live in the user's X509 store, which is
/// not reliably writable on Linux or in containers; plain key files are.)
/// </summary>
public static class SandboxSigningKeys
{
    public static RsaSecurityKey LoadOrCreate(string directory, string name)
    {
        SandboxFiles.CreateOwnerOnlyDirectory(directory);
        var path = Path.Combine(directory, name + ".pem");
        var rsa = RSA.Create();
        if (File.Exists(path))
        {
            rsa.ImportFromPem(File.ReadAllText(path));
        }
        else
        {
            rsa.KeySize = 2048;
            var pem = rsa.ExportRSAPrivateKeyPem();
            var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            // Owner-only from the first byte: the private key is never readable by others, not even briefly.
            using (var file = new FileStream(temporary, OperatingSystem.IsWindows()
                       ? new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write }
                       : new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
            using (var writer = new StreamWriter(file))
            {
                writer.Write(pem);
            }
            // Another process may have won the race: keep whichever key landed first.
            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temporary);
                rsa.ImportFromPem(File.ReadAllText(path));
            }
        }

        var key = new RsaSecurityKey(rsa);
        key.KeyId = Base64UrlEncoder.Encode(key.ComputeJwkThumbprint());
        return key;
    }
}
