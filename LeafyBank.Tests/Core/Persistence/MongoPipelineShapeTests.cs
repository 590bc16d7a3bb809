namespace LeafyBank.Tests.Core.Persistence;

/// <summary>
/// Renders the MongoDB position pipeline without a server, so its shape (one aggregate, the
/// owner filter first in every branch, the shared rules, $facet, MongoDB 4.4+ stages and
/// operators only) is checked in every run.
/// </summary>
public sealed class MongoPipelineShapeTests
{
    private static readonly ObjectId User = ObjectId.Parse("65a546ae4a8f64e8f88fb89e");

    /// <summary>Stages and operators newer than MongoDB 4.4 (or missing from it), which the pipeline must not use.</summary>
    private static readonly string[] NewerThan44 =
    [
        "$set", "$round", "$getField", "$setField", "$unsetField", "$setWindowFields", "$densify", "$fill",
        "$dateTrunc", "$dateAdd", "$dateDiff", "$dateSubtract", "$top", "$topN", "$bottom", "$bottomN",
        "$firstN", "$lastN", "$maxN", "$minN", "$median", "$percentile", "$sortArray", "$documents", "$bitAnd",
    ];

    private static async Task<List<BsonDocument>> RenderAsync()
    {
        await using var store = new MongoDocumentStore("mongodb://127.0.0.1:27017", "render_only");
        var stages = MongoPositionQuery.BuildPipeline(store, User)
            .Render(new RenderArgs<InternalAccount>(BsonSerializer.LookupSerializer<InternalAccount>(), BsonSerializer.SerializerRegistry))
            .Documents
            .ToList();
        Xunit.TestContext.Current.TestOutputHelper?.WriteLine(new BsonArray(stages).ToJson(new MongoDB.Bson.IO.JsonWriterSettings { Indent = true }));
        return stages;
    }

