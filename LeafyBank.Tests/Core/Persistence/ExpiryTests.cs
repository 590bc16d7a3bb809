using static LeafyBank.Tests.Core.Persistence.TestDocuments;

namespace LeafyBank.Tests.Core.Persistence;

/// <summary>
/// Authorization attempts (which hold encrypted PKCE verifiers) do not outlive their expiry: a TTL
/// index on MongoDB, a purge on the embedded engine judged by the injected clock.
/// </summary>
public sealed class EmbeddedExpiryTests : IAsyncDisposable
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private readonly string directory = Path.Combine(Path.GetTempPath(), "leafybank-tests", "expiry-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider clock = TestTime.Frozen();

    private AuthorizationRequest Attempt(ObjectId user, string state, TimeSpan lifetime) => new()
    {
        RequestUser = Owner(user),
        Bank = "greenbank",
        StateHash = state,
        CodeVerifier = "dp1:CfDJ8-verifier",
        ConsentId = $"consent-{state}",
        CreatedAt = clock.GetUtcNow().UtcDateTime,
        ExpiresAt = clock.GetUtcNow().UtcDateTime + lifetime,
    };

    private async Task<SqliteDocumentStore> OpenAsync()
    {
        var store = new SqliteDocumentStore(directory, clock);
        await store.InitializeAsync(Cancel);
        return store;
    }

    [Fact]
    public async Task A_new_attempt_purges_every_expired_one_and_keeps_the_live_ones()
    {
        await using var store = await OpenAsync();
        var requests = store.Collection(OpenFinanceCollections.AuthorizationRequests);
        var frida = ObjectId.GenerateNewId();
        var grace = ObjectId.GenerateNewId();
        await requests.UpsertAsync(Attempt(frida, "short", TimeSpan.FromMinutes(10)), Cancel);
        await requests.UpsertAsync(Attempt(grace, "long", TimeSpan.FromHours(1)), Cancel);

        clock.Advance(TimeSpan.FromMinutes(9));
        await requests.UpsertAsync(Attempt(grace, "early", TimeSpan.FromMinutes(10)), Cancel);
        Assert.Equal(3, await requests.CountAsync(Cancel));

        clock.Advance(TimeSpan.FromMinutes(1));
        await requests.UpsertAsync(Attempt(grace, "later", TimeSpan.FromMinutes(10)), Cancel);

        Assert.Null(await requests.FindByKeyAsync([frida, "short"], Cancel));
        Assert.Equal(["early", "later", "long"], (await requests.FindAsync(grace, cancellationToken: Cancel)).Select(r => r.StateHash).Order());
    }

    [Fact]
    public async Task Attempts_that_expired_while_the_app_was_stopped_are_purged_at_start_up()
    {
        var frida = ObjectId.GenerateNewId();
        await using (var store = await OpenAsync())
        {
            await store.Collection(OpenFinanceCollections.AuthorizationRequests).UpsertAsync(Attempt(frida, "stale", TimeSpan.FromMinutes(10)), Cancel);
            await store.Collection(OpenFinanceCollections.AuthorizationRequests).UpsertAsync(Attempt(frida, "fresh", TimeSpan.FromDays(1)), Cancel);
        }

        clock.Advance(TimeSpan.FromHours(2));
        await using var restarted = await OpenAsync();

        var left = await restarted.Collection(OpenFinanceCollections.AuthorizationRequests).FindAsync(frida, cancellationToken: Cancel);
        Assert.Equal("fresh", Assert.Single(left).StateHash);
    }

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        return ValueTask.CompletedTask;
    }
}

public sealed class MongoExpiryTests(MongoStoreFixture fixture) : IClassFixture<MongoStoreFixture>
{
    [Fact]
    public async Task Authorization_attempts_carry_a_ttl_index_that_expires_them_at_their_own_date()
    {
        var store = (MongoDocumentStore)await fixture.CreateStoreAsync();
        await using var _ = store;

        using var cursor = await store.Database.GetCollection<BsonDocument>("authorization_requests").Indexes
            .ListAsync(Xunit.TestContext.Current.CancellationToken);
        var indexes = await cursor.ToListAsync(Xunit.TestContext.Current.CancellationToken);

        var ttl = Assert.Single(indexes, index => index["name"] == OpenFinanceCollections.AuthorizationRequests.ExpiryIndexName);
        Assert.Equal(new BsonDocument("ExpiresAt", 1), ttl["key"].AsBsonDocument);
        Assert.Equal(0, ttl["expireAfterSeconds"].ToInt32());
    }
}
