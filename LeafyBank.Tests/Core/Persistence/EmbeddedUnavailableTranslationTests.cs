using Microsoft.Data.Sqlite;

namespace LeafyBank.Tests.Core.Persistence;

/// <summary>
/// The embedded store's file becomes unusable after start-up (overwritten, or its directory gone):
/// reads, writes and the read models report the store's own <see cref="StoreUnavailableException"/>
/// naming the file, never <see cref="SqliteException"/>; a duplicate key is still a conflict, and a
/// SQL mistake still a SQL error, not an outage.
/// </summary>
public sealed class EmbeddedUnavailableTranslationTests(EmbeddedStoreFixture fixture) : IClassFixture<EmbeddedStoreFixture>
{
    private static readonly ObjectId Ada = ObjectId.GenerateNewId();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static DateTime Now => TestTime.Frozen().GetUtcNow().UtcDateTime;

    [Fact]
    public async Task Reads_of_a_damaged_file_report_the_store_unavailable_naming_the_file()
    {
        var store = await DamagedStoreAsync();
        var accounts = store.Collection(OpenFinanceCollections.ExternalAccounts);

        var failures = new List<StoreUnavailableException>
        {
            await Assert.ThrowsAsync<StoreUnavailableException>(() => accounts.FindAsync(Ada, cancellationToken: Cancel)),
            await Assert.ThrowsAsync<StoreUnavailableException>(() => accounts.CountAsync(Cancel)),
            await Assert.ThrowsAsync<StoreUnavailableException>(async () =>
            {
                await foreach (var _ in accounts.ExportAsync(Cancel))
                {
                }
            }),
        };

        Assert.All(failures, thrown => AssertNamesTheFileAndKeepsTheSqliteError(store, thrown));
    }

    [Fact]
    public async Task Writes_to_a_damaged_file_report_the_store_unavailable_naming_the_file()
    {
        var store = await DamagedStoreAsync();
        var accounts = store.Collection(OpenFinanceCollections.ExternalAccounts);

        var failures = new List<StoreUnavailableException>
        {
            await Assert.ThrowsAsync<StoreUnavailableException>(() => accounts.UpsertAsync(TestDocuments.Account(Ada, "Green Bank", "GB-2", 5m), Cancel)),
            await Assert.ThrowsAsync<StoreUnavailableException>(() => accounts.UpsertManyAsync([TestDocuments.Account(Ada, "Green Bank", "GB-3", 5m)], Cancel)),
            await Assert.ThrowsAsync<StoreUnavailableException>(() => accounts.DeleteAsync(Ada, cancellationToken: Cancel)),
            await Assert.ThrowsAsync<StoreUnavailableException>(() =>
                store.Collection(OpenFinanceCollections.AuditEvents).InsertAsync(TestDocuments.Audit(Ada, "sync", Now), Cancel)),
        };

        Assert.All(failures, thrown => AssertNamesTheFileAndKeepsTheSqliteError(store, thrown));
    }

    [Fact]
    public async Task The_read_models_over_a_damaged_file_report_the_store_unavailable_naming_the_file()
    {
        var store = await DamagedStoreAsync();
        var criteria = TransactionCriteria.From(new TransactionFilter());
        var today = DateOnly.FromDateTime(Now);

        var failures = new List<StoreUnavailableException>
        {
            await Assert.ThrowsAsync<StoreUnavailableException>(() => new EmbeddedPositionQuery(store).GetSnapshotAsync(Ada, Cancel)),
            await Assert.ThrowsAsync<StoreUnavailableException>(() => new EmbeddedPositionHistoryStore(store).ReadAsync(Ada, today.AddDays(-7), today, Cancel)),
            await Assert.ThrowsAsync<StoreUnavailableException>(() => new EmbeddedTransactionQuery(store).FindAsync(Ada, criteria, Cancel)),
            await Assert.ThrowsAsync<StoreUnavailableException>(() => new EmbeddedTransactionQuery(store).GetChoicesAsync(Ada, Cancel)),
            await Assert.ThrowsAsync<StoreUnavailableException>(async () =>
            {
                await foreach (var _ in new EmbeddedTransactionQuery(store).StreamAsync(Ada, criteria, Cancel))
                {
                }
            }),
            await Assert.ThrowsAsync<StoreUnavailableException>(() => new EmbeddedCashFlowQuery(store).GetBookedLinesAsync(Ada, Now.AddMonths(-1), Now, Cancel)),
            await Assert.ThrowsAsync<StoreUnavailableException>(() => new EmbeddedAnalyticsQuery(store).AggregateAcrossCustomersAsync(Now, Cancel)),
        };

        Assert.All(failures, thrown => AssertNamesTheFileAndKeepsTheSqliteError(store, thrown));
    }

