namespace LeafyBank.Tests.Core.Position;

/// <summary>
/// The position read for a MongoDB server without <c>$unionWith</c> (a wire-protocol emulation):
/// the pipeline's branches as four finds must give, for every user, the position the embedded
/// engine gives from the same data. Runs wherever MongoDB is available to the tests (on MongoDB
/// itself too, where the aggregate is used and this path is the fallback); skipped otherwise.
/// </summary>
public sealed class MongoPositionQueryTests(EmbeddedStoreFixture embedded, MongoStoreFixture mongo)
    : IClassFixture<EmbeddedStoreFixture>, IClassFixture<MongoStoreFixture>
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(20261102)]
    [InlineData(7)]
    public async Task Without_unionWith_the_branch_finds_give_the_embedded_engines_position(int seed)
    {
        var data = RandomPositionData.Generate(seed, users: 6);
        await using var embeddedStore = await embedded.CreateStoreAsync();
        await using var mongoStore = await mongo.CreateStoreAsync();
        await data.WriteAsync(embeddedStore, Cancel);
        await data.WriteAsync(mongoStore, Cancel);
        var branches = new BranchFinds(new MongoPositionQuery((MongoDocumentStore)mongoStore));

        foreach (var user in data.Users)
        {
            var fromEmbedded = await PositionScenario.Service(embeddedStore).GetAsync(user, Cancel);
            var fromBranches = await new GlobalPositionService(mongoStore, branches, ExchangeRates.Default, PositionScenario.Clock()).GetAsync(user, Cancel);
            Assert.Equal(PositionJson.Serialize(fromEmbedded with { ComputedAt = default }), PositionJson.Serialize(fromBranches with { ComputedAt = default }));
            Assert.Equal(fromEmbedded.Holdings, fromBranches.Holdings);
        }
        Assert.Contains(data.Products, p => p.ProductStatus == "Active" && p.ProductType is "Loan" or "Mortgage");
        Assert.NotEmpty(data.SyncStates);
    }

    /// <summary>The fallback path on its own, whatever the server supports.</summary>
    private sealed class BranchFinds(MongoPositionQuery query) : IPositionQuery
    {
        public Task<PositionSnapshot> GetSnapshotAsync(ObjectId userId, CancellationToken cancellationToken = default) =>
            query.GetSnapshotByBranchesAsync(userId, cancellationToken);
    }
}
