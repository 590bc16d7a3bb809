namespace LeafyBank.Tests.Core.Persistence;

/// <summary>
/// MongoDB's <c>explain</c> for the index tests. A server that cannot explain (e.g. an in-memory
/// wire-compatible stand-in) makes the test skip with that reason: it cannot pass without evidence.
/// </summary>
internal static class MongoExplain
{
    /// <summary>The query planner's answer for <paramref name="command"/>; <paramref name="checking"/> says what the skip could not check.</summary>
    public static async Task<BsonDocument> ExplainAsync(MongoDocumentStore store, BsonDocument command, string checking, CancellationToken cancellationToken)
    {
        BsonDocument explained;
        try
        {
            explained = await store.Database.RunCommandAsync<BsonDocument>(
                new BsonDocument { { "explain", command }, { "verbosity", "queryPlanner" } }, cancellationToken: cancellationToken);
        }
        catch (MongoCommandException exception)
        {
            Assert.Skip($"This MongoDB server cannot explain ({exception.Code}: {exception.ErrorMessage}); run against MongoDB 4.4+ to check {checking}.");
            throw;
        }
        if (!explained.ToJson().Contains("winningPlan", StringComparison.Ordinal))
        {
            Assert.Skip($"This MongoDB server's explain output has no query plan (winningPlan); run against MongoDB 4.4+ to check {checking}.");
        }
        return explained;
    }

    /// <summary>Every plan stage under a plan (classic: inputStage/inputStages; slot-based engine: queryPlan), depth first.</summary>
    public static IEnumerable<BsonDocument> Stages(BsonValue value) => value switch
    {
        BsonDocument document => (document.GetValue("stage", BsonNull.Value).IsString ? [document] : Enumerable.Empty<BsonDocument>())
            .Concat(document.Values.SelectMany(Stages)),
        BsonArray array => array.SelectMany(Stages),
        _ => [],
    };
}
