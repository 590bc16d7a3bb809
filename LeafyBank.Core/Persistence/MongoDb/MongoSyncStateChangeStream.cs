using LeafyBank.Core.Domain;
using LeafyBank.Core.Notifications;
using MongoDB.Bson;
using MongoDB.Driver;

namespace LeafyBank.Core.Persistence.MongoDb;

/// <summary>
/// A change stream on <c>sync_state</c> (replica sets and sharded clusters only). Keeps the last
/// resume token, so a stream that broke (an election, a network blip) is reopened where it
/// stopped and no finished sync is missed.
/// </summary>
internal sealed class MongoSyncStateChangeStream(IMongoCollection<SyncState> states, MongoFailures failures) : ISyncStateChangeFeed
{
    // Inserts, field updates and the replace-by-id writes the store does; deletes carry no owner.
    private static readonly PipelineDefinition<ChangeStreamDocument<SyncState>, ChangeStreamDocument<SyncState>> Writes =
        new EmptyPipelineDefinition<ChangeStreamDocument<SyncState>>()
            .Match(change => change.OperationType == ChangeStreamOperationType.Insert
                             || change.OperationType == ChangeStreamOperationType.Update
                             || change.OperationType == ChangeStreamOperationType.Replace);

    private BsonDocument? resumeToken;
    private bool everOpened;

    public Task WatchAsync(Action onOpened, Action<SyncStateChange> onChange, CancellationToken cancellationToken) =>
        failures.Translate(() => WatchCoreAsync(onOpened, onChange, cancellationToken));

    private async Task WatchCoreAsync(Action onOpened, Action<SyncStateChange> onChange, CancellationToken cancellationToken)
    {
        // Updates carry only the changed fields; the owner and version come from the document as it is after the write.
        var options = new ChangeStreamOptions { FullDocument = ChangeStreamFullDocumentOption.UpdateLookup, ResumeAfter = resumeToken };
        IChangeStreamCursor<ChangeStreamDocument<SyncState>> cursor;
        try
        {
            cursor = await states.WatchAsync(Writes, options, cancellationToken);
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
                    if (change.FullDocument is { } state)
                    {
                        onChange(SyncStateChange.From(state));
                    }
                }
                // The post-batch token also moves on quiet batches, so a resume does not replay old history.
                resumeToken = cursor.GetResumeToken() ?? resumeToken;
            }
        }
    }
}
