namespace LeafyBank.Tests.Core.Banking.Sync;

/// <summary>
/// The one way sync_state is written, on every engine: a write changes the freshest stored copy, reads again when
/// another write came between its read and its own, and treats a document stored before revisions existed as
/// revision "none", which both engines match.
/// </summary>
public abstract class SyncStateWritesTests(IStoreFixture fixture)
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private static readonly string SyncStates = OpenFinanceCollections.SyncStates.CollectionName;

    [Fact]
    public async Task A_document_stored_without_a_revision_is_written_and_gets_its_first()
    {
        await using var bed = await SyncTestBed.ConnectedAsync(fixture);
        // As stored before the field existed (or by a bulk load): no Revision at all.
        Assert.Null((await bed.StateAsync()).Revision);
        Assert.False((await bed.States.ExportAsync(Cancel).SingleAsync(Cancel)).Contains(nameof(SyncState.Revision)));

        var write = await bed.States.UpdateAsync(bed.Frida.UserId, TestBanks.GreenBank.Id, state =>
        {
            state.LastError = "written";
            return true;
        }, Cancel);

        Assert.Equal(SyncStateWriteOutcome.Written, write.Outcome);
        var stored = await bed.StateAsync();
        Assert.Equal(("written", 1L), (stored.LastError, stored.Revision));
    }

    [Fact]
    public async Task A_write_between_the_read_and_the_replace_makes_the_writer_read_again_and_both_changes_stay()
    {
        FaultyStore store = null!;
        await using var bed = await SyncTestBed.ConnectedAsync(fixture, inner => store = new FaultyStore(inner));
        store.BeforeFirstWriteTo(SyncStates, () => bed.States.UpdateAsync(bed.Frida.UserId, TestBanks.GreenBank.Id, other =>
        {
            other.LastError = "the other writer's";
            return true;
        }, Cancel));
        var seen = new List<string?>();

        var write = await bed.States.UpdateAsync(bed.Frida.UserId, TestBanks.GreenBank.Id, state =>
        {
            seen.Add(state.LastError);
            state.TransactionCursor = "this writer's";
            return true;
        }, Cancel);

        Assert.Equal(SyncStateWriteOutcome.Written, write.Outcome);
        // Decided twice: on the copy first read, then on the one the other writer left.
        Assert.Equal([null, "the other writer's"], seen);
        var stored = await bed.StateAsync();
        Assert.Equal(("the other writer's", "this writer's", 2L), (stored.LastError, stored.TransactionCursor, stored.Revision));
    }

    [Fact]
    public async Task A_writer_whose_own_condition_no_longer_holds_on_the_fresh_copy_writes_nothing()
    {
        await using var bed = await SyncTestBed.ConnectedAsync(fixture);
        var before = (await bed.States.ExportAsync(Cancel).SingleAsync(Cancel)).ToJson();

        var write = await bed.States.UpdateAsync(bed.Frida.UserId, TestBanks.GreenBank.Id, state =>
        {
            state.LastError = "not kept";
            return false;
        }, Cancel);
        var missing = await bed.States.UpdateAsync(bed.Frida.UserId, "no-such-bank", _ => true, Cancel);

        Assert.Equal((SyncStateWriteOutcome.Declined, SyncStateWriteOutcome.Missing), (write.Outcome, missing.Outcome));
        Assert.Equal(before, (await bed.States.ExportAsync(Cancel).SingleAsync(Cancel)).ToJson());
    }

    [Fact]
    public async Task A_create_that_finds_the_document_created_meanwhile_changes_that_one()
    {
        FaultyStore store = null!;
        await using var bed = await SyncTestBed.ConnectedAsync(fixture, inner => store = new FaultyStore(inner));
        await bed.States.DeleteAsync(bed.Frida.UserId, cancellationToken: Cancel);
        store.BeforeFirstWriteTo(SyncStates, async () =>
            Assert.True(await bed.States.TryCreateAsync(new SyncState { SyncUser = bed.Frida, Bank = TestBanks.GreenBank.Id, LastError = "created first" }, Cancel)));

        var write = await bed.States.UpdateOrCreateAsync(bed.Frida, TestBanks.GreenBank.Id, state => state.ConsentId = "consent-2", Cancel);

        Assert.Equal(SyncStateWriteOutcome.Written, write.Outcome);
        var stored = Assert.Single(await bed.States.FindAsync(bed.Frida.UserId, cancellationToken: Cancel));
        Assert.Equal(("created first", "consent-2", 2L), (stored.LastError, stored.ConsentId, stored.Revision));
    }
}

public sealed class EmbeddedSyncStateWritesTests(EmbeddedStoreFixture fixture) : SyncStateWritesTests(fixture), IClassFixture<EmbeddedStoreFixture>;

public sealed class MongoSyncStateWritesTests(MongoStoreFixture fixture) : SyncStateWritesTests(fixture), IClassFixture<MongoStoreFixture>;
