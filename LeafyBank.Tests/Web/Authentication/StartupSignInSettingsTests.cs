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
            new Dictionary<string, string> { ["LEAFYBANK_OIDC_AUTHORITY"] = "https://login.example.com/", ["LEAFYBANK_DEV_IDP"] = "" },
            TimeSpan.FromSeconds(30), Xunit.TestContext.Current.CancellationToken);

        Assert.Equal(1, outcome.ExitCode);
        Assert.StartsWith("Configuration error: ", outcome.StandardError, StringComparison.Ordinal);
        Assert.Contains("LEAFYBANK_OIDC_CLIENT_ID", outcome.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", outcome.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_published_app_without_a_provider_stops_startup_instead_of_serving_the_demo_sign_in()
    {
        // As an operator runs it (ASPNETCORE_ENVIRONMENT unset: Production) who forgot to name the provider.
        var outcome = await AppProcess.RunAsync(workingDirectory.Path, new Dictionary<string, string> { ["LEAFYBANK_DEV_IDP"] = "" },
            TimeSpan.FromSeconds(30), Xunit.TestContext.Current.CancellationToken);

        Assert.Equal(1, outcome.ExitCode);
        Assert.StartsWith("Configuration error: Configuration value LEAFYBANK_OIDC_AUTHORITY is required in the Production environment", outcome.StandardError,
            StringComparison.Ordinal);
        Assert.Contains("LEAFYBANK_DEV_IDP=true", outcome.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", outcome.StandardError, StringComparison.Ordinal);
    }
}
