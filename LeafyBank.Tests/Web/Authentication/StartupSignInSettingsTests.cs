namespace LeafyBank.Tests.Web.Authentication;

/// <summary>Sign-in settings are checked before the app serves anything, like every other setting.</summary>
public sealed class StartupSignInSettingsTests : IDisposable
{
    private readonly TempDataDirectory workingDirectory = new();

    public void Dispose() => workingDirectory.Dispose();

    [Fact]
    public async Task A_provider_without_a_client_id_stops_startup_naming_the_setting()
    {
        var outcome = await AppProcess.RunAsync(workingDirectory.Path,
            new Dictionary<string, string> { ["LEAFYBANK_OIDC_AUTHORITY"] = "https://login.example.com/" },
            TimeSpan.FromSeconds(30), Xunit.TestContext.Current.CancellationToken);

        Assert.Equal(1, outcome.ExitCode);
        Assert.StartsWith("Configuration error: ", outcome.StandardError, StringComparison.Ordinal);
        Assert.Contains("LEAFYBANK_OIDC_CLIENT_ID", outcome.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", outcome.StandardError, StringComparison.Ordinal);
    }
}
