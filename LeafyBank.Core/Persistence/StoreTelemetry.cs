using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LeafyBank.Core.Persistence;

/// <summary>Traces for store operations (exported over OTLP when configured). Never carries document contents.</summary>
public static class StoreTelemetry
{
    public const string SourceName = "LeafyBank.Store";

    private static readonly ActivitySource Source = new(SourceName);
    private static readonly Meter Meter = new(SourceName);
    private static readonly Counter<long> Operations = Meter.CreateCounter<long>("leafybank.store.operations", description: "Store operations by engine, collection and kind.");

    public static Activity? Start(string operation, string engine, string collection)
    {
        Operations.Add(1,
            new KeyValuePair<string, object?>("db.operation", operation),
            new KeyValuePair<string, object?>("db.system", engine),
            new KeyValuePair<string, object?>("db.collection", collection));
        var activity = Source.StartActivity($"{operation} {collection}", ActivityKind.Client);
        activity?.SetTag("db.system", engine);
        activity?.SetTag("db.collection.name", collection);
        activity?.SetTag("db.operation.name", operation);
        return activity;
    }
}

public static class StoreEngines
{
    public const string Embedded = "embedded";
    public const string MongoDb = "mongodb";
}
