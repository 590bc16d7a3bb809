using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence.MongoDb;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;

namespace LeafyBank.Tests.Persistence;

/// <summary>
/// Renders the MongoDB position pipeline without a server, so its shape (one round trip, the
/// owner filter first, the shared rules, MongoDB 4.4+ stages only) is checked in every run.
/// </summary>
public sealed class MongoPipelineShapeTests
{
    [Fact]
    public async Task The_position_pipeline_is_one_round_trip_scoped_to_the_user_in_every_branch()
    {
        await using var store = new MongoDocumentStore("mongodb://127.0.0.1:27017", "render_only");
        var user = ObjectId.Parse("65a546ae4a8f64e8f88fb89e");

        var stages = MongoPositionQuery.BuildPipeline(store, user)
            .Render(new RenderArgs<InternalAccount>(BsonSerializer.LookupSerializer<InternalAccount>(), BsonSerializer.SerializerRegistry))
            .Documents;
        Xunit.TestContext.Current.TestOutputHelper?.WriteLine(new BsonArray(stages).ToJson(new MongoDB.Bson.IO.JsonWriterSettings { Indent = true }));

        // The driver renders the typed Group as $group followed by a $project that names the sums.
        Assert.Equal(["$match", "$project", "$unionWith", "$unionWith", "$group", "$project"], stages.Select(stage => stage.GetElement(0).Name));
        Assert.Contains(user.ToString(), stages[0].ToJson(), StringComparison.Ordinal);
        Assert.Contains("AccountUser.UserId", stages[0].ToJson(), StringComparison.Ordinal);

        var accountsBranch = stages[2]["$unionWith"].AsBsonDocument;
        Assert.Equal("external_accounts", accountsBranch["coll"].AsString);
        var accountsMatch = accountsBranch["pipeline"][0]["$match"].ToJson();
        Assert.Contains("AccountUser.UserId", accountsMatch, StringComparison.Ordinal);
        Assert.Contains(user.ToString(), accountsMatch, StringComparison.Ordinal);
        Assert.Contains("Closed", accountsMatch, StringComparison.Ordinal);

        var productsBranch = stages[3]["$unionWith"].AsBsonDocument;
        Assert.Equal("external_products", productsBranch["coll"].AsString);
        var productsMatch = productsBranch["pipeline"][0]["$match"].ToJson();
        Assert.Contains("ProductCustomer.UserId", productsMatch, StringComparison.Ordinal);
        Assert.Contains("\"Loan\"", productsMatch, StringComparison.Ordinal);
        Assert.Contains("\"Mortgage\"", productsMatch, StringComparison.Ordinal);
        Assert.Contains("\"Active\"", productsMatch, StringComparison.Ordinal);

        var group = stages[4]["$group"].AsBsonDocument;
        Assert.Equal(["Bank", "Currency", "Internal"], group["_id"].AsBsonDocument.Names);
        Assert.Equal(["_id", "Balance", "Debt"], stages[5]["$project"].AsBsonDocument.Names);
        Assert.DoesNotContain(stages, stage => stage.GetElement(0).Name is "$set" or "$setWindowFields" or "$densify");
    }
}

/// <summary>What a person sees when MONGODB_URI points at nothing: the host and the reason, fast, no fallback.</summary>
public sealed class MongoUnavailableTests
{
    [Fact]
    public async Task An_unreachable_server_fails_initialisation_quickly_naming_the_host_and_the_reason()
    {
        // Port 9 (discard) on loopback has no MongoDB: the connection is refused at once.
        await using var store = new MongoDocumentStore("mongodb://127.0.0.1:9", "open_finance", TimeSpan.FromSeconds(2));
        var started = System.Diagnostics.Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<LeafyBank.Core.Persistence.StoreUnavailableException>(
            () => store.InitializeAsync(Xunit.TestContext.Current.CancellationToken));

        Assert.InRange(started.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.Contains("127.0.0.1:9", error.Message, StringComparison.Ordinal);
        Assert.Contains("Connection refused", error.Message, StringComparison.Ordinal);
        Assert.Contains("MONGODB_URI", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 400, error.Message);
        var health = await store.CheckHealthAsync(Xunit.TestContext.Current.CancellationToken);
        Assert.False(health.Reachable);
        Assert.Equal("mongodb", health.Engine);
    }

    [Fact]
    public async Task Credentials_in_the_connection_string_never_appear_in_the_location()
    {
        await using var store = new MongoDocumentStore("mongodb://leafy:s3cret-pw@127.0.0.1:9/?authSource=admin", "open_finance");
        Assert.DoesNotContain("s3cret-pw", store.Location, StringComparison.Ordinal);
        Assert.Equal("127.0.0.1:9/open_finance", store.Location);
    }
}