    [Fact]
    public async Task The_position_is_one_aggregate_of_four_owner_scoped_branches_ending_in_one_facet()
    {
        var stages = await RenderAsync();

        Assert.Equal(["$match", "$project", "$unionWith", "$unionWith", "$unionWith", "$facet"], stages.Select(stage => stage.GetElement(0).Name));
        AssertOwnerMatch(stages[0]["$match"].AsBsonDocument, "AccountUser.UserId");
        Assert.Contains("Closed", stages[0].ToJson(), StringComparison.Ordinal);

        (string Collection, string Owner, string[] Rule)[] branches =
        [
            ("external_accounts", "AccountUser.UserId", ["\"Closed\""]),
            ("external_products", "ProductCustomer.UserId", ["\"Loan\"", "\"Mortgage\"", "\"Active\""]),
            ("sync_state", "SyncUser.UserId", []),
        ];
        for (var i = 0; i < branches.Length; i++)
        {
            var union = stages[2 + i]["$unionWith"].AsBsonDocument;
            Assert.Equal(branches[i].Collection, union["coll"].AsString);
            var pipeline = union["pipeline"].AsBsonArray;
            Assert.Equal(["$match", "$project"], pipeline.Select(stage => stage.AsBsonDocument.GetElement(0).Name));
            var match = pipeline[0]["$match"].AsBsonDocument;
            AssertOwnerMatch(match, branches[i].Owner);
            Assert.All(branches[i].Rule, value => Assert.Contains(value, match.ToJson(), StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task The_facet_has_one_branch_per_part_of_the_position_each_starting_with_a_match()
    {
        var stages = await RenderAsync();
        var facet = stages[^1]["$facet"].AsBsonDocument;

        Assert.Equal(["Buckets", "Loans", "Narratives", "Sources", "SyncStates", "NoLongerShared"], facet.Names);
        Assert.All(facet.Elements, branch => Assert.Equal("$match", branch.Value[0].AsBsonDocument.GetElement(0).Name));

        var buckets = facet["Buckets"].AsBsonArray.Select(stage => stage.AsBsonDocument.GetElement(0).Name);
        Assert.Equal(["$match", "$group", "$project"], buckets);
        var group = facet["Buckets"][1]["$group"].AsBsonDocument;
        Assert.Equal(["Kind", "Bank", "Type", "Currency"], group["_id"].AsBsonDocument.Names);
        Assert.Equal(["Kind", "Bank", "Type", "Currency", "Amount", "Count", "BalancesNotShared", "LastSharedBalances", "Ids"], facet["Buckets"][2]["$project"].AsBsonDocument.Names.Where(name => name != "_id"));

        // Green: a query $match, where $ne null also excludes an absent narrative.
        var narratives = facet["Narratives"][0]["$match"].ToJson();
        Assert.Contains("Narrative", narratives, StringComparison.Ordinal);
        Assert.Contains("$ne", narratives, StringComparison.Ordinal);

        var sources = facet["Sources"][1]["$group"].ToJson();
        Assert.Contains("$max", sources, StringComparison.Ordinal);
        Assert.Contains("$addToSet", sources, StringComparison.Ordinal);

        // The accounts and loans a bank no longer shares: the mark, name and number carried by both external branches,
        // then a query $match whose $ne null also excludes an absent mark (every item the bank still shares).
        var noLongerShared = facet["NoLongerShared"].AsBsonArray;
        Assert.Equal(["$match"], noLongerShared.Select(stage => stage.AsBsonDocument.GetElement(0).Name));
        Assert.Equal("{ \"NoLongerSharedSince\" : { \"$ne\" : null } }", noLongerShared[0]["$match"].ToJson());
        for (var union = 2; union <= 3; union++)
        {
            var project = stages[union]["$unionWith"]["pipeline"][1]["$project"].AsBsonDocument;
            Assert.Contains("NoLongerSharedSince", project.Names);
            Assert.Contains("Name", project.Names);
            Assert.Contains("Identification", project.Names);
        }
    }

    [Fact]
    public async Task The_products_branch_carries_each_loans_stored_id_for_its_page_under_a_name_of_its_own()
    {
        var stages = await RenderAsync();

        var products = stages[3]["$unionWith"].AsBsonDocument;
        Assert.Equal("external_products", products["coll"].AsString);
        var project = products["pipeline"][1]["$project"].AsBsonDocument;
        // The item's _id is the bank's id for the loan (PositionItem.Id); the stored _id, which the loan's page is addressed
        // by, travels beside it.
        Assert.Equal("$_id", project["DocumentId"].AsString);
        Assert.Equal("$ProductId", project["_id"].AsString);
        // Only the products branch: accounts link through the accounts query, not the position.
        Assert.DoesNotContain("DocumentId", stages[2]["$unionWith"]["pipeline"][1]["$project"].AsBsonDocument.Names);
    }

    [Fact]
    public async Task The_pipeline_uses_only_stages_and_operators_of_MongoDB_4_4()
    {
        var json = new BsonArray(await RenderAsync()).ToJson();
        foreach (var name in NewerThan44)
        {
            var quoted = name.EndsWith('"') ? name : $"\"{name}\"";
            Assert.DoesNotContain(quoted, json, StringComparison.Ordinal);
        }
        // $lookup's localField + pipeline form is 5.0+; $unionWith itself is 4.4.
        Assert.DoesNotContain("\"$lookup\"", json, StringComparison.Ordinal);
    }

    /// <summary>The owner equality must be a top-level field of the branch's first $match (index prefix).</summary>
    private static void AssertOwnerMatch(BsonDocument match, string ownerPath)
    {
        var json = match.ToJson();
        Assert.Contains($"\"{ownerPath}\"", json, StringComparison.Ordinal);
        Assert.Contains(User.ToString(), json, StringComparison.Ordinal);
        var ownerClause = match.Contains(ownerPath)
            ? match[ownerPath]
            : match["$and"].AsBsonArray.Select(clause => clause.AsBsonDocument).First(clause => clause.Contains(ownerPath))[ownerPath];
        Assert.Equal(User, ownerClause.AsObjectId);
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
