using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LeafyBank.Core.Configuration;

namespace LeafyBank.Web.Extensions;

/// <summary>
/// The certificate that encrypts the Data Protection key ring (which decrypts every stored bank
/// token) where it is kept, in the store: <c>LEAFYBANK_KEYRING_CERTIFICATE</c> (a PKCS#12 file
/// with its private key) and <c>LEAFYBANK_KEYRING_CERTIFICATE_PASSWORD</c>. Without one, anyone
/// who can read the store can decrypt the tokens; start-up says so.
/// </summary>
public sealed record KeyRingSettings(X509Certificate2? Certificate)
{
    public const string CertificateKey = "LEAFYBANK_KEYRING_CERTIFICATE";
    public const string PasswordKey = "LEAFYBANK_KEYRING_CERTIFICATE_PASSWORD";

    public static KeyRingSettings FromConfiguration(IConfiguration configuration)
    {
        var path = configuration[CertificateKey];
        if (string.IsNullOrWhiteSpace(path))
        {
            return new KeyRingSettings(Certificate: null);
        }
        if (!File.Exists(path))
        {
            throw new ConfigurationException(CertificateKey, $"names '{path}', which does not exist. Point it at a .pfx/.p12 file with the certificate and its private key.");
        }
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, configuration[PasswordKey]);
        }
        catch (CryptographicException)
        {
            // The loader's message may say why the password failed; the key's name is what the operator needs.
            throw new ConfigurationException(CertificateKey, $"could not be opened: check the file is PKCS#12 (.pfx/.p12) and {PasswordKey} is its password.");
        }
        if (!certificate.HasPrivateKey)
        {
            throw new ConfigurationException(CertificateKey, "must include the certificate's private key (export it as .pfx/.p12 with the key).");
        }
        return new KeyRingSettings(certificate);
    }
}
