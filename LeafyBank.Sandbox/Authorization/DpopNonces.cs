using System.Security.Cryptography;
using System.Text;
using LeafyBank.Sandbox.Banks;
using LeafyBank.Sandbox.Hosting;

namespace LeafyBank.Sandbox.Authorization;

/// <summary>Which of a bank's servers a nonce is for: RFC 9449 keeps them apart (§8 token endpoint, §9 data APIs).</summary>
internal enum DpopServer
{
    Authorization,
    Resource,
}

/// <summary>
/// Server-provided DPoP nonces (RFC 9449 §8 and §9) at the banks that issue them
/// (<see cref="SandboxBank.IssuesDpopNonces"/>). A proof must then carry the bank's current nonce, so a
/// proof cannot be made in advance of the moment the bank allows, whatever the client's clock says.
/// <para>
/// A nonce is not stored: it is a keyed hash (HMAC-SHA256) of the bank, the server and the
/// <see cref="Period"/> it belongs to, under a random secret kept in the data directory. It cannot be
/// guessed without that secret, it expires with its period by the bank's clock, it is still valid after
/// a restart (and on every instance sharing the directory), and no list grows with the clients.
/// </para>
/// <para>
/// Each nonce is valid for its period of <see cref="Period"/> (five minutes, as long as an access token
/// lives: one nonce normally serves a whole sync, so the extra round trip comes at most once per token)
/// and, from <see cref="Announcement"/> before it begins, alongside the one before it: in that minute the
/// bank sends the next nonce on every accepted request (§8.2 lets a server give a new nonce on any
/// response), so a client in the middle of a sync moves over without a refusal. A nonce therefore lives
/// between one and six minutes from when the bank gave it.
/// </para>
/// </summary>
internal sealed class DpopNonces(byte[] secret, TimeProvider clock)
{
    /// <summary>RFC 9449 §8.1: the response header that carries a nonce.</summary>
    public const string HeaderName = "DPoP-Nonce";

    /// <summary>RFC 9449 §8, §9: the error that asks for a proof with the server's nonce.</summary>
    public const string UseNonceError = "use_dpop_nonce";

    public static readonly TimeSpan Period = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan Announcement = TimeSpan.FromMinutes(1);

    /// <summary>The nonces of the banks whose secret lives in <paramref name="keyDirectory"/>.</summary>
    public static DpopNonces LoadOrCreate(string keyDirectory, TimeProvider clock) =>
        new(SandboxSigningKeys.LoadOrCreateSecret(keyDirectory, "dpop-nonce-secret"), clock);

    /// <summary>The nonce a client should use now: the next period's once it is announced, so it lasts as long as it can.</summary>
    public string Current(SandboxBank bank, DpopServer server)
    {
        var (period, announcing) = PeriodAt(clock.GetUtcNow());
        return Nonce(bank, server, announcing ? period + 1 : period);
    }

    /// <summary>The next period's nonce while it is being announced, for an accepted request's response; null otherwise.</summary>
    public string? Announced(SandboxBank bank, DpopServer server)
    {
        var (period, announcing) = PeriodAt(clock.GetUtcNow());
        return announcing ? Nonce(bank, server, period + 1) : null;
    }

    /// <summary>Whether a proof's <c>nonce</c> is one the bank takes now: this period's, or the next one's once announced.</summary>
    public bool Accepts(SandboxBank bank, DpopServer server, string? nonce)
    {
        if (string.IsNullOrEmpty(nonce))
        {
            return false;
        }
        var (period, announcing) = PeriodAt(clock.GetUtcNow());
        var presented = Encoding.ASCII.GetBytes(nonce);
        return CryptographicOperations.FixedTimeEquals(presented, Encoding.ASCII.GetBytes(Nonce(bank, server, period))) ||
               (announcing && CryptographicOperations.FixedTimeEquals(presented, Encoding.ASCII.GetBytes(Nonce(bank, server, period + 1))));
    }

    /// <summary>The period an instant falls in (counted from the Unix epoch), and whether the next one is being announced.</summary>
    private static (long Period, bool Announcing) PeriodAt(DateTimeOffset now)
    {
        var ticks = now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var period = ticks / Period.Ticks;
        return (period, Period.Ticks - ticks % Period.Ticks <= Announcement.Ticks);
    }

    private string Nonce(SandboxBank bank, DpopServer server, long period) =>
        CompactJws.Base64UrlEncode(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes($"{bank.Id}\n{server}\n{period}")));
}
