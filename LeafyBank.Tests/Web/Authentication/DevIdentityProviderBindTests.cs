using System.Net.Sockets;
using LeafyBank.DevIdentityProvider;

namespace LeafyBank.Tests.Web.Authentication;

/// <summary>
/// In a container the development provider must listen on an interface the published port
/// reaches while browsers still use its public address: the two settings are kept apart.
/// </summary>
public sealed class DevIdentityProviderBindTests
{
    // Another loopback address than the ones "localhost" listens on (127.0.0.1, ::1): answering
    // here proves the bind setting was used, and the public address proves it was not taken from it.
    private const string BindAddress = "127.0.0.2";

    [Fact]
    public async Task A_provider_bound_elsewhere_answers_there_and_keeps_its_public_address()
    {
        var port = FreeLoopbackPort();
        await using var factory = LeafyBankWebFactory.With(new Dictionary<string, string>
        {
            [SignInSettings.DevIdentityProviderUrlKey] = $"http://localhost:{port}",
            [SignInSettings.DevIdentityProviderBindKey] = $"http://{BindAddress}:{port}",
        });
        _ = factory.Server;

        var provider = factory.Services.GetRequiredService<DevIdentityProviderHost>();
        using var client = new HttpClient();
        using var discovery = await client.GetAsync(new Uri($"http://{BindAddress}:{port}/.well-known/openid-configuration"),
            Xunit.TestContext.Current.CancellationToken);

        Assert.Equal(new Uri($"http://localhost:{port}/"), provider.Address);
        Assert.Equal(HttpStatusCode.OK, discovery.StatusCode);
        // Another loopback address is still this machine only: nothing to warn about.
        Assert.DoesNotContain(factory.Logs.Lines, line => line.Level == LogLevel.Warning && line.Category.EndsWith(nameof(DevIdentityProviderHost), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_provider_bound_to_every_interface_warns_that_anyone_reaching_it_signs_in_as_a_demo_customer()
    {
        var port = FreeLoopbackPort();
        await using var factory = LeafyBankWebFactory.With(new Dictionary<string, string>
        {
            [SignInSettings.DevIdentityProviderUrlKey] = $"http://localhost:{port}",
            [SignInSettings.DevIdentityProviderBindKey] = $"http://0.0.0.0:{port}",
        });
        _ = factory.Server;

        var warning = Assert.Single(factory.Logs.Lines, line => line.Level == LogLevel.Warning && line.Category.EndsWith(nameof(DevIdentityProviderHost), StringComparison.Ordinal));
        Assert.Contains("http://0.0.0.0:" + port, warning.Line, StringComparison.Ordinal);
        Assert.Contains("can sign in as any demo customer", warning.Line, StringComparison.Ordinal);
        Assert.Contains(SignInSettings.AuthorityKey, warning.Line, StringComparison.Ordinal);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
