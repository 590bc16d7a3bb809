using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence.MongoDb;
using LeafyBank.Core.Transactions;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;

namespace LeafyBank.Tests.Transactions;

/// <summary>
/// The cash-flow aggregation rendered without a server: it leads with the owner and the booking
/// date (the prefix of <c>ix_external_transactions_user_date_id</c>), keeps only booked lines, and
/// projects just the fields the rules read.
/// </summary>
public sealed class MongoCashFlowShapeTests
{
    private static readonly ObjectId User = ObjectId.Parse("65a546ae4a8f64e8f88fb89e");

    [Fact]
    public void The_cash_flow_pipeline_matches_the_owners_booked_lines_in_range_and_projects_only_what_the_rules_read()
    {
        var stages = MongoCashFlowQuery.Pipeline(User, new DateTime(2026, 1, 29, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 3, 16, 0, 0, 0, DateTimeKind.Utc))
            .Render(new RenderArgs<ExternalTransaction>(BsonSerializer.LookupSerializer<ExternalTransaction>(), BsonSerializer.SerializerRegistry))
            .Documents;
        Xunit.TestContext.Current.TestOutputHelper?.WriteLine(new BsonArray(stages).ToJson(new MongoDB.Bson.IO.JsonWriterSettings { Indent = true }));

        Assert.Equal(["$match", "$project"], stages.Select(stage => stage.GetElement(0).Name));
        var match = stages[0]["$match"].AsBsonDocument;
        Assert.Equal(["TransactionUser.UserId", "BookingDate", "BookingStatus"], match.Names);
        Assert.Equal(User, match["TransactionUser.UserId"].AsObjectId);
        Assert.Equal(["$gte", "$lt"], match["BookingDate"].AsBsonDocument.Names);
        Assert.Equal("booked", match["BookingStatus"].AsString);
        var projected = stages[1]["$project"].AsBsonDocument.Names.Where(name => name != "_id").ToList();
        Assert.Equal(["Bank", "AccountId", "TransactionId", "Amount", "Currency", "BookingDate", "Category", "Description"], projected);
    }
}
