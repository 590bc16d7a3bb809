using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using LeafyBank.Core.Persistence;
using MongoDB.Bson;

namespace LeafyBank.Core.Security.Sessions;

/// <summary>
/// The server side of Leafy Bank's sign-in sessions. A session key is
/// <c>&lt;owner id&gt;.&lt;secret&gt;</c>: the owner id makes every lookup an owner-scoped key
/// lookup, the 256-bit secret is stored only as its hash. A session is gone when it was deleted
/// (sign-out, "sign out everywhere"), idle longer than <see cref="SessionLifetime.Idle"/> or older
/// than <see cref="SessionLifetime.Absolute"/>; an ended session is deleted when next seen.
/// </summary>
public sealed class CustomerSessions(IDocumentStore store, SessionLifetime lifetime, TimeProvider clock)
{
    /// <summary>Activity is written at most this often, so a busy page does not write on every request.</summary>
    public static readonly TimeSpan ActivityResolution = TimeSpan.FromMinutes(1);

    /// <summary>How long this instance answers <see cref="DataApiTokensEndedAtAsync"/> from memory.</summary>
    public static readonly TimeSpan DataApiTokensCheckInterval = TimeSpan.FromSeconds(30);

    /// <summary>Past this many owners, answers read longer ago than the interval are swept: memory stays bounded by the API's active customers.</summary>
    private const int MaxKnownOwners = 10_000;

    private readonly ConcurrentDictionary<ObjectId, (DateTime? EndedAt, DateTime? ExpiresAt, DateTime ReadUntil)> dataApiTokensEnded = new();
    private long dataApiTokensEndings;

    private IDocumentCollection<CustomerSession> Sessions => store.Collection(OpenFinanceCollections.Sessions);

    private IDocumentCollection<EndedSession> Ended => store.Collection(OpenFinanceCollections.EndedSessions);

    public SessionLifetime Lifetime => lifetime;

    /// <summary>A fresh key for a session of <paramref name="owner"/> (nothing is stored yet).</summary>
    public static string NewKey(ObjectId owner) =>
        $"{owner}.{Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_')}";

    /// <summary>
    /// The owner of the sessions of someone signed in who is not a customer (an analyst, say): derived
    /// from the provider's issuer and subject, which name one person for good, so their sessions can be
    /// ended together as a customer's are, and never together with another person's. A hash, not a
    /// customer id: 96 bits of SHA-256 make a clash with a customer's id or another person's as unlikely
    /// as guessing a session secret.
    /// </summary>
    public static ObjectId OwnerOfIdentity(string issuer, string subject)
    {
        ArgumentException.ThrowIfNullOrEmpty(issuer);
        ArgumentException.ThrowIfNullOrEmpty(subject);
        // Length-prefixed, so ("a", "bc") and ("ab", "c") cannot meet.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"leafybank-session-owner:{issuer.Length}:{issuer}:{subject}"));
        return new ObjectId(hash[..12]);
    }

    /// <summary>Stores a new session under <paramref name="key"/> (from <see cref="NewKey"/>) and clears the owner's ended ones.</summary>
    public async Task StartAsync(string key, string protectedTicket, CancellationToken cancellationToken = default)
    {
        var (owner, hash) = Parse(key) ?? throw new ArgumentException("Not a session key.", nameof(key));
        var now = clock.GetUtcNow().UtcDateTime;
        await Sessions.UpsertAsync(new CustomerSession
        {
            SessionOwner = owner,
            SecretHash = hash,
            Ticket = protectedTicket,
            CreatedAt = now,
            LastSeenAt = now,
            ExpiresAt = now + lifetime.Absolute,
        }, cancellationToken);
        var idleSince = now - lifetime.Idle;
        await Sessions.DeleteAsync(owner, s => s.ExpiresAt <= now || s.LastSeenAt <= idleSince, cancellationToken);
    }

