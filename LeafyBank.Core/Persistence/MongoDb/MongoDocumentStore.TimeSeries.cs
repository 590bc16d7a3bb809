using MongoDB.Bson;
using MongoDB.Driver;

namespace LeafyBank.Core.Persistence.MongoDb;

public sealed partial class MongoDocumentStore
{
    /// <summary>
    /// MongoDB 6.0: the first version whose time series take the secondary indexes a
    /// <see cref="DocumentKind{T}"/> asks for on measurement fields (position history's
    /// <c>RecordedAt</c>) and the owner-scoped deletes the linked-data eraser sends. MongoDB 5.0
    /// refuses both, so there the store would not start (its createIndexes fails) and a customer's
    /// history could not be erased.
    /// </summary>
    internal const int TimeSeriesWireVersion = 17;

    private readonly HashSet<string> timeSeriesCollections = [];
    private readonly Lock timeSeriesGate = new();

    /// <summary>The server's <c>maxWireVersion</c> from its <c>hello</c> (0 until known or when not told).</summary>
    private int serverWireVersion;

    /// <summary>Whether a new collection described as a time series is created as one on a server of this wire version.</summary>
    internal static bool CreatesTimeSeries(int maxWireVersion) => maxWireVersion >= TimeSeriesWireVersion;

    /// <summary>Whether <paramref name="collectionName"/> is, on this server, a time-series collection.</summary>
    public bool IsTimeSeries(string collectionName)
    {
        lock (timeSeriesGate)
        {
            return timeSeriesCollections.Contains(collectionName);
        }
    }

    /// <summary>
    /// Creates a collection described with a <see cref="TimeSeriesLayout"/> as a time series
    /// (MongoDB 6.0+, <see cref="TimeSeriesWireVersion"/>), once: an existing collection is kept as
    /// it is. An older server (or one that refuses the options, such as an emulation) gets a plain
    /// collection, and what the server really made (<c>listCollections</c>' type) decides how the
    /// collection is written.
    /// </summary>
    private async Task CreateTimeSeriesIfPossibleAsync(IDocumentKind kind, CancellationToken cancellationToken)
    {
        if (kind.TimeSeries is not { } layout)
        {
            return;
        }
        if (CreatesTimeSeries(serverWireVersion) && await CollectionTypeAsync(kind.CollectionName, cancellationToken) is null)
        {
            try
            {
                await database.CreateCollectionAsync(kind.CollectionName, new CreateCollectionOptions
                {
                    TimeSeriesOptions = new TimeSeriesOptions(layout.TimeField, layout.MetaField, TimeSeriesGranularity.Hours),
                }, cancellationToken);
            }
            catch (MongoCommandException exception) when (exception.CodeName != "NamespaceExists")
            {
                // Refused (no time series on this server): a plain collection, created by the first write or index.
            }
            catch (MongoCommandException)
            {
                // Another instance created it between our look and our create: take what it made.
            }
        }
        if (await CollectionTypeAsync(kind.CollectionName, cancellationToken) == "timeseries")
        {
            lock (timeSeriesGate)
            {
                timeSeriesCollections.Add(kind.CollectionName);
            }
        }
    }

    private async Task<string?> CollectionTypeAsync(string name, CancellationToken cancellationToken)
    {
        using var cursor = await database.ListCollectionsAsync(
            new ListCollectionsOptions { Filter = new BsonDocument("name", name) }, cancellationToken);
        var found = await cursor.FirstOrDefaultAsync(cancellationToken);
        return found is null ? null : found.GetValue("type", "collection").AsString;
    }
}
