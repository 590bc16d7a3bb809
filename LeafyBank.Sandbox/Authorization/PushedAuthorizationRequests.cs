using System.Collections.Concurrent;
using LeafyBank.Sandbox.Banks;

namespace LeafyBank.Sandbox.Authorization;

/// <summary>
/// The parameters of each pushed authorization request (RFC 9126) a bank accepted, by its
/// <c>request_uri</c>, for as long as OpenIddict honours it. OpenIddict restores them only inside the
/// authorization endpoint; the bank's sign-in and one-time-code pages, which see just
/// <c>client_id</c> and <c>request_uri</c> in their return URL, read them here to know which consent
/// the customer is authenticating for. Client credentials are never kept.
/// </summary>
internal sealed class PushedAuthorizationRequests(TimeProvider clock)
{
    private static readonly HashSet<string> NotKept = new(StringComparer.Ordinal)
    {
        OpenIddict.Abstractions.OpenIddictConstants.Parameters.ClientSecret,
        OpenIddict.Abstractions.OpenIddictConstants.Parameters.ClientAssertion,
        OpenIddict.Abstractions.OpenIddictConstants.Parameters.ClientAssertionType,
    };

    private readonly ConcurrentDictionary<(string Bank, string RequestUri), Entry> entries = new();

    public void Remember(SandboxBank bank, string requestUri, IEnumerable<KeyValuePair<string, string?>> parameters, TimeSpan lifetime)
    {
        var now = clock.GetUtcNow();
        foreach (var stale in entries.Where(entry => entry.Value.ExpiresAt <= now).Select(entry => entry.Key).ToList())
        {
            entries.TryRemove(stale, out _);
        }
        var kept = parameters.Where(p => !NotKept.Contains(p.Key) && p.Value is not null)
            .Select(p => KeyValuePair.Create(p.Key, p.Value!)).ToList();
        entries[(bank.Id, requestUri)] = new Entry(kept, now + lifetime);
    }

    /// <summary>The pushed parameters, or null when this bank issued no such request_uri or it has expired.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? Find(SandboxBank bank, string requestUri) =>
        entries.TryGetValue((bank.Id, requestUri), out var entry) && entry.ExpiresAt > clock.GetUtcNow() ? entry.Parameters : null;

    private sealed record Entry(IReadOnlyList<KeyValuePair<string, string>> Parameters, DateTimeOffset ExpiresAt);
}
