using LeafyBank.Sandbox.Hosting;
using Microsoft.Extensions.Options;

namespace LeafyBank.Tests.Sandbox.Authorization;

public sealed class SandboxSettingsTests
{
    private static IConfiguration Config(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, v.Value))).Build();

    [Fact]
    public void Missing_client_secret_fails_naming_the_key()
    {
        var services = new ServiceCollection();

        var error = Assert.Throws<OptionsValidationException>(() =>
            services.AddSandboxBanks(Config((SandboxSettings.DataDirectoryKey, Path.GetTempPath()))));

        Assert.Equal("Sandbox:Client:ClientSecret", error.OptionsName);
        Assert.Contains("Sandbox:Client:ClientSecret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_to_leafybank_client_and_a_sandbox_folder_under_the_app_data_directory()
    {
        var appData = Path.Combine(Path.GetTempPath(), "leafybank-settings-test");

        var settings = SandboxSettings.FromConfiguration(Config(
            (SandboxSettings.AppDataDirectoryKey, appData), (SandboxSettings.ClientSecretKey, "s"),
            (SandboxSettings.RedirectUrisKey, "http://localhost:5080/connections/callback; https://app.example/connections/callback")));

        Assert.Equal("leafybank", settings.ClientId);
        Assert.Equal("Leafy Bank", settings.ClientDisplayName);
        Assert.Equal(Path.Combine(appData, "sandbox"), settings.DataDirectory);
        Assert.Equal(2, settings.RedirectUris.Count);
    }

    [Fact]
    public void Relative_redirect_uri_fails_naming_the_key()
    {
        var error = Assert.Throws<OptionsValidationException>(() => SandboxSettings.FromConfiguration(Config(
            (SandboxSettings.DataDirectoryKey, Path.GetTempPath()), (SandboxSettings.ClientSecretKey, "s"), (SandboxSettings.RedirectUrisKey, "/connections/callback"))));

        Assert.Equal(SandboxSettings.RedirectUrisKey, error.OptionsName);
    }

    [Fact]
    public void Signing_keys_persist_across_restarts()
    {
        var directory = Path.Combine(Path.GetTempPath(), "leafybank-tests", "keys-" + Guid.NewGuid().ToString("N"));
        try
        {
            var first = SandboxSigningKeys.LoadOrCreate(directory, "signing-key");
            var second = SandboxSigningKeys.LoadOrCreate(directory, "signing-key");

            Assert.Equal(first.KeyId, second.KeyId);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(directory, "signing-key.pem")));
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
