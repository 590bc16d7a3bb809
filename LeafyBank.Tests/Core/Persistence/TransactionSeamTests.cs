using LeafyBank.Tests.Core.Banking.Sync;

namespace LeafyBank.Tests.Core.Persistence;

/// <summary>
/// The three writers that run in a transaction where MongoDB has them — a sync's snapshot replace,
/// "Delete all my linked data" and deleting one bank's data — reach the store through
/// <see cref="IDocumentStore.RunInTransactionAsync{T}"/>, and on the embedded engine (no
/// transactions: the idempotent path) they still do their whole job.
/// </summary>
public sealed class TransactionSeamTests(EmbeddedStoreFixture fixture) : IClassFixture<EmbeddedStoreFixture>
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private static readonly string[] SnapshotCollections =
    [
        OpenFinanceCollections.ExternalAccounts.CollectionName, OpenFinanceCollections.ExternalProducts.CollectionName,
        OpenFinanceCollections.ExternalTransactions.CollectionName, OpenFinanceCollections.Consents.CollectionName,
    ];

    [Fact]
    public async Task A_sync_writes_its_snapshot_through_the_seam_and_the_embedded_engine_stores_all_of_it()
    {
        await using var bed = await SyncTestBed.ConnectedAsync(fixture, store => new SeamRecordingStore(store));
        bed.Bank.Answer = _ => bed.Snapshot(transactions: 3);

        var result = await bed.Instance("seam").SyncAsync(bed.Frida, TestBanks.GreenBank.Id, unattended: false, Cancel);

        Assert.Equal(SyncOutcome.Succeeded, result.Outcome);
        var recorded = Assert.Single(((SeamRecordingStore)bed.Store).RecordedTransactions);
        Assert.Equal(SnapshotCollections, recorded.Distinct());
        Assert.Equal(1, await bed.CountAsync(OpenFinanceCollections.ExternalAccounts));
        Assert.Equal(1, await bed.CountAsync(OpenFinanceCollections.ExternalProducts));
        Assert.Equal(3, await bed.CountAsync(OpenFinanceCollections.ExternalTransactions));
        var consent = Assert.Single(await bed.Store.Collection(OpenFinanceCollections.Consents).FindAsync(bed.Frida.UserId, cancellationToken: Cancel));
        Assert.Equal(["204515807"], consent.AccountIds);
        Assert.False(bed.Store.TransactionCapability.Supported);
    }

    [Fact]
    public async Task Deleting_all_linked_data_erases_through_the_seam_and_the_history_after_it()
    {
        await using var bed = await SyncedThenEndedAsync();
        var store = (SeamRecordingStore)bed.Store;
        var before = store.RecordedTransactions.Count;
        var eraser = new LinkedDataEraser(store, new FixedBankDirectory(TestBanks.GreenBank), Oauth(), Tokens(bed), bed.Clock);

        var erasure = await eraser.EraseAsync(bed.Frida, Cancel);

        Assert.Equal((1L, 1L, 3L, 1L, 1L), (erasure.Accounts, erasure.Products, erasure.Transactions, erasure.Tokens, erasure.SyncStates));
        var recorded = store.RecordedTransactions[before];
        Assert.Equal(
            [
                OpenFinanceCollections.ExternalAccounts.CollectionName, OpenFinanceCollections.ExternalProducts.CollectionName,
                OpenFinanceCollections.ExternalTransactions.CollectionName, OpenFinanceCollections.Tokens.CollectionName,
                OpenFinanceCollections.SyncStates.CollectionName, OpenFinanceCollections.AuthorizationRequests.CollectionName,
            ],
            recorded);
        // A time series cannot be written in a MongoDB transaction: the history is erased after it, not in it.
        Assert.DoesNotContain(OpenFinanceCollections.PositionHistory.CollectionName, recorded);
        Assert.Equal(0, await bed.CountAsync(OpenFinanceCollections.ExternalAccounts));
        Assert.Equal(0, await bed.CountAsync(OpenFinanceCollections.ExternalTransactions));
        Assert.Equal(0, await bed.CountAsync(OpenFinanceCollections.Tokens));
        // The consent record and the ledger stay.
        Assert.Equal(1, await bed.CountAsync(OpenFinanceCollections.Consents));
        Assert.Contains(await bed.Store.Collection(OpenFinanceCollections.AuditEvents).FindAsync(bed.Frida.UserId, cancellationToken: Cancel),
            audit => audit.Kind == AuditKinds.DataDeleted);
    }

    [Fact]
    public async Task Deleting_one_banks_data_after_the_connection_ended_deletes_through_the_seam()
    {
        await using var bed = await SyncedThenEndedAsync();
        var store = (SeamRecordingStore)bed.Store;
        // The bank's token went with the ended consent; nothing here reaches a bank.
        await store.Collection(OpenFinanceCollections.Tokens).DeleteAsync(bed.Frida.UserId, cancellationToken: Cancel);
        var before = store.RecordedTransactions.Count;
        var protector = new TokenProtector(new EphemeralDataProtectionProvider());
        var connections = new ConnectionService(store, new FixedBankDirectory(TestBanks.GreenBank), Oauth(), Tokens(bed), protector, bed.Clock);

        Assert.True(await connections.DeleteDataAsync(bed.Frida, TestBanks.GreenBank.Id, Cancel));

        Assert.Equal(
            [
                OpenFinanceCollections.ExternalAccounts.CollectionName, OpenFinanceCollections.ExternalProducts.CollectionName,
                OpenFinanceCollections.ExternalTransactions.CollectionName,
            ],
            store.RecordedTransactions[before]);
        Assert.Equal(0, await bed.CountAsync(OpenFinanceCollections.ExternalAccounts));
        Assert.Equal(0, await bed.CountAsync(OpenFinanceCollections.ExternalProducts));
        Assert.Equal(0, await bed.CountAsync(OpenFinanceCollections.ExternalTransactions));
        Assert.Equal(0, await bed.CountAsync(OpenFinanceCollections.SyncStates));
        Assert.Contains(await store.Collection(OpenFinanceCollections.AuditEvents).FindAsync(bed.Frida.UserId, cancellationToken: Cancel),
            audit => audit.Kind == AuditKinds.DataDeleted && audit.Detail.Contains("3 transactions", StringComparison.Ordinal));
    }

    /// <summary>Frida synced once (1 account, 1 loan, 3 payments), then her consent expired: no bank is called to end it.</summary>
    private async Task<SyncTestBed> SyncedThenEndedAsync()
    {
        var bed = await SyncTestBed.ConnectedAsync(fixture, store => new SeamRecordingStore(store));
        bed.Bank.Answer = _ => bed.Snapshot(transactions: 3);
        Assert.Equal(SyncOutcome.Succeeded, (await bed.Instance("seam").SyncAsync(bed.Frida, TestBanks.GreenBank.Id, unattended: false, Cancel)).Outcome);
        var consents = bed.Store.Collection(OpenFinanceCollections.Consents);
        var consent = Assert.Single(await consents.FindAsync(bed.Frida.UserId, cancellationToken: Cancel));
        consent.Status = ConsentStatuses.Expired;
        consent.ValidUntil = bed.Now.AddMinutes(-1);
        await consents.UpsertAsync(consent, Cancel);
        return bed;
    }

    private static BankOAuthClient Oauth() =>
        new(new HttpClient(new NoNetwork()), new BankClientCredentials("leafybank", "secret"));

    private static BankTokenService Tokens(SyncTestBed bed) =>
        new(bed.Store, new TokenProtector(new EphemeralDataProtectionProvider()), Oauth(), bed.Clock);
}
