using LeafyBank.Core.Configuration;
using MongoDB.Driver;

namespace LeafyBank.Core.Persistence.MongoDb;

/// <summary>
/// What the MongoDB driver throws when the server is gone or will not serve this app: server
/// selection finding no usable server (a <see cref="TimeoutException"/> naming the socket or
/// handshake error), a connection that failed or broke (authentication included), a primary that
/// stepped down or a node that is recovering, a connection pool that is paused or full, and the
/// server's own "unreachable, shutting down, not authorised" codes. A command the server refuses
/// for what it says (a bad pipeline, a duplicate key, a validator) is not among them.
/// </summary>
internal sealed class MongoFailures(MongoDocumentStore store) : StoreFailures
{
    /// <summary>Server error codes that say the server (or the account) cannot serve this app now, not that the command was wrong.</summary>
    private static readonly HashSet<int> UnavailableCodes =
    [
        6, // HostUnreachable
        7, // HostNotFound
        13, // Unauthorized: the account may not do what the app needs
        18, // AuthenticationFailed
        89, // NetworkTimeout
        91, // ShutdownInProgress
        189, // PrimarySteppedDown
        10107, // NotWritablePrimary
        11600, // InterruptedAtShutdown
        11602, // InterruptedDueToReplStateChange
        13435, // NotPrimaryNoSecondaryOk
        13436, // NotPrimaryOrSecondary
    ];

    protected override bool MeansUnavailable(Exception exception) => exception switch
    {
        TimeoutException => true,
        // MongoAuthenticationException and MongoConnectionClosedException are connection failures too.
        MongoConnectionException => true,
        MongoNotPrimaryException or MongoNodeIsRecoveringException => true,
        MongoConnectionPoolPausedException or MongoWaitQueueFullException or MongoIncompatibleDriverException => true,
        MongoCommandException command => UnavailableCodes.Contains(command.Code),
        _ => false,
    };

    // The host list only: the connection string may carry a password.
    protected override string Explain(Exception exception) =>
        $"MongoDB at {store.Hosts} cannot be used ({store.Describe(exception)}). " +
        $"Check that the server is running, that this machine may connect to it and that the account in {ConfigurationKeys.MongoUri} is accepted.";
}
