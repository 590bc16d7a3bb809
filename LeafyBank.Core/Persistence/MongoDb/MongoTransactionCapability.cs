using MongoDB.Bson;

namespace LeafyBank.Core.Persistence.MongoDb;

/// <summary>
/// Reads from the server's <c>hello</c> answer whether it runs multi-document transactions: a
/// replica-set member (<c>setName</c>, MongoDB 4.0+) or a mongos (<c>msg: "isdbgrid"</c>, 4.2+),
/// with logical sessions (<c>logicalSessionTimeoutMinutes</c>). A standalone server, or an
/// emulation without sessions, has none.
/// </summary>
public static class MongoTransactionCapability
{
    private const int ReplicaSetTransactionsWireVersion = 7;  // MongoDB 4.0
    private const int ShardedTransactionsWireVersion = 8;     // MongoDB 4.2

    public static TransactionCapability FromHello(BsonDocument hello)
    {
        var wireVersion = hello.TryGetValue("maxWireVersion", out var wire) && wire.IsNumeric ? wire.ToInt32() : 0;
        string topology;
        int neededWireVersion;
        if (hello.TryGetValue("msg", out var msg) && msg.IsString && msg.AsString == "isdbgrid")
        {
            topology = "sharded cluster";
            neededWireVersion = ShardedTransactionsWireVersion;
        }
        else if (hello.TryGetValue("setName", out var setName) && setName.IsString)
        {
            topology = $"replica set {setName.AsString}";
            neededWireVersion = ReplicaSetTransactionsWireVersion;
        }
        else
        {
            return new TransactionCapability(false, "standalone");
        }

        if (!hello.TryGetValue("logicalSessionTimeoutMinutes", out var sessions) || sessions.IsBsonNull)
        {
            return new TransactionCapability(false, $"{topology} without logical sessions");
        }
        if (wireVersion < neededWireVersion)
        {
            return new TransactionCapability(false, $"{topology} on a server too old for transactions");
        }
        return new TransactionCapability(true, topology);
    }
}
