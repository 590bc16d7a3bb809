namespace LeafyBank.Tests.Core.Analytics;

/// <summary>
/// Renders the analytics pipelines without a server: typed stages only, MongoDB 4.4+ operators,
/// the shared rules in the <c>$match</c>es, and only counts and sums in what comes out.
/// </summary>
public sealed class AnalyticsPipelineShapeTests
{
    private static readonly string[] NewerThan44 = ["$set", "$round", "$setWindowFields", "$densify", "$fill", "$documents", "$getField", "$dateTrunc"];

    [Fact]
    public async Task The_money_pipeline_unions_accounts_and_products_then_facets_sums_and_distinct_customer_counts()
    {
        await using var store = new MongoDocumentStore("mongodb://127.0.0.1:27017", "render_only");

        var stages = Render(MongoAnalyticsQuery.BuildMoneyPipeline(store));

        Assert.Equal(["$match", "$project", "$unionWith", "$unionWith", "$facet"], stages.Select(stage => stage.GetElement(0).Name));
        Assert.Contains("Closed", stages[0].ToJson(), StringComparison.Ordinal);
        Assert.Contains("$ifNull", stages[1].ToJson(), StringComparison.Ordinal);
        Assert.Equal("external_products", stages[2]["$unionWith"]["coll"].AsString);
        Assert.Contains("\"Mortgage\"", stages[2]["$unionWith"]["pipeline"][0].ToJson(), StringComparison.Ordinal);
        // The other holdings exclude exactly what the debt branch takes.
        Assert.Contains("$nor", stages[3]["$unionWith"]["pipeline"][0].ToJson(), StringComparison.Ordinal);

        var facet = stages[4]["$facet"].AsBsonDocument;
        Assert.Equal(new[] { MongoAnalyticsQuery.AmountsFacet }.Concat(AnalyticsRules.CustomerGroups.Select(g => g.Name)), facet.Names);
        foreach (var group in AnalyticsRules.CustomerGroups)
        {
            // Distinct customers: group by (key, customer), then by key; the customer id never reaches the output.
            var branch = facet[group.Name].AsBsonArray.Select(stage => stage.AsBsonDocument).ToList();
            Assert.Equal(2, branch.Count(stage => stage.GetElement(0).Name == "$group"));
            var last = branch.Last(stage => stage.GetElement(0).Name == "$group").ToJson();
            Assert.DoesNotContain("Customer\"", last.Replace("GreenCustomers", "", StringComparison.Ordinal).Replace("NonGreenCustomers", "", StringComparison.Ordinal).Replace("\"Customers\"", "", StringComparison.Ordinal), StringComparison.Ordinal);
        }
        AssertMongo44(stages);
        // No owner filter anywhere: this is the deliberate cross-customer read.
        Assert.DoesNotContain("AccountUser.UserId\" :", stages[0].ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_connection_pipeline_takes_the_latest_granted_consent_per_customer_and_bank()
    {
        await using var store = new MongoDocumentStore("mongodb://127.0.0.1:27017", "render_only");
        var now = TestTime.UtcNow;

        var stages = Render(MongoAnalyticsQuery.BuildConnectionPipeline(store, now));

        Assert.Equal(["$match", "$project", "$unionWith", "$sort", "$group", "$project", "$match", "$project", "$group", "$project"],
            stages.Select(stage => stage.GetElement(0).Name));
        Assert.Contains("received", stages[0].ToJson(), StringComparison.Ordinal);
        Assert.Equal("sync_state", stages[2]["$unionWith"]["coll"].AsString);
        Assert.Contains("$first", stages[4].ToJson(), StringComparison.Ordinal);
        // The moment of judgement and the 7-day horizon are literals in the health $cond.
        var health = stages[7].ToJson();
        Assert.Contains(now.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture), health, StringComparison.Ordinal);
        Assert.Contains(now.AddDays(7).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture), health, StringComparison.Ordinal);
        AssertMongo44(stages);
    }

    private static List<BsonDocument> Render<TInput, TOutput>(PipelineDefinition<TInput, TOutput> pipeline)
    {
        var stages = pipeline.Render(new RenderArgs<TInput>(BsonSerializer.LookupSerializer<TInput>(), BsonSerializer.SerializerRegistry)).Documents.ToList();
        Xunit.TestContext.Current.TestOutputHelper?.WriteLine(new BsonArray(stages).ToJson(new MongoDB.Bson.IO.JsonWriterSettings { Indent = true }));
        return stages;
    }

    private static void AssertMongo44(IEnumerable<BsonDocument> stages)
    {
        var json = new BsonArray(stages).ToJson();
        foreach (var operatorName in NewerThan44)
        {
            Assert.DoesNotContain($"\"{operatorName}\"", json, StringComparison.Ordinal);
        }
    }
}
