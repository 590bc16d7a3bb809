using LeafyBank.Core.Security.Sessions;

namespace LeafyBank.Tests.Core.Security;

/// <summary>Server-side sessions on each engine: they end when deleted, idle or too old, and only their owner's.</summary>
public abstract class CustomerSessionsTests(IStoreFixture fixture)
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private static readonly ObjectId Frida = ObjectId.Parse("65a546ae4a8f64e8f88fb89e");
    private static readonly ObjectId Grace = ObjectId.Parse("66fe219d625d93a100528224");

    private readonly FakeTimeProvider clock = TestTime.Frozen();

    private async Task<(IDocumentStore Store, CustomerSessions Sessions)> StartAsync()
    {
        var store = await fixture.CreateStoreAsync();
        return (store, new CustomerSessions(store, SessionLifetime.Default, clock));
    }

    private static async Task<string> SignInAsync(CustomerSessions sessions, ObjectId owner)
    {
        var key = CustomerSessions.NewKey(owner);
        await sessions.StartAsync(key, "protected-ticket", Cancel);
        return key;
    }

    [Fact]
    public async Task A_session_is_stored_under_the_hash_of_its_secret_never_the_secret_itself()
    {
        var (store, sessions) = await StartAsync();
        var key = await SignInAsync(sessions, Frida);

        var stored = Assert.Single(await store.Collection(OpenFinanceCollections.Sessions).FindAsync(Frida, cancellationToken: Cancel));
        var secret = key[(key.IndexOf('.', StringComparison.Ordinal) + 1)..];
        Assert.DoesNotContain(secret, stored.ToBsonDocument().ToJson(), StringComparison.Ordinal);
        Assert.Equal(TestTime.UtcNow + SessionLifetime.Default.Absolute, stored.ExpiresAt);
        Assert.NotNull(await sessions.FindLiveAsync(key, activity: false, Cancel));
    }

    [Fact]
    public async Task A_session_idle_longer_than_the_idle_lifetime_is_gone_and_deleted()
    {
        var (store, sessions) = await StartAsync();
        var key = await SignInAsync(sessions, Frida);

        clock.Advance(TimeSpan.FromMinutes(29));
        Assert.NotNull(await sessions.FindLiveAsync(key, activity: false, Cancel));
        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Null(await sessions.FindLiveAsync(key, activity: false, Cancel));
        Assert.Empty(await store.Collection(OpenFinanceCollections.Sessions).FindAsync(Frida, cancellationToken: Cancel));
    }

    [Fact]
    public async Task Activity_keeps_a_session_alive_until_the_absolute_lifetime_ends_it()
    {
        var (_, sessions) = await StartAsync();
        var key = await SignInAsync(sessions, Frida);

        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(8) - TimeSpan.FromMinutes(20); elapsed += TimeSpan.FromMinutes(20))
        {
            clock.Advance(TimeSpan.FromMinutes(20));
            Assert.NotNull(await sessions.FindLiveAsync(key, activity: true, Cancel));
        }
        clock.Advance(TimeSpan.FromMinutes(20));

        Assert.Null(await sessions.FindLiveAsync(key, activity: true, Cancel));
    }

    [Fact]
    public async Task Ending_a_session_leaves_the_customers_other_sessions_and_ending_all_leaves_other_customers()
    {
        var (_, sessions) = await StartAsync();
        var laptop = await SignInAsync(sessions, Frida);
        var phone = await SignInAsync(sessions, Frida);
        var graces = await SignInAsync(sessions, Grace);

        await sessions.EndAsync(laptop, Cancel);
        Assert.Null(await sessions.FindLiveAsync(laptop, activity: false, Cancel));
        Assert.NotNull(await sessions.FindLiveAsync(phone, activity: false, Cancel));

        Assert.Equal(1, await sessions.EndAllAsync(Frida, Cancel));
        Assert.Null(await sessions.FindLiveAsync(phone, activity: false, Cancel));
        Assert.NotNull(await sessions.FindLiveAsync(graces, activity: false, Cancel));
    }

    [Fact]
    public async Task A_member_of_staff_signs_out_everywhere_by_their_identity_and_no_one_elses_sessions_end()
    {
        var (_, sessions) = await StartAsync();
        var ana = CustomerSessions.OwnerOfIdentity("https://id.example/", "analyst-1");
        var anasLaptop = await SignInAsync(sessions, ana);
        var anasPhone = await SignInAsync(sessions, ana);
        var colleague = await SignInAsync(sessions, CustomerSessions.OwnerOfIdentity("https://id.example/", "analyst-2"));
        var fridas = await SignInAsync(sessions, Frida);

        Assert.Equal(2, await sessions.EndAllAsync(ana, Cancel));

        Assert.Null(await sessions.FindLiveAsync(anasLaptop, activity: false, Cancel));
        Assert.Null(await sessions.FindLiveAsync(anasPhone, activity: false, Cancel));
        Assert.NotNull(await sessions.FindLiveAsync(colleague, activity: false, Cancel));
        Assert.NotNull(await sessions.FindLiveAsync(fridas, activity: false, Cancel));
    }

    [Fact]
    public async Task Sign_out_everywhere_tells_each_ended_sessions_own_key_when_and_nothing_more_until_it_would_have_expired()
    {
        var (store, sessions) = await StartAsync();
        var laptop = await SignInAsync(sessions, Frida);
        var phone = await SignInAsync(sessions, Frida);
        var graces = await SignInAsync(sessions, Grace);
        clock.Advance(TimeSpan.FromMinutes(5));
        var endedAt = clock.GetUtcNow().UtcDateTime;

        await sessions.EndAllAsync(Frida, Cancel);

        Assert.Null(await sessions.FindLiveAsync(phone, activity: true, Cancel));
        Assert.Equal(endedAt, await sessions.EndedEverywhereAtAsync(phone, Cancel));
        Assert.Equal(endedAt, await sessions.EndedEverywhereAtAsync(laptop, Cancel));
        // Only the holder of an ended session's secret is told: not a guessed secret of the same owner, nor another owner's session.
        Assert.Null(await sessions.EndedEverywhereAtAsync(CustomerSessions.NewKey(Frida), Cancel));
        var phoneSecret = phone[(phone.IndexOf('.', StringComparison.Ordinal) + 1)..];
        Assert.Null(await sessions.EndedEverywhereAtAsync($"{Grace}.{phoneSecret}", Cancel));
        Assert.Null(await sessions.EndedEverywhereAtAsync(graces, Cancel));
        Assert.Null(await sessions.EndedEverywhereAtAsync("not-a-key", Cancel));
        Assert.NotNull(await sessions.FindLiveAsync(graces, activity: false, Cancel));
        // What is kept says when and why, and nothing of the sign-in itself.
        var kept = await store.Collection(OpenFinanceCollections.EndedSessions).FindAsync(Frida, cancellationToken: Cancel);
        // One per live session, and one that ends the data API tokens issued so far.
        Assert.Equal(3, kept.Count);
        Assert.Single(kept, ended => ended.SecretHash == EndedSession.EveryDataApiToken);
        Assert.All(kept, ended => Assert.DoesNotContain("protected-ticket", ended.ToBsonDocument().ToJson(), StringComparison.Ordinal));
        // Once the session would have ended anyway (its cookie with it), nothing is said of it.
        clock.Advance(SessionLifetime.Default.Absolute);
        Assert.Null(await sessions.EndedEverywhereAtAsync(phone, Cancel));
    }

    [Fact]
    public async Task Sign_out_everywhere_ends_the_owners_data_api_tokens_issued_so_far_and_no_one_elses()
    {
        var (_, sessions) = await StartAsync();
        await SignInAsync(sessions, Frida);
        Assert.Null(await sessions.DataApiTokensEndedAtAsync(Frida, Cancel));
        clock.Advance(TimeSpan.FromMinutes(5));
        var first = clock.GetUtcNow().UtcDateTime;

        await sessions.EndAllAsync(Frida, Cancel);

        Assert.Equal(first, await sessions.DataApiTokensEndedAtAsync(Frida, Cancel));
        Assert.Null(await sessions.DataApiTokensEndedAtAsync(Grace, Cancel));
        // Used again later (even with no browser signed in: a tool alone is reason enough), the later time counts.
        clock.Advance(TimeSpan.FromMinutes(10));
        await sessions.EndAllAsync(Frida, Cancel);
        var second = clock.GetUtcNow().UtcDateTime;
        Assert.Equal(second, await sessions.DataApiTokensEndedAtAsync(Frida, Cancel));
        // Past the longest a sign-in lives, no token issued before it can still be valid: nothing is said.
        clock.Advance(SessionLifetime.Default.Absolute);
        Assert.Null(await sessions.DataApiTokensEndedAtAsync(Frida, Cancel));
    }

    [Fact]
    public async Task Another_instance_of_the_app_learns_that_the_data_api_tokens_ended_within_its_check_interval()
    {
        var (store, here) = await StartAsync();
        var there = new CustomerSessions(store, SessionLifetime.Default, clock);
        Assert.Null(await there.DataApiTokensEndedAtAsync(Frida, Cancel));
        var endedAt = clock.GetUtcNow().UtcDateTime;

        await here.EndAllAsync(Frida, Cancel);

        Assert.Equal(endedAt, await here.DataApiTokensEndedAtAsync(Frida, Cancel));
        // The other instance answered from memory a moment ago (one store read per API request): not yet, but within the interval.
        Assert.Null(await there.DataApiTokensEndedAtAsync(Frida, Cancel));
        clock.Advance(CustomerSessions.DataApiTokensCheckInterval);
        Assert.Equal(endedAt, await there.DataApiTokensEndedAtAsync(Frida, Cancel));
    }

    [Fact]
    public async Task Signing_out_one_session_leaves_nothing_to_say_of_it()
    {
        var (_, sessions) = await StartAsync();
        var key = await SignInAsync(sessions, Frida);

        await sessions.EndAsync(key, Cancel);

        Assert.Null(await sessions.EndedEverywhereAtAsync(key, Cancel));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-key")]
    [InlineData("65a546ae4a8f64e8f88fb89e.")]
    [InlineData("65a546ae4a8f64e8f88fb89e.guessed-secret")]
    public async Task A_forged_or_guessed_key_finds_no_session(string key)
    {
        var (_, sessions) = await StartAsync();
        await SignInAsync(sessions, Frida);

        Assert.Null(await sessions.FindLiveAsync(key, activity: true, Cancel));
    }

    [Fact]
    public async Task A_session_key_naming_another_owner_does_not_find_the_session()
    {
        var (_, sessions) = await StartAsync();
        var key = await SignInAsync(sessions, Frida);
        var secret = key[(key.IndexOf('.', StringComparison.Ordinal) + 1)..];

        Assert.Null(await sessions.FindLiveAsync($"{Grace}.{secret}", activity: false, Cancel));
    }
}

