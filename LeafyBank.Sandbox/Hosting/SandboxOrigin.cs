using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace LeafyBank.Sandbox.Hosting;

/// <summary>
/// Where the banks are, as the customer's browser and Leafy Bank reach them: the configured
/// public origin (<see cref="SandboxSettings.PublicOrigin"/>), or else the address the server
/// listens on — never the request's <c>Host</c> header, which the sender chooses. Issuers,
/// discovery documents, the directory and the same-origin callback all come from here.
/// </summary>
public sealed class SandboxOrigin(SandboxSettings settings, IServer server)
{
    /// <summary>A TestServer listens nowhere: its requests are addressed to http://localhost.</summary>
    private static readonly Uri InMemoryServerOrigin = new("http://localhost");

    /// <summary>The origin every bank's issuer is built on (scheme, host and port; no path).</summary>
    public Uri Primary => settings.PublicOrigin ?? ListeningOrigins().FirstOrDefault() ?? InMemoryServerOrigin;

    /// <summary>Every origin this server may be reached at by configuration: the public one, or each listening address.</summary>
    public IReadOnlyList<Uri> All => settings.PublicOrigin is { } configured
        ? [configured]
        : ListeningOrigins() is { Count: > 0 } listening ? listening : [InMemoryServerOrigin];

    /// <summary><paramref name="uri"/> (as the request addressed it) on <see cref="Primary"/>'s scheme, host and port; path and query kept.</summary>
    public Uri? Apply(Uri? uri) => uri is null ? null : new UriBuilder(uri) { Scheme = Primary.Scheme, Host = Primary.Host, Port = Primary.Port }.Uri;

    private List<Uri> ListeningOrigins() =>
        (server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
        .Select(address => Uri.TryCreate(Reachable(address), UriKind.Absolute, out var uri) ? new Uri(uri.GetLeftPart(UriPartial.Authority)) : null)
        .OfType<Uri>()
        .ToList();

    /// <summary>A wildcard binding (http://+:8080, http://[::]:8080) is reached on loopback from this machine.</summary>
    private static string Reachable(string address) => address
        .Replace("://+", "://localhost", StringComparison.Ordinal)
        .Replace("://*", "://localhost", StringComparison.Ordinal)
        .Replace("://[::]", "://localhost", StringComparison.Ordinal)
        .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal);
}
