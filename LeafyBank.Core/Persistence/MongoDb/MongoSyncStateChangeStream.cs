using LeafyBank.Core.Domain;
using LeafyBank.Core.Notifications;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;

namespace LeafyBank.Core.Persistence.MongoDb;

/// <summary>
/// One change stream on the database, limited to <c>sync_state</c> (a sync finished) and <c>consents</c> (a connection
/// made, renewed or ended) (replica sets and sharded clusters only): one cursor and one resume token for both, so a
/// stream that broke (an election, a network blip) is reopened where it stopped and no change is missed.
/// </summary>
internal sealed class MongoSyncStateChangeStream(IMongoDatabase database, MongoFailures failures) : ISyncStateChangeFeed
{
    private static readonly string SyncStates = OpenFinanceCollections.SyncStates.CollectionName;
    private static readonly string Consents = OpenFinanceCollections.Consents.CollectionName;

    // Inserts, field updates and the replace-by-id writes the store does, in the two collections only (filtered on the
    // server: the database's other writes never reach this instance); deletes carry no owner.
    private static readonly PipelineDefinition<ChangeStreamDocument<BsonDocument>, ChangeStreamDocument<BsonDocument>> ConnectionWrites =
        new EmptyPipelineDefinition<ChangeStreamDocument<BsonDocument>>()
            .Match(new BsonDocument
            {
                { "operationType", new BsonDocument("$in", new BsonArray { "insert", "update", "replace" }) },
                { "ns.coll", new BsonDocument("$in", new BsonArray { SyncStates, Consents }) },
            });

    private BsonDocument? resumeToken;
    private bool everOpened;

    public Task WatchAsync(Action onOpened, Action<SyncStateChange> onChange, Action<ConsentStatusChange> onConsentChange, CancellationToken cancellationToken) =>
        failures.Translate(() => WatchCoreAsync(onOpened, onChange, onConsentChange, cancellationToken));

    private async Task WatchCoreAsync(Action onOpened, Action<SyncStateChange> onChange, Action<ConsentStatusChange> onConsentChange,
        CancellationToken cancellationToken)
    {
        // Updates carry only the changed fields; the owner, version and status come from the document as it is after the write.
        var options = new ChangeStreamOptions { FullDocument = ChangeStreamFullDocumentOption.UpdateLookup, ResumeAfter = resumeToken };
        IChangeStreamCursor<ChangeStreamDocument<BsonDocument>> cursor;
        try
        {
            cursor = await database.WatchAsync(ConnectionWrites, options, cancellationToken);
        }
        catch (MongoCommandException exception) when (!everOpened)
        {
            // A standalone server answers 40573 ("only supported on replica sets"); wire-protocol emulations answer with an unknown stage.
            // An emulation may answer with no code name at all: the number still says which refusal it was.
            var code = string.IsNullOrEmpty(exception.CodeName) ? $"code {exception.Code}" : exception.CodeName;
            throw new ChangeFeedUnavailableException($"this MongoDB server has no change streams ({code}: {exception.ErrorMessage})", exception);
        }
        catch (MongoCommandException exception) when (exception.CodeName == "ChangeStreamHistoryLost")
        {
            // The token fell off the oplog: start afresh (the relay re-reads its customers after every open).
            resumeToken = null;
            throw;
        }

        using (cursor)
        {
            everOpened = true;
            onOpened();
            while (await cursor.MoveNextAsync(cancellationToken))
            {
                foreach (var change in cursor.Current)
                {
                    if (change.FullDocument is not { } document)
                    {
                        // Deleted again before the lookup: the write it followed no longer stands.
                        continue;
                    }
                    if (change.CollectionNamespace.CollectionName == Consents)
                    {
                        onConsentChange(ConsentStatusChange.From(BsonSerializer.Deserialize<Consent>(document)));
                    }
                    else
                    {
                        onChange(SyncStateChange.From(BsonSerializer.Deserialize<SyncState>(document)));
                    }
                }
                // The post-batch token also moves on quiet batches, so a resume does not replay old history.
                resumeToken = cursor.GetResumeToken() ?? resumeToken;
            }
        }
    }
}