    [Fact]
    public async Task A_store_whose_directory_is_gone_reports_the_store_unavailable_naming_the_file()
    {
        var store = (SqliteDocumentStore)await fixture.CreateStoreAsync();
        await ReleaseFileAsync(store);
        Directory.Delete(store.DataDirectory, recursive: true);

        var thrown = await Assert.ThrowsAsync<StoreUnavailableException>(() =>
            store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(Ada, cancellationToken: Cancel));

        AssertNamesTheFileAndKeepsTheSqliteError(store, thrown);
        Assert.Contains(ConfigurationKeys.DataDirectory, thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_duplicate_key_on_a_working_store_is_still_a_conflict()
    {
        var store = await fixture.CreateStoreAsync();
        var ledger = store.Collection(OpenFinanceCollections.AuditEvents);
        var first = TestDocuments.Audit(Ada, "sync", Now);
        await ledger.InsertAsync(first, Cancel);
        var sameId = TestDocuments.Audit(Ada, "sync", Now.AddMinutes(1));
        sameId.Id = first.Id;

        var thrown = await Assert.ThrowsAsync<DocumentConflictException>(() => ledger.InsertAsync(sameId, Cancel));

        Assert.Equal(first.Id.ToString(), thrown.DocumentId);
    }

    [Fact]
    public async Task A_sql_mistake_is_not_an_outage()
    {
        var store = (SqliteDocumentStore)await fixture.CreateStoreAsync();
        var mistake = new SqliteException("SQLite Error 1: 'no such table: nowhere'.", 1);

        var thrown = await Assert.ThrowsAsync<SqliteException>(() => store.Failures.Translate<int>(() => throw mistake));

        Assert.Same(mistake, thrown);
    }

    /// <summary>An initialised store holding one account, whose file is then overwritten with bytes that are not a database.</summary>
    private async Task<SqliteDocumentStore> DamagedStoreAsync()
    {
        var store = (SqliteDocumentStore)await fixture.CreateStoreAsync();
        await store.Collection(OpenFinanceCollections.ExternalAccounts).UpsertAsync(TestDocuments.Account(Ada, "Green Bank", "GB-1", 10m), Cancel);
        await ReleaseFileAsync(store);
        await File.WriteAllBytesAsync(store.DatabasePath, Encoding.ASCII.GetBytes(new string('x', 8192)), Cancel);
        File.Delete(store.DatabasePath + "-wal");
        File.Delete(store.DatabasePath + "-shm");
        return store;
    }

    /// <summary>
    /// Pooled connections keep the old file open; disposing the store releases its pool (only), and
    /// the store opens fresh connections on its next call, as after a restart.
    /// </summary>
    private static async Task ReleaseFileAsync(SqliteDocumentStore store) => await store.DisposeAsync();

    private static void AssertNamesTheFileAndKeepsTheSqliteError(SqliteDocumentStore store, StoreUnavailableException thrown)
    {
        Assert.Contains($"The embedded store at {store.DatabasePath}", thrown.Message, StringComparison.Ordinal);
        Assert.IsType<SqliteException>(thrown.InnerException);
    }
}
