using System.Collections.Concurrent;

namespace LeafyBank.Core.Banking.Authorization;

/// <summary>
/// Every bank's authorization server metadata (RFC 8414 discovery), one
/// <see cref="RevalidatingCache{T}"/> per issuer: starting a connection or refreshing a token
/// reads it from memory, <see cref="BankWarmUp"/> fetches it before anyone asks and refreshes it
/// behind their backs, and a bank whose discovery fails keeps its last good copy. A singleton.
/// </summary>
public sealed class BankDiscoveryCache(TimeProvider timeProvider)
{
    /// <summary>Metadata changes rarely (new endpoints, keys): re-read now and then, not per call.</summary>
    public static readonly TimeSpan FreshFor = TimeSpan.FromMinutes(30);

    /// <summary>How long one background fetch may take before it counts as failed.</summary>
    public static readonly TimeSpan LoadBudget = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, RevalidatingCache<AuthorizationServerMetadata>> issuers = new(StringComparer.Ordinal);

    public Task<AuthorizationServerMetadata> GetAsync(BankDirectoryEntry bank,
        Func<CancellationToken, Task<AuthorizationServerMetadata>> fetch, CancellationToken cancellationToken = default) =>
        For(bank).GetAsync(fetch, cancellationToken);

    public Task<AuthorizationServerMetadata> RefreshAsync(BankDirectoryEntry bank,
        Func<CancellationToken, Task<AuthorizationServerMetadata>> fetch, CancellationToken cancellationToken = default) =>
        For(bank).RefreshAsync(fetch, cancellationToken);

    /// <summary>The bank's latest failed discovery (its last good copy, if any, is still used); null when the last one succeeded or none ran.</summary>
    public CacheRefreshFailure? LastFailure(BankDirectoryEntry bank) =>
        issuers.TryGetValue(IssuerOf(bank), out var cache) ? cache.LastFailure : null;

    /// <summary>The metadata in memory for the bank, however old, or null.</summary>
    public AuthorizationServerMetadata? Known(BankDirectoryEntry bank) =>
        issuers.TryGetValue(IssuerOf(bank), out var cache) ? cache.Value : null;

    public static string IssuerOf(BankDirectoryEntry bank) => bank.Issuer.ToString().TrimEnd('/');

    private RevalidatingCache<AuthorizationServerMetadata> For(BankDirectoryEntry bank) =>
        issuers.GetOrAdd(IssuerOf(bank), _ => new RevalidatingCache<AuthorizationServerMetadata>(timeProvider, FreshFor, LoadBudget));
}
