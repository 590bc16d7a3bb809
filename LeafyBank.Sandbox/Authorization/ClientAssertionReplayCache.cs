using System.Collections.Concurrent;

namespace LeafyBank.Sandbox.Authorization;

/// <summary>
/// The <c>jti</c> of every client assertion and DPoP proof a bank accepted, until it expires
/// (RFC 7523 §3 item 7, RFC 9449 §11.1: each is used once). In memory: the sandbox is one process; a
/// bank running on several instances would keep this list in a shared store.
/// </summary>
internal sealed class ClientAssertionReplayCache(TimeProvider clock)
{
    /// <summary>How long an id is kept past its expiry, in case the expiry checks ever grant clock-skew leeway.</summary>
    public static readonly TimeSpan Leeway = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How often expired ids are swept out, by the bank's clock. A sweep on every check would make each
    /// request cost as much as all the requests of the last minutes; once a minute bounds that work,
    /// while an expired id lingers at most a minute longer (which refuses nothing a bank would take: it
    /// has expired) and an unexpired id is never swept, so no replay gets through.
    /// </summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<(string Issuer, string ClientId, string JwtId), DateTimeOffset> used = new();

    // UTC ticks of the bank's clock at which the next sweep is due; 0: at the first check.
    private long nextSweepTicks;

    /// <summary>How many ids are held now: expired ones until the next sweep, unexpired ones always.</summary>
    public int Count => used.Count;

    /// <summary>True the first time an assertion id is seen at this issuer for this client; false for a replay.</summary>
    public bool TryUse(string issuer, string clientId, string jwtId, DateTimeOffset expiresAt)
    {
        SweepIfDue(clock.GetUtcNow());
        return used.TryAdd((issuer, clientId, jwtId), expiresAt);
    }

    private void SweepIfDue(DateTimeOffset now)
    {
        var due = Interlocked.Read(ref nextSweepTicks);
        // One caller wins the sweep; the others, at the same moment, go on without waiting for it.
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref nextSweepTicks, (now + SweepInterval).UtcTicks, due) != due)
        {
            return;
        }
        foreach (var entry in used)
        {
            if (entry.Value + Leeway <= now)
            {
                used.TryRemove(entry);
            }
        }
    }
}
