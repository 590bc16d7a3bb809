namespace LeafyBank.Tests.Core.Persistence;

/// <summary>What the store decides from the server's <c>hello</c> (answers as MongoDB 8.0 gives them, trimmed).</summary>
public sealed class MongoTransactionCapabilityTests
{
    [Fact]
    public void A_replica_set_member_with_sessions_runs_transactions()
    {
        var capability = MongoTransactionCapability.FromHello(BsonDocument.Parse(
            """{ isWritablePrimary: true, setName: "rs0", hosts: ["mongo:27017"], logicalSessionTimeoutMinutes: 30, maxWireVersion: 25, ok: 1 }"""));

        Assert.Equal(new TransactionCapability(true, "replica set rs0"), capability);
        Assert.Equal("supported", capability.Describe());
    }

    [Fact]
    public void A_mongos_runs_transactions()
    {
        var capability = MongoTransactionCapability.FromHello(BsonDocument.Parse(
            """{ isWritablePrimary: true, msg: "isdbgrid", logicalSessionTimeoutMinutes: 30, maxWireVersion: 25, ok: 1 }"""));

        Assert.Equal(new TransactionCapability(true, "sharded cluster"), capability);
    }

    [Fact]
    public void A_standalone_server_has_no_transactions_even_with_sessions()
    {
        var capability = MongoTransactionCapability.FromHello(BsonDocument.Parse(
            """{ isWritablePrimary: true, logicalSessionTimeoutMinutes: 30, maxWireVersion: 25, ok: 1 }"""));

        Assert.False(capability.Supported);
        Assert.Equal("unsupported (standalone)", capability.Describe());
    }

    [Theory]
    [InlineData("""{ setName: "rs0", maxWireVersion: 25, ok: 1 }""", "replica set rs0 without logical sessions")]
    [InlineData("""{ setName: "rs0", logicalSessionTimeoutMinutes: null, maxWireVersion: 25, ok: 1 }""", "replica set rs0 without logical sessions")]
    [InlineData("""{ msg: "isdbgrid", logicalSessionTimeoutMinutes: 30, maxWireVersion: 7, ok: 1 }""", "sharded cluster on a server too old for transactions")]
    [InlineData("""{ setName: "rs0", logicalSessionTimeoutMinutes: 30, maxWireVersion: 6, ok: 1 }""", "replica set rs0 on a server too old for transactions")]
    [InlineData("{ }", "standalone")]
    public void Without_sessions_or_on_an_old_server_the_idempotent_path_stays(string hello, string reason)
    {
        Assert.Equal(new TransactionCapability(false, reason), MongoTransactionCapability.FromHello(BsonDocument.Parse(hello)));
    }
}
