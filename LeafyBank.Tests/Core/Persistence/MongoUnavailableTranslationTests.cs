using System.Net;
using MongoDB.Driver.Core.Clusters;
using MongoDB.Driver.Core.Connections;
using MongoDB.Driver.Core.Servers;

namespace LeafyBank.Tests.Core.Persistence;

/// <summary>
/// MongoDB that does not answer, at run time: every operation of the engine (collections, the
/// transaction path, the read models) reports the store's own <see cref="StoreUnavailableException"/>
/// naming the host, never the driver's server-selection <see cref="TimeoutException"/>, so nothing
/// above the engine has to know the driver. No server is needed: nothing listens on the port.
/// </summary>
public sealed class MongoUnavailableTranslationTests : IAsyncDisposable
{
    // The discard port on loopback: nothing listens there, so server selection ends in "connection refused".
    private const string Nowhere = "mongodb://127.0.0.1:9/";
    private const string Host = "127.0.0.1:9";
    private static readonly TimeSpan SelectionTimeout = TimeSpan.FromMilliseconds(300);
    private static readonly ObjectId Ada = ObjectId.GenerateNewId();

    // InitializeAsync is skipped on purpose: the server was there at start-up and is gone now.
    private readonly MongoDocumentStore store = new(Nowhere, "unavailable_at_run_time", SelectionTimeout);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_find_reports_the_store_unavailable_naming_the_host()
    {
        var thrown = await Assert.ThrowsAsync<StoreUnavailableException>(() =>
            store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(Ada, cancellationToken: Cancel));

        AssertNamesTheHostAndKeepsTheDriverError(thrown);
    }

    [Fact]
    public async Task An_upsert_reports_the_store_unavailable_naming_the_host()
    {
        var thrown = await Assert.ThrowsAsync<StoreUnavailableException>(() =>
            store.Collection(OpenFinanceCollections.ExternalAccounts).UpsertAsync(TestDocuments.Account(Ada, "Green Bank", "GB-1", 10m), Cancel));

        AssertNamesTheHostAndKeepsTheDriverError(thrown);
    }

    [Fact]
    public async Task An_export_reports_the_store_unavailable_naming_the_host()
    {
        var thrown = await Assert.ThrowsAsync<StoreUnavailableException>(async () =>
        {
            await foreach (var _ in store.Collection(OpenFinanceCollections.ExternalAccounts).ExportAsync(Cancel))
            {
            }
        });

        AssertNamesTheHostAndKeepsTheDriverError(thrown);
    }

    [Fact]
    public async Task Work_in_a_store_transaction_reports_the_store_unavailable_naming_the_host()
    {
        var thrown = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.RunInTransactionAsync(
            (scope, token) => scope.Collection(OpenFinanceCollections.ExternalAccounts).UpsertAsync(TestDocuments.Account(Ada, "Green Bank", "GB-1", 10m), token),
            Cancel));

