using LeafyBank.Core.Configuration;
using LeafyBank.Web.Authentication;
using LeafyBank.Web.Extensions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LeafyBank.Tests.Web;

/// <summary>
/// The real app on the embedded store in a fresh directory, with MongoDB and OTLP switched off
/// whatever the developer's environment says.
/// </summary>
public class LeafyBankWebFactory : WebApplicationFactory<Program>
{
    private readonly TempDataDirectory dataDirectory = new();

    public string DataDirectory => dataDirectory.Path;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting(ConfigurationKeys.DataDirectory, dataDirectory.Path);
        builder.UseSetting(ConfigurationKeys.MongoUri, string.Empty);
        builder.UseSetting(TelemetryExtensions.OtlpEndpointKey, string.Empty);
        // Sign-in against the development identity provider on a free loopback port of its own.
        builder.UseSetting(SignInSettings.AuthorityKey, string.Empty);
        builder.UseSetting(SignInSettings.DevIdentityProviderKey, string.Empty);
        builder.UseSetting(SignInSettings.DevIdentityProviderUrlKey, "http://127.0.0.1:0");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        dataDirectory.Dispose();
        GC.SuppressFinalize(this);
    }
}
