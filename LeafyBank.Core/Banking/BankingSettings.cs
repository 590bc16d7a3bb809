using System.ComponentModel;
using LeafyBank.Core.Configuration;
using Microsoft.Extensions.Configuration;

namespace LeafyBank.Core.Banking;

/// <summary>
/// Where the banks are and how Leafy Bank talks to them (section <c>LeafyBank:Banking</c>, aliases
/// <c>LEAFYBANK_HOST_SANDBOX</c>, <c>LEAFYBANK_BANK_*</c>, <c>LEAFYBANK_SYNC_*</c>): the in-process
/// sandbox by default, or a directory and client secret of banks that run elsewhere.
/// </summary>
public sealed class BankingSettings
{
    public const string Section = "LeafyBank:Banking";
    public const string HostSandboxKey = "LEAFYBANK_HOST_SANDBOX";
    public const string DirectoryUrlKey = "LEAFYBANK_BANK_DIRECTORY_URL";
    public const string ClientIdKey = "LEAFYBANK_BANK_CLIENT_ID";
    public const string ClientSecretKey = "LEAFYBANK_BANK_CLIENT_SECRET";
    public const string SyncIntervalKey = "LEAFYBANK_SYNC_INTERVAL_SECONDS";
    public const string SyncEnabledKey = "LEAFYBANK_SYNC_ENABLED";
    public const string DefaultClientId = "leafybank";

    private string clientId = DefaultClientId;

    /// <summary>Serve the emulated banks from this process under <c>/sandbox</c>.</summary>
    public bool HostSandbox { get; set; } = true;

    private Uri? directoryUrl;
    private string? clientSecret;

    /// <summary>The banks' directory (a JSON list); unset (empty): this app's own sandbox.</summary>
    public Uri? DirectoryUrl
    {
        get => directoryUrl;
        set => directoryUrl = string.IsNullOrEmpty(value?.OriginalString) ? null : value;
    }

    public string ClientId
    {
        get => clientId;
        set => clientId = string.IsNullOrWhiteSpace(value) ? DefaultClientId : value;
    }

    /// <summary>Unset with the in-process sandbox: one is generated per data directory.</summary>
    public string? ClientSecret
    {
        get => clientSecret;
        set => clientSecret = string.IsNullOrEmpty(value) ? null : value;
    }

    public bool SyncEnabled { get; set; } = true;

    [Description("a whole number of seconds between 5 and 86400")]
    public int SyncIntervalSeconds { get; set; } = 60;

    public static BankingSettings FromConfiguration(IConfiguration configuration) =>
        SettingsRegistration.Read<BankingSettings, BankingSettingsValidator>(configuration, Section);
}

public sealed class BankingSettingsValidator : SettingsValidator<BankingSettings>
{
    public override void Check(BankingSettings options)
    {
        if (options.DirectoryUrl is { IsAbsoluteUri: false } relative)
        {
            throw new ConfigurationException(BankingSettings.DirectoryUrlKey, $"'{relative.OriginalString}' is not an absolute URL.");
        }
        if (!options.HostSandbox && (string.IsNullOrWhiteSpace(options.ClientSecret) || options.DirectoryUrl is null))
        {
            throw new ConfigurationException(string.IsNullOrWhiteSpace(options.ClientSecret) ? BankingSettings.ClientSecretKey : BankingSettings.DirectoryUrlKey,
                $"is required when {BankingSettings.HostSandboxKey}=false (the banks run elsewhere, so Leafy Bank needs their directory and its client secret).");
        }
        if (options.SyncIntervalSeconds is < 5 or > 86_400)
        {
            throw new ConfigurationException(BankingSettings.SyncIntervalKey, $"must be a whole number of seconds between 5 and 86400 (got '{options.SyncIntervalSeconds}').");
        }
    }
}