        AssertNamesTheHostAndKeepsTheDriverError(thrown);
    }

    [Fact]
    public async Task The_position_query_reports_the_store_unavailable_naming_the_host()
    {
        var thrown = await Assert.ThrowsAsync<StoreUnavailableException>(() => new MongoPositionQuery(store).GetSnapshotAsync(Ada, Cancel));

        AssertNamesTheHostAndKeepsTheDriverError(thrown);
    }

    [Fact]
    public async Task The_position_history_reports_the_store_unavailable_naming_the_host()
    {
        var day = DateOnly.FromDateTime(TestTime.Frozen().GetUtcNow().UtcDateTime);

        var thrown = await Assert.ThrowsAsync<StoreUnavailableException>(() => new MongoPositionHistoryStore(store).ReadAsync(Ada, day.AddDays(-7), day, Cancel));

        AssertNamesTheHostAndKeepsTheDriverError(thrown);
    }

    [Fact]
    public async Task The_transaction_query_reports_the_store_unavailable_naming_the_host()
    {
        var query = new MongoTransactionQuery(store);
        var criteria = TransactionCriteria.From(new TransactionFilter());

        var page = await Assert.ThrowsAsync<StoreUnavailableException>(() => query.FindAsync(Ada, criteria, Cancel));
        var stream = await Assert.ThrowsAsync<StoreUnavailableException>(async () =>
        {
            await foreach (var _ in query.StreamAsync(Ada, criteria, Cancel))
            {
            }
        });

        AssertNamesTheHostAndKeepsTheDriverError(page);
        AssertNamesTheHostAndKeepsTheDriverError(stream);
    }

    [Fact]
    public async Task The_cash_flow_query_reports_the_store_unavailable_naming_the_host()
    {
        var now = TestTime.Frozen().GetUtcNow().UtcDateTime;

        var thrown = await Assert.ThrowsAsync<StoreUnavailableException>(() => new MongoCashFlowQuery(store).GetBookedLinesAsync(Ada, now.AddMonths(-1), now, Cancel));

        AssertNamesTheHostAndKeepsTheDriverError(thrown);
    }

    [Fact]
    public async Task The_analytics_query_reports_the_store_unavailable_naming_the_host()
    {
        var thrown = await Assert.ThrowsAsync<StoreUnavailableException>(() =>
            new MongoAnalyticsQuery(store).AggregateAcrossCustomersAsync(TestTime.Frozen().GetUtcNow().UtcDateTime, Cancel));

        AssertNamesTheHostAndKeepsTheDriverError(thrown);
    }

    [Fact]
    public async Task The_message_never_carries_the_password_of_the_connection_string()
    {
        const string Password = "n0t-in-any-message";
        var withCredentials = $"mongodb://leafy:{Password}@127.0.0.1:9/?authSource=admin";
        await using var guarded = new MongoDocumentStore(withCredentials, "unavailable_at_run_time", SelectionTimeout);

        var thrown = await Assert.ThrowsAsync<StoreUnavailableException>(() =>
            guarded.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(Ada, cancellationToken: Cancel));

        Assert.Contains(Host, thrown.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, thrown.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(withCredentials, thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_call_stays_a_cancellation()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(Ada, cancellationToken: cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new MongoPositionQuery(store).GetSnapshotAsync(Ada, cancelled.Token));
    }

    [Fact]
    public async Task A_command_the_server_refuses_for_what_it_says_is_not_an_outage()
    {
        // An unknown pipeline stage (the code the position query's $unionWith fallback looks for): a programming error, kept loud.
        var refused = new MongoCommandException(Connection(), "Unrecognized pipeline stage name: '$unionWith'",
            new BsonDocument("aggregate", "internal_accounts"), new BsonDocument { { "ok", 0 }, { "code", 40324 }, { "errmsg", "Unrecognized pipeline stage name" } });

        var thrown = await Assert.ThrowsAsync<MongoCommandException>(() => store.Failures.Translate<int>(() => throw refused));

        Assert.Same(refused, thrown);
    }

    [Fact]
    public async Task A_primary_that_stepped_down_or_a_refused_login_is_an_outage()
    {
        var steppedDown = new MongoNotPrimaryException(Connection(), new BsonDocument("insert", "consents"),
            new BsonDocument { { "ok", 0 }, { "code", 10107 }, { "errmsg", "not primary" } });
        var unauthorised = new MongoCommandException(Connection(), "not authorized on leafybank to execute command",
            new BsonDocument("find", "consents"), new BsonDocument { { "ok", 0 }, { "code", 13 }, { "errmsg", "not authorized" } });

        foreach (var failure in new Exception[] { steppedDown, unauthorised })
        {
            var thrown = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.Failures.Translate<int>(() => throw failure));
            Assert.Same(failure, thrown.InnerException);
            Assert.Contains(Host, thrown.Message, StringComparison.Ordinal);
        }
    }

    private static void AssertNamesTheHostAndKeepsTheDriverError(StoreUnavailableException thrown)
    {
        Assert.Contains($"MongoDB at {Host}", thrown.Message, StringComparison.Ordinal);
        Assert.Contains(ConfigurationKeys.MongoUri, thrown.Message, StringComparison.Ordinal);
        Assert.IsType<TimeoutException>(thrown.InnerException);
    }

    private static ConnectionId Connection() => new(new ServerId(new ClusterId(), new DnsEndPoint("127.0.0.1", 9)));

    public ValueTask DisposeAsync() => store.DisposeAsync();
}