    /// <summary>
    /// The live session under <paramref name="key"/>, or null when there is none (never was,
    /// signed out, ended everywhere, idle or too old). With <paramref name="activity"/> the idle
    /// clock restarts.
    /// </summary>
    public async Task<CustomerSession?> FindLiveAsync(string key, bool activity, CancellationToken cancellationToken = default)
    {
        if (Parse(key) is not var (owner, hash))
        {
            return null;
        }
        var session = await Sessions.FindByKeyAsync([owner, hash], cancellationToken);
        if (session is null)
        {
            return null;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        if (HasEnded(session, now))
        {
            await Sessions.DeleteAsync(owner, s => s.SecretHash == hash, cancellationToken);
            return null;
        }
        if (activity && now - session.LastSeenAt >= ActivityResolution)
        {
            var seen = session.LastSeenAt;
            session.LastSeenAt = now;
            // Conditional: a sign-out between the read and this write must not bring the session back.
            await Sessions.TryReplaceAsync(session, s => s.LastSeenAt == seen, cancellationToken);
        }
        return session;
    }

    /// <summary>Replaces the stored sign-in of a live session (the provider's tokens were renewed).</summary>
    public async Task<bool> ReplaceTicketAsync(string key, string protectedTicket, CancellationToken cancellationToken = default)
    {
        if (await FindLiveAsync(key, activity: false, cancellationToken) is not { } session)
        {
            return false;
        }
        var hash = session.SecretHash;
        session.Ticket = protectedTicket;
        return await Sessions.TryReplaceAsync(session, s => s.SecretHash == hash, cancellationToken);
    }

    /// <summary>Ends one session (sign-out). Ending one that is already gone is not an error.</summary>
    public async Task EndAsync(string key, CancellationToken cancellationToken = default)
    {
        if (Parse(key) is var (owner, hash))
        {
            await Sessions.DeleteAsync(owner, s => s.SecretHash == hash, cancellationToken);
        }
    }

    /// <summary>
    /// Ends every session of <paramref name="owner"/> ("sign out everywhere"): a customer's id or
    /// <see cref="OwnerOfIdentity"/>; returns how many were live or stored. Each live one leaves an <see cref="EndedSession"/>, so
    /// the browser still holding its cookie can be told why it is signed out (<see cref="EndedEverywhereAtAsync"/>), and one more
    /// ends every data API token issued so far (<see cref="DataApiTokensEndedAtAsync"/>).
    /// </summary>
    public async Task<long> EndAllAsync(ObjectId owner, CancellationToken cancellationToken = default)
    {
        if (owner == ObjectId.Empty)
        {
            throw new ArgumentException("Sessions stored without an owner (before owners were given to everyone) cannot be ended together.", nameof(owner));
        }
        var now = clock.GetUtcNow().UtcDateTime;
        // Only sessions that were live: one already idle or too old ended by itself, and saying otherwise would be untrue.
        // Written before the sessions go: if this fails, nothing has ended yet and the customer can try again.
        var live = (await Sessions.FindAsync(owner, cancellationToken: cancellationToken)).Where(session => !HasEnded(session, now)).ToList();
        // The data API's tokens end too (DataApiTokensEndedAtAsync): a tool signed in as the customer is one more device.
        // A provider's token outliving the longest session (the absolute lifetime) is not covered; the development provider's last an hour.
        await Ended.UpsertManyAsync([.. live.Select(session => new EndedSession
        {
            SessionOwner = owner,
            SecretHash = session.SecretHash,
            Reason = EndedSessionReasons.SignedOutEverywhere,
            EndedAt = now,
            ExpiresAt = session.ExpiresAt,
        }), new EndedSession
        {
            SessionOwner = owner,
            SecretHash = EndedSession.EveryDataApiToken,
            Reason = EndedSessionReasons.SignedOutEverywhere,
            EndedAt = now,
            ExpiresAt = now + lifetime.Absolute,
        }], cancellationToken);
        Interlocked.Increment(ref dataApiTokensEndings);
        dataApiTokensEnded.TryRemove(owner, out _);
        return await Sessions.DeleteAsync(owner, null, cancellationToken);
    }

    /// <summary>
    /// When "Sign out everywhere" ended the session under <paramref name="key"/>, or null: never such a session, ended otherwise
    /// (signed out, idle, too old), or past the time it would have ended anyway. Only the holder of the key's secret can ask (its
    /// hash is the lookup), so what it says goes to no one but that browser, and it names no one.
    /// </summary>
    public async Task<DateTime?> EndedEverywhereAtAsync(string key, CancellationToken cancellationToken = default)
    {
        if (Parse(key) is not var (owner, hash))
        {
            return null;
        }
        var ended = await Ended.FindByKeyAsync([owner, hash], cancellationToken);
        return ended is { Reason: EndedSessionReasons.SignedOutEverywhere } && ended.ExpiresAt > clock.GetUtcNow().UtcDateTime ? ended.EndedAt : null;
    }

    /// <summary>
    /// When "Sign out everywhere" last ended <paramref name="owner"/>'s data API tokens, or null: a token issued at or before it
    /// is refused. Null too once no token issued before it can still be valid (the record's <see cref="EndedSession.ExpiresAt"/>).
    /// </summary>
    /// <remarks>
    /// Every data API request asks, so the answer is kept in memory for <see cref="DataApiTokensCheckInterval"/> (the API's one
    /// store read per request stays one): "Sign out everywhere" on this instance forgets it at once; another instance of the app
    /// learns of it within that interval.
    /// </remarks>
    public async Task<DateTime?> DataApiTokensEndedAtAsync(ObjectId owner, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (!dataApiTokensEnded.TryGetValue(owner, out var known) || known.ReadUntil <= now)
        {
            var generation = Interlocked.Read(ref dataApiTokensEndings);
            var ended = await Ended.FindByKeyAsync([owner, EndedSession.EveryDataApiToken], cancellationToken);
            known = (ended?.EndedAt, ended?.ExpiresAt, now + DataApiTokensCheckInterval);
            // Not kept when a sign-out everywhere ran meanwhile: what was read may predate it.
            if (generation == Interlocked.Read(ref dataApiTokensEndings))
            {
                if (dataApiTokensEnded.Count >= MaxKnownOwners)
                {
                    foreach (var stale in dataApiTokensEnded.Where(entry => entry.Value.ReadUntil <= now).Select(entry => entry.Key).ToList())
                    {
                        dataApiTokensEnded.TryRemove(stale, out _);
                    }
                }
                dataApiTokensEnded[owner] = known;
            }
        }
        return known.ExpiresAt > now ? known.EndedAt : null;
    }

    /// <summary>The owner a session key names, or null when it is not a session key.</summary>
    public static ObjectId? OwnerOf(string key) => Parse(key)?.Owner;

    private bool HasEnded(CustomerSession session, DateTime now) =>
        now >= session.ExpiresAt || now >= session.CreatedAt + lifetime.Absolute || now - session.LastSeenAt >= lifetime.Idle;

    private static (ObjectId Owner, string Hash)? Parse(string? key)
    {
        var dot = key?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (key is null || dot <= 0 || dot == key.Length - 1 || !ObjectId.TryParse(key[..dot], out var owner))
        {
            return null;
        }
        return (owner, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key[(dot + 1)..]))));
    }
}
