namespace LeafyBank.Tests.Core.Persistence.MongoDb;

/// <summary>
/// What start-up and /health say when the driver finds no usable server: a server that answers
/// but refuses the handshake must be told apart from one that does not answer at all.
/// </summary>
public sealed class MongoUnreachableReasonTests
{
    // The driver's server-selection timeout as MongoDB.Driver 3.14 words it when an in-memory
    // wire-protocol emulation refuses the Stable API handshake (trimmed after the first stack frame).
    private const string HelloRefused =
        "A timeout occurred after 9996ms selecting a server using CompositeServerSelector{ Selectors = ReadPreferenceServerSelector{ ReadPreference = { Mode : Primary } }, " +
        "LatencyLimitingServerSelector{ AllowedLatencyRange = 00:00:00.0150000 }, OperationsCountServerSelector }. Client view of cluster state is { ClusterId : \"1\", " +
        "Type : \"Unknown\", State : \"Disconnected\", Servers : [{ ServerId: \"{ ClusterId : 1, EndPoint : \"127.0.0.1:27017\" }\", EndPoint: \"127.0.0.1:27017\", " +
        "ReasonChanged: \"Heartbeat\", State: \"Disconnected\", ServerVersion: , TopologyVersion: , Type: \"Unknown\", HeartbeatException: " +
        "\"MongoDB.Driver.MongoConnectionException: An exception occurred while opening a connection to the server.\n" +
        " ---> MongoDB.Driver.MongoCommandException: Command hello failed: no such command: 'hello'.\n" +
        "   at MongoDB.Driver.Core.WireProtocol.CommandUsingCommandMessageWireProtocol`1.ProcessResponse(ConnectionId connectionId, CommandMessage responseMessage)\"}] }.";

    private const string NothingListening =
        "A timeout occurred after 8000ms selecting a server. Client view of cluster state is { Servers : [{ HeartbeatException: " +
        "\"MongoDB.Driver.MongoConnectionException: An exception occurred while opening a connection to the server.\n" +
        " ---> System.Net.Sockets.SocketException (111): Connection refused\n   at System.Net.Sockets.Socket\"}] }.";

    [Fact]
    public async Task A_refused_stable_api_handshake_is_named_with_the_setting_that_turns_it_off()
    {
        await using var store = new MongoDocumentStore("mongodb://127.0.0.1:27017", "unused", TimeSpan.FromSeconds(10));

        var reason = store.Describe(new TimeoutException(HelloRefused));

        Assert.Equal(
            "the server refused the connection handshake (Command hello failed: no such command: 'hello'.); " +
            $"a server without Stable API V1 needs {ConfigurationKeys.MongoStableApi}=off (MongoDb:StableApi)",
            reason);
    }

    [Fact]
    public async Task Without_a_declared_stable_api_a_refused_handshake_gives_no_setting_hint()
    {
        await using var store = new MongoDocumentStore("mongodb://127.0.0.1:27017", "unused", TimeSpan.FromSeconds(10),
            settings: new MongoDbSettings { StableApi = "off" });

        var reason = store.Describe(new TimeoutException(HelloRefused));

        Assert.Equal("the server refused the connection handshake (Command hello failed: no such command: 'hello'.)", reason);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_is_still_reported_by_its_socket_error()
    {
        await using var store = new MongoDocumentStore("mongodb://127.0.0.1:27017", "unused", TimeSpan.FromSeconds(8));

        var reason = store.Describe(new TimeoutException(NothingListening));

        Assert.Equal("no server answered within 8 s: Connection refused", reason);
    }
}
