namespace LeafyBank.Tests.Core.Position;

/// <summary>
/// With a real MongoDB, <c>explain</c> shows the position aggregate and the owner-scoped finds
/// behind the dashboard read one customer's documents through an owner-leading index (IXSCAN),
/// never by a collection scan. A server that cannot explain (e.g. an in-memory wire-compatible
/// stand-in) makes the test skip with that reason: it cannot pass without evidence.
/// </summary>
public sealed class PositionExplainTests(MongoStoreFixture fixture) : IClassFixture<MongoStoreFixture>
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_position_aggregate_and_the_owner_finds_use_owner_indexes_not_collection_scans()
    {
        await using var store = (MongoDocumentStore)await fixture.CreateStoreAsync();
        var user = ObjectId.GenerateNewId();
        await PositionScenario.WriteAsync(store, user, Cancel);

        var stages = MongoPositionQuery.BuildPipeline(store, user)
            .Render(new RenderArgs<InternalAccount>(BsonSerializer.LookupSerializer<InternalAccount>(), BsonSerializer.SerializerRegistry))
            .Documents;
        var aggregate = await MongoExplain.ExplainAsync(store, new BsonDocument
        {
            { "aggregate", OpenFinanceCollections.InternalAccounts.CollectionName },
            { "pipeline", new BsonArray(stages) },
            { "cursor", new BsonDocument() },
        }, "index use", Cancel);
        Assert.DoesNotContain("COLLSCAN", aggregate.ToJson(), StringComparison.Ordinal);
        AssertOwnerIndexScan(aggregate, OpenFinanceCollections.InternalAccounts);

        // Each $unionWith branch's $match, explained as the find it is (the explain of a
        // sub-pipeline varies by server version; the find's plan does not).
        var branches = new (IDocumentKind Kind, BsonDocument Filter)[]
        {
            (OpenFinanceCollections.InternalAccounts, stages[0]["$match"].AsBsonDocument),
            (OpenFinanceCollections.ExternalAccounts, stages[2]["$unionWith"]["pipeline"][0]["$match"].AsBsonDocument),
            (OpenFinanceCollections.ExternalProducts, stages[3]["$unionWith"]["pipeline"][0]["$match"].AsBsonDocument),
            (OpenFinanceCollections.SyncStates, stages[4]["$unionWith"]["pipeline"][0]["$match"].AsBsonDocument),
        };
        foreach (var (kind, filter) in branches)
        {
            var find = await MongoExplain.ExplainAsync(store, new BsonDocument { { "find", kind.CollectionName }, { "filter", filter } }, "index use", Cancel);
            Assert.DoesNotContain("COLLSCAN", find.ToJson(), StringComparison.Ordinal);
            AssertOwnerIndexScan(find, kind);
        }
    }

    /// <summary>An IXSCAN on an index whose first key is the collection's owner field.</summary>
    private static void AssertOwnerIndexScan(BsonDocument explained, IDocumentKind kind)
    {
        var ownerLeading = new List<string> { kind.OwnerIndexName };
        if (kind.NaturalKeyPaths.Count > 0)
        {
            ownerLeading.Add(kind.NaturalKeyIndexName);
        }
        ownerLeading.AddRange(kind.SecondaryIndexes.Where(index => index.Fields[0] == kind.OwnerPath).Select(index => index.Name));

        var scans = MongoExplain.Stages(explained).Where(stage => stage.GetValue("stage", "").ToString() == "IXSCAN").ToList();
        Assert.Contains(scans, scan => ownerLeading.Contains(scan.GetValue("indexName", "").ToString()!)
                                       && scan["keyPattern"].AsBsonDocument.GetElement(0).Name == kind.OwnerPath);
    }
}
