using MongoDB.Bson.Serialization;
using MongoDB.Driver;

namespace LeafyBank.Tests.Core.Banking.Sync;

/// <summary>
/// What the MongoDB engine sends for "still the revision read" (<see cref="IDocumentCollection{T}.TryReplaceAsync"/> adds the
/// precondition to its filter as it is): a revision read as none must match a document without the field, as
/// <c>{ Revision: null }</c> does; <c>{ Revision: 0 }</c> would not.
/// </summary>
public sealed class SyncStateRevisionFilterTests
{
    [Fact]
    public void A_revision_read_as_none_renders_as_null_which_also_matches_a_missing_field()
    {
        var rendered = Render(null);

        Assert.Equal(new BsonDocument(nameof(SyncState.Revision), BsonNull.Value), rendered);
    }

    [Fact]
    public void A_revision_read_renders_as_the_64_bit_number_the_mapping_stores()
    {
        var rendered = Render(4);

        Assert.Equal(new BsonDocument(nameof(SyncState.Revision), new BsonInt64(4)), rendered);
        Assert.Equal(BsonType.Int64, rendered[nameof(SyncState.Revision)].BsonType);
    }

    private static BsonDocument Render(long? asRead)
    {
        OpenFinanceBsonMapping.Register();
        return Builders<SyncState>.Filter.Where(SyncStateWrites.Unchanged(asRead))
            .Render(new RenderArgs<SyncState>(BsonSerializer.LookupSerializer<SyncState>(), BsonSerializer.SerializerRegistry));
    }
}