public sealed class EmbeddedCustomerSessionsTests(EmbeddedStoreFixture fixture)
    : CustomerSessionsTests(fixture), IClassFixture<EmbeddedStoreFixture>;

public sealed class MongoCustomerSessionsTests(MongoStoreFixture fixture)
    : CustomerSessionsTests(fixture), IClassFixture<MongoStoreFixture>;

/// <summary>The owner of a non-customer's sessions is their provider identity: the same person always, two people never.</summary>
public sealed class SessionOwnerOfIdentityTests
{
    [Fact]
    public void The_same_issuer_and_subject_always_give_the_same_owner_and_any_difference_another()
    {
        var ana = CustomerSessions.OwnerOfIdentity("https://id.example/", "ana");

        Assert.Equal(ana, CustomerSessions.OwnerOfIdentity("https://id.example/", "ana"));
        Assert.NotEqual(ObjectId.Empty, ana);
        Assert.NotEqual(ana, CustomerSessions.OwnerOfIdentity("https://id.example/", "ANA"));
        Assert.NotEqual(ana, CustomerSessions.OwnerOfIdentity("https://other.example/", "ana"));
        // Issuer and subject cannot trade characters to meet.
        Assert.NotEqual(CustomerSessions.OwnerOfIdentity("https://id.example/a", "na"), ana);
    }

    [Theory]
    [InlineData("", "ana")]
    [InlineData("https://id.example/", "")]
    public void An_identity_without_issuer_or_subject_has_no_owner(string issuer, string subject) =>
        Assert.ThrowsAny<ArgumentException>(() => CustomerSessions.OwnerOfIdentity(issuer, subject));
}
