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
