using System.Security.Cryptography.X509Certificates;

namespace LeafyBank.Tests.Web.Extensions;

/// <summary>Files on disk are the owner's alone, and the key ring can be encrypted with a certificate.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataAtRestTests
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    [Fact]
    public async Task The_embedded_store_creates_its_directory_0700_and_its_database_WAL_and_shared_memory_files_0600()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes");
        using var root = new TempDataDirectory();
        var directory = Path.Combine(root.Path, "data");
        var store = new SqliteDocumentStore(directory);

        await store.InitializeAsync(Cancel);
        // A write, so the WAL and shared-memory files exist.
        await store.Collection(OpenFinanceCollections.AuditEvents).InsertAsync(new AuditEvent
        {
            Id = ObjectId.GenerateNewId(),
            EventUser = new() { UserId = ObjectId.GenerateNewId(), UserName = "someone" },
            Kind = "probe",
            Bank = "x",
            At = TestTime.UtcNow,
        }, Cancel);

        Assert.Equal(OwnerOnlyDirectory, File.GetUnixFileMode(directory));
        foreach (var file in new[] { store.DatabasePath, store.DatabasePath + "-wal", store.DatabasePath + "-shm" })
        {
            Assert.True(File.Exists(file), file);
            Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public void A_database_file_left_readable_by_others_is_narrowed_to_0600()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes");
        using var root = new TempDataDirectory();
        var database = Path.Combine(root.Path, "leafybank.db");
        File.WriteAllBytes(database, []);
        File.SetUnixFileMode(database, OwnerOnlyFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        OwnerOnlyFiles.PrepareSqliteFile(database);

        Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(database));
    }

    [Fact]
    public async Task The_app_keeps_its_data_the_banks_and_the_identity_providers_databases_owner_only_and_warns_that_the_key_ring_is_unencrypted()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes");
        var logs = new CapturedLogs();
        await using var factory = new LeafyBankWebFactory();
        await using var app = factory.WithWebHostBuilder(builder => builder.ConfigureLogging(logging => logging.AddProvider(logs)));
        // The store is opened (and the warning written) before the app serves its first request.
        using var client = app.CreateClient();

        Assert.Equal(OwnerOnlyDirectory, File.GetUnixFileMode(factory.DataDirectory));
        foreach (var database in new[] { "leafybank.db", "sandbox/sandbox.db", "identity/identity.db" })
        {
            Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(Path.Combine(factory.DataDirectory, database)));
        }
        foreach (var directory in new[] { "sandbox", "identity" })
        {
            Assert.Equal(OwnerOnlyDirectory, File.GetUnixFileMode(Path.Combine(factory.DataDirectory, directory)));
        }
        Assert.Contains(logs.Lines, line => line.Level == LogLevel.Warning && line.Line.Contains(KeyRingSettings.CertificateKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_a_key_ring_certificate_the_keys_in_the_store_are_encrypted_and_tokens_still_round_trip()
    {
        await using var factory = new LeafyBankWebFactory();
        var pfx = Path.Combine(factory.DataDirectory, "keyring.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=Leafy Bank key ring (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(TestTime.Now.AddDays(-1), TestTime.Now.AddYears(1));
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "test-password"), Cancel);
        }
        await using var app = factory.WithWebHostBuilder(builder => builder
            .UseSetting(KeyRingSettings.CertificateKey, pfx)
            .UseSetting(KeyRingSettings.PasswordKey, "test-password"));
        using var client = app.CreateClient();

        var protector = app.Services.GetRequiredService<TokenProtector>();
        var stored = protector.Protect("a-bank-access-token");
        Assert.Equal("a-bank-access-token", protector.Unprotect(stored));

        var keys = new List<string>();
        await foreach (var raw in app.Services.GetRequiredService<IDocumentStore>().Collection(OpenFinanceCollections.DataProtectionKeys).ExportAsync(Cancel))
        {
            keys.Add(raw.ToString());
        }
        Assert.NotEmpty(keys);
        Assert.All(keys, key => Assert.Contains("EncryptedXml", key, StringComparison.Ordinal));
        Assert.All(keys, key => Assert.DoesNotContain("<value>", key, StringComparison.Ordinal));
    }

    [Fact]
    public void A_key_ring_certificate_that_cannot_be_opened_stops_start_up_naming_the_key()
    {
        using var root = new TempDataDirectory();
        var notACertificate = Path.Combine(root.Path, "keyring.pfx");
        File.WriteAllText(notACertificate, "not a certificate");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [KeyRingSettings.CertificateKey] = notACertificate }).Build();

        var failure = Assert.Throws<ConfigurationException>(() => KeyRingSettings.FromConfiguration(configuration));

        Assert.Contains(KeyRingSettings.CertificateKey, failure.Message, StringComparison.Ordinal);
        Assert.Contains(KeyRingSettings.PasswordKey, failure.Message, StringComparison.Ordinal);
    }
}
