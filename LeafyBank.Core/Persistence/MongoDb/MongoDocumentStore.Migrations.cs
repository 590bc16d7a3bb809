using LeafyBank.Core.Transactions;
using MongoDB.Bson;
using MongoDB.Driver;

namespace LeafyBank.Core.Persistence.MongoDb;

/// <summary>
/// Start-up upgrades of a database an earlier version wrote. Such a database still holds an index
/// this version retired (<see cref="DocumentKind{TDocument}.RetiredIndexNames"/>): the upgrade runs
/// then, and the retired indexes are dropped only after it, so an interrupted upgrade runs again at
/// the next start. A current database costs one listIndexes per collection and nothing else.
/// </summary>
public sealed partial class MongoDocumentStore
{
    /// <summary>Transactions filled in per bulk write: bounded memory and request size, whatever the collection holds.</summary>
    private const int SearchBackfillBatchSize = 1000;

    private async Task RetireIndexesAsync(IDocumentKind kind, CancellationToken cancellationToken)
    {
        if (kind.RetiredIndexNames.Count == 0)
        {
            return;
        }
        var collection = database.GetCollection<BsonDocument>(kind.CollectionName);
        var present = new List<string>();
        using (var cursor = await collection.Indexes.ListAsync(cancellationToken))
        {
            await cursor.ForEachAsync(index =>
            {
                if (index.GetValue("name", BsonNull.Value) is BsonString name && kind.RetiredIndexNames.Contains(name.Value))
                {
                    present.Add(name.Value);
                }
            }, cancellationToken);
        }
        if (present.Count == 0)
        {
            return;
        }
        if (kind.CollectionName == OpenFinanceCollections.ExternalTransactions.CollectionName)
        {
            await BackfillTransactionSearchTextAsync(collection, cancellationToken);
        }
        foreach (var name in present)
        {
            await collection.Indexes.DropOneAsync(name, cancellationToken);
        }
    }

    /// <summary>
    /// Gives every transaction stored without it the normalised search field a current write stores
    /// (<see cref="TransactionSearch"/>), with $set so no other field is touched.
    /// </summary>
    private static async Task BackfillTransactionSearchTextAsync(IMongoCollection<BsonDocument> collection, CancellationToken cancellationToken)
    {
        var missing = Builders<BsonDocument>.Filter.Exists("SearchText", exists: false);
        var fields = Builders<BsonDocument>.Projection.Include("Description").Include("Merchant").Include("Category");
        while (true)
        {
            var batch = await collection.Find(missing).Project(fields).Limit(SearchBackfillBatchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return;
            }
            var updates = batch.Select(document => new UpdateOneModel<BsonDocument>(
                Builders<BsonDocument>.Filter.Eq("_id", document["_id"]) & missing,
                Builders<BsonDocument>.Update.Set("SearchText", TransactionSearch.TextOf(Text(document, "Description"), Text(document, "Merchant"), Text(document, "Category")))));
            // Only a derived field is added: a document stored before the validators existed must not stop the upgrade (and start-up).
            await collection.BulkWriteAsync(updates, new BulkWriteOptions { IsOrdered = false, BypassDocumentValidation = true }, cancellationToken);
        }
    }

    private static string? Text(BsonDocument document, string field) =>
        document.GetValue(field, BsonNull.Value) is BsonString text ? text.Value : null;
}
