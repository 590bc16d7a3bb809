using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace LeafyBank.Sandbox.Hosting;

/// <summary>
/// The authorization server's RSA keys, generated once and kept as PEM files in the sandbox
/// data directory so tokens survive restarts. (Development certificates live in the user's X509
/// store, which is not reliably writable on Linux or in containers; plain key files are.)
/// </summary>
internal static class SandboxSigningKeys
{
    public static RsaSecurityKey LoadOrCreate(string directory, string name)
    {
        Directory.CreateDirectory(directory);
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
            var temporary = path + ".tmp";
            File.WriteAllText(temporary, pem);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
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
