using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LeafyBank.Core.Configuration;

namespace LeafyBank.Web.Extensions;

/// <summary>
/// The certificate that encrypts the Data Protection key ring (which decrypts every stored bank
/// token) where it is kept, in the store: section <c>LeafyBank:KeyRing</c>, <c>CertificatePath</c>
/// (alias <c>LEAFYBANK_KEYRING_CERTIFICATE</c>, a PKCS#12 file with its private key) and
/// <c>CertificatePassword</c> (alias <c>LEAFYBANK_KEYRING_CERTIFICATE_PASSWORD</c>). Without one,
/// anyone who can read the store can decrypt the tokens; start-up says so.
/// </summary>
public sealed class KeyRingSettings
{
    public const string Section = "LeafyBank:KeyRing";
    public const string CertificateKey = "LEAFYBANK_KEYRING_CERTIFICATE";
    public const string PasswordKey = "LEAFYBANK_KEYRING_CERTIFICATE_PASSWORD";

    private X509Certificate2? certificate;

    public string? CertificatePath { get; set; }

    private string? password;

    /// <summary>Empty means none, as unset.</summary>
    public string? CertificatePassword
    {
        get => password;
        set => password = string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>The certificate, opened once; null when none is configured.</summary>
    public X509Certificate2? Certificate => string.IsNullOrWhiteSpace(CertificatePath) ? null : certificate ??= Load(CertificatePath, CertificatePassword);

    public static KeyRingSettings FromConfiguration(IConfiguration configuration) =>
        SettingsRegistration.Read<KeyRingSettings, KeyRingSettingsValidator>(configuration, Section);

    private static X509Certificate2 Load(string path, string? password)
    {
        if (!File.Exists(path))
        {
            throw new ConfigurationException(CertificateKey, $"names '{path}', which does not exist. Point it at a .pfx/.p12 file with the certificate and its private key.");
        }
        X509Certificate2 loaded;
        try
        {
            loaded = X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (CryptographicException)
        {
            // The loader's message may say why the password failed; the key's name is what the operator needs.
            throw new ConfigurationException(CertificateKey, $"could not be opened: check the file is PKCS#12 (.pfx/.p12) and {PasswordKey} is its password.");
        }
        if (!loaded.HasPrivateKey)
        {
            loaded.Dispose();
            throw new ConfigurationException(CertificateKey, "must include the certificate's private key (export it as .pfx/.p12 with the key).");
        }
        return loaded;
    }
}

public sealed class KeyRingSettingsValidator : SettingsValidator<KeyRingSettings>
{
    public override void Check(KeyRingSettings options) => _ = options.Certificate;
}
