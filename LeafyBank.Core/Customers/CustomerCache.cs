using System.Collections.Concurrent;
using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;

namespace LeafyBank.Core.Customers;

/// <summary>
/// The customer records behind requests, kept for <see cref="Lifetime"/> so that a data API call or
/// a dashboard render costs the store one round trip (its own query) instead of a read of the
/// customer first. Keyed by user id and by the identity provider's issuer and subject exactly as
/// the store is, so one customer's entry can only ever answer for that customer. A change made
/// through this instance (<see cref="Forget"/>) is seen at once; a change made by another app
/// instance on the same store within <see cref="Lifetime"/>. Only found customers are kept: a
/// customer created a moment ago is never hidden by an earlier miss.
/// </summary>
public sealed class CustomerCache(IDocumentStore store, TimeProvider clock)
{
    /// <summary>How long a customer record is answered from memory; only the customer's own settings (base currency, time zone) change.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    /// <summary>Past this many entries, expired ones are swept on the next store: memory stays bounded by the active customers.</summary>
    private const int SweepAbove = 10_000;

    private readonly ConcurrentDictionary<ObjectId, Entry<byte[]>> customers = new();
    private readonly ConcurrentDictionary<(string Issuer, string Subject), Entry<ObjectId>> identities = new();
    private long changes;

    /// <summary>The customer with this user id, or null.</summary>
    public async Task<LeafyUser?> FindCustomerAsync(ObjectId userId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        if (customers.TryGetValue(userId, out var cached) && cached.ExpiresAt > now)
        {
            return Copy(cached.Value);
        }
        var changesBefore = Interlocked.Read(ref changes);
        var found = await CustomerIdentities.FindCustomerAsync(store, userId, cancellationToken);
        if (found is not null)
        {
            Keep(customers, userId, found.ToBson(), changesBefore);
        }
        return found;
    }

    /// <summary>The customer already linked to this issuer and subject (no linking), or null.</summary>
    public async Task<LeafyUser?> FindLinkedAsync(string issuer, string subject, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        if (identities.TryGetValue((issuer, subject), out var link) && link.ExpiresAt > now)
        {
            return await FindCustomerAsync(link.Value, cancellationToken);
        }
        var changesBefore = Interlocked.Read(ref changes);
        var identity = await store.Collection(OpenFinanceCollections.CustomerIdentities).FindByKeyAsync([issuer, subject], cancellationToken);
        if (identity is null)
        {
            return null;
        }
        Keep(identities, (issuer, subject), identity.IdentityUser.UserId, changesBefore);
        return await FindCustomerAsync(identity.IdentityUser.UserId, cancellationToken);
    }

    /// <summary>Keeps an identity linked just now and its customer, so the identity's next request is answered from memory.</summary>
    public void Remember(string issuer, string subject, LeafyUser customer)
    {
        ArgumentNullException.ThrowIfNull(customer);
        var changesNow = Interlocked.Read(ref changes);
        Keep(identities, (issuer, subject), customer.Id, changesNow);
        Keep(customers, customer.Id, customer.ToBson(), changesNow);
    }

    /// <summary>Drops what is kept about this customer: call after changing the customer's record or identities.</summary>
    public void Forget(ObjectId userId)
    {
        Interlocked.Increment(ref changes);
        customers.TryRemove(userId, out _);
        foreach (var link in identities.Where(link => link.Value.Value == userId))
        {
            identities.TryRemove(link.Key, out _);
        }
    }

    /// <summary>
    /// Stores a value read from the store, unless a change was forgotten while it was read (it may
    /// then be the record from before the change; the next request reads again).
    /// </summary>
    private void Keep<TKey, TValue>(ConcurrentDictionary<TKey, Entry<TValue>> entries, TKey key, TValue value, long changesBefore) where TKey : notnull
    {
        var now = clock.GetUtcNow();
        if (entries.Count > SweepAbove)
        {
            foreach (var stale in entries.Where(entry => entry.Value.ExpiresAt <= now))
            {
                entries.TryRemove(stale.Key, out _);
            }
        }
        entries[key] = new Entry<TValue>(value, now + Lifetime);
        if (Interlocked.Read(ref changes) != changesBefore)
        {
            entries.TryRemove(key, out _);
        }
    }

    /// <summary>Each caller gets its own object: one request changing its copy never changes another's.</summary>
    private static LeafyUser Copy(byte[] bson) => BsonSerializer.Deserialize<LeafyUser>(bson);

    private sealed record Entry<TValue>(TValue Value, DateTimeOffset ExpiresAt);
}
