using LeafyBank.Sandbox.Authorization;

namespace LeafyBank.Tests.Sandbox.Authorization;

/// <summary>
/// The banks' list of used <c>jti</c>s (client assertions and DPoP proofs): an id is refused again
/// for as long as it could be accepted, and expired ids are swept out at most once a minute by the
/// bank's clock, not on every check.
/// </summary>
public sealed class ClientAssertionReplayCacheTests
{
    private const string Issuer = "http://localhost";
    private const string Client = "leafybank";

    private readonly FakeTimeProvider clock = TestTime.Frozen();
    private readonly DateTimeOffset start = TestTime.Now;

    private static bool Use(ClientAssertionReplayCache cache, string jwtId, DateTimeOffset expiresAt) => cache.TryUse(Issuer, Client, jwtId, expiresAt);

    private void At(int seconds) => clock.SetUtcNow(start.AddSeconds(seconds));

    [Fact]
    public void Ids_expired_longer_than_the_leeway_are_dropped_at_a_sweep_and_a_replay_inside_the_window_is_still_refused()
    {
        var cache = new ClientAssertionReplayCache(clock);
        Assert.True(Use(cache, "old", start.AddSeconds(60)));

        At(90);
        Assert.True(Use(cache, "recent", start.AddSeconds(150)));
        Assert.False(Use(cache, "recent", start.AddSeconds(150)));
        Assert.False(Use(cache, "old", start.AddSeconds(60)));

        // "old" expired at 60 s and its leeway ended at 120 s; the sweep due at 150 s drops it.
        At(150);
        Assert.True(Use(cache, "another", start.AddSeconds(210)));
        Assert.Equal(2, cache.Count);
        // "recent" expired just now but is inside its leeway: still a replay.
        Assert.False(Use(cache, "recent", start.AddSeconds(150)));
        Assert.True(Use(cache, "old", start.AddSeconds(210)));
    }

    [Fact]
    public void The_cache_is_swept_at_most_once_a_minute_by_the_banks_clock()
    {
        var cache = new ClientAssertionReplayCache(clock);
        Assert.True(Use(cache, "a", start));
        At(30);
        Assert.True(Use(cache, "b", start.AddSeconds(30)));

        At(60);
        Assert.True(Use(cache, "c", start.AddSeconds(60)));
        Assert.Equal(2, cache.Count);

        // "b" left its leeway at 90 s, but the last sweep was at 60 s: it stays until the next.
        At(100);
        Assert.True(Use(cache, "d", start.AddSeconds(100)));
        Assert.Equal(3, cache.Count);
        Assert.False(Use(cache, "b", start.AddSeconds(30)));

        At(120);
        Assert.True(Use(cache, "e", start.AddSeconds(120)));
        Assert.Equal(2, cache.Count);
        Assert.False(Use(cache, "d", start.AddSeconds(100)));
    }
}
