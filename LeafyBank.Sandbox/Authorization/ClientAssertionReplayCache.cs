using System.Collections.Concurrent;

namespace LeafyBank.Sandbox.Authorization;

/// <summary>
/// The <c>jti</c> of every client assertion a bank accepted, until the assertion expires
/// (RFC 7523 §3 item 7: an assertion is used once). In memory: the sandbox is one process; a bank
/// running on several instances would keep this list in a shared store.
/// </summary>
internal sealed class ClientAssertionReplayCache(TimeProvider clock)
{
    private readonly ConcurrentDictionary<(string Issuer, string ClientId, string JwtId), DateTimeOffset> used = new();

    /// <summary>True the first time an assertion id is seen at this issuer for this client; false for a replay.</summary>
    public bool TryUse(string issuer, string clientId, string jwtId, DateTimeOffset expiresAt)
    {
        var now = clock.GetUtcNow();
        // Kept a minute past expiry, in case the expiry check ever grants clock-skew leeway.
        foreach (var stale in used.Where(entry => entry.Value + TimeSpan.FromMinutes(1) <= now).Select(entry => entry.Key).ToList())
        {
            used.TryRemove(stale, out _);
        }
        return used.TryAdd((issuer, clientId, jwtId), expiresAt);
    }
}
