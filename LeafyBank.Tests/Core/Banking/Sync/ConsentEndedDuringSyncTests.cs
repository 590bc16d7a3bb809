using Microsoft.Extensions.Logging.Abstractions;

namespace LeafyBank.Tests.Core.Banking.Sync;

/// <summary>
/// On every engine: a consent that ends while a sync of it waits on the bank stays ended. Nothing
/// that ends a consent (revoked at the bank, "delete all my linked data", a renewal, expiry) takes
/// the sync lease, so the sync itself must not write the consent back as it read it, nor store
/// what the bank sent under a consent that no longer stands; what was stored before is kept.
/// </summary>
public abstract class ConsentEndedDuringSyncTests(IStoreFixture fixture)
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private static IDocumentCollection<Consent> Consents(SyncTestBed bed) => bed.Store.Collection(OpenFinanceCollections.Consents);

    private static async Task<Consent> ConsentAsync(SyncTestBed bed, string consentId = SyncTestBed.ConsentId) =>
        (await Consents(bed).FindByKeyAsync([bed.Frida.UserId, TestBanks.GreenBank.Id, consentId], Cancel))!;

    /// <summary>Starts a sync that waits on the bank until the test opens the gate; returns once the bank has been asked.</summary>
    private static async Task<Task<SyncResult>> SyncWaitingOnTheBankAsync(SyncTestBed bed, SyncService sync, int callsBefore = 0)
    {
        bed.Bank.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = sync.SyncAsync(bed.Frida, TestBanks.GreenBank.Id, unattended: false, Cancel);
        await bed.UntilBankCalledAsync(callsBefore + 1);
        return running;
    }

    private static async Task<List<string>> StoredDataAsync(SyncTestBed bed)
    {
        var documents = new List<string>();
        await foreach (var row in bed.Store.Collection(OpenFinanceCollections.ExternalAccounts).ExportAsync(Cancel))
        {
            documents.Add(row.ToJson());
        }
        await foreach (var row in bed.Store.Collection(OpenFinanceCollections.ExternalProducts).ExportAsync(Cancel))
        {
            documents.Add(row.ToJson());
        }
        await foreach (var row in bed.Store.Collection(OpenFinanceCollections.ExternalTransactions).ExportAsync(Cancel))
        {
            documents.Add(row.ToJson());
        }
        return documents;
    }

    [Fact]
    public async Task A_consent_revoked_at_the_bank_while_the_bank_answered_stays_ended_and_the_data_stored_before_is_kept()
    {
        await using var bed = await SyncTestBed.ConnectedAsync(fixture);
        var sync = bed.Instance("instance-a");
        bed.Bank.Answer = _ => bed.Snapshot(transactions: 2);
        var first = await sync.SyncAsync(bed.Frida, TestBanks.GreenBank.Id, unattended: false, Cancel);
        Assert.True(first.Outcome == SyncOutcome.Succeeded, first.Message);
        var storedBefore = await StoredDataAsync(bed);

        bed.Clock.Advance(TimeSpan.FromHours(1));
        bed.Bank.Answer = _ => bed.Snapshot(transactions: 5);
        var running = await SyncWaitingOnTheBankAsync(bed, sync, callsBefore: 1);
        // Meanwhile the customer opens Connections, and the bank says the consent was revoked there (ConnectionService.RecordEndedAtBankAsync).
        var consent = await ConsentAsync(bed);
        consent.Status = ConsentStatuses.RevokedByPsu;
        consent.StatusChangedAt = bed.Now;
        Assert.True(await Consents(bed).TryReplaceAsync(consent, c => c.Status == ConsentStatuses.Valid, Cancel));
        bed.Bank.Gate!.SetResult();
        var result = await running.WaitAsync(TimeSpan.FromSeconds(10), Cancel);

        Assert.Equal(ConsentStatuses.RevokedByPsu, (await ConsentAsync(bed)).Status);
        Assert.Equal(SyncOutcome.NotConnected, result.Outcome);
        Assert.Contains("Green Bank", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Message, StringComparison.Ordinal);
        // Nothing read under the ended consent is stored, and nothing stored before is lost.
        Assert.Equal(storedBefore, await StoredDataAsync(bed));
        var state = await bed.StateAsync();
        Assert.Equal((null, null, null), (state.LeaseOwner, state.LeaseUntil, state.LastError));
        Assert.Equal(first.NextAllowedAt, state.NextAllowedAt);
    }

    [Fact]
    public async Task Deleting_all_linked_data_while_a_sync_waits_on_the_bank_leaves_the_consent_ended_and_nothing_stored()
    {
        await using var bed = await SyncTestBed.ConnectedAsync(fixture);
        bed.Bank.Answer = _ => bed.Snapshot();
        var running = await SyncWaitingOnTheBankAsync(bed, bed.Instance("instance-a"));
        // The bank is not reachable from the tests: revocation there fails and is recorded, the erase goes on.
        var oauth = new BankOAuthClient(new HttpClient(new NoNetwork()), new BankClientCredentials("leafybank", "secret"));
        var eraser = new LinkedDataEraser(bed.Store, new FixedBankDirectory(TestBanks.GreenBank), oauth, bed.Tokens, bed.Clock);

        // The eraser ends the consent first, then waits for the running sync (its lease) before it erases.
        var erasing = eraser.EraseAsync(bed.Frida, Cancel);
        for (var i = 0; i < 500 && (await ConsentAsync(bed)).Status == ConsentStatuses.Valid; i++)
        {
            await Task.Delay(10, Cancel);
        }
        Assert.Equal(ConsentStatuses.TerminatedByTpp, (await ConsentAsync(bed)).Status);
        bed.Bank.Gate!.SetResult();
        var result = await running.WaitAsync(TimeSpan.FromSeconds(10), Cancel);
        for (var i = 0; i < 500 && !erasing.IsCompleted; i++)
        {
            // The eraser polls for the lease on the test's clock.
            bed.Clock.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Delay(10, Cancel);
        }
        await erasing.WaitAsync(TimeSpan.FromSeconds(10), Cancel);

        var consent = await ConsentAsync(bed);
        Assert.Equal((ConsentStatuses.TerminatedByTpp, ConsentEndReasons.LinkedDataDeleted), (consent.Status, consent.EndReason));
        Assert.Equal(SyncOutcome.NotConnected, result.Outcome);
        Assert.Equal(0, await bed.CountAsync(OpenFinanceCollections.ExternalAccounts));
        Assert.Equal(0, await bed.CountAsync(OpenFinanceCollections.ExternalTransactions));
        Assert.Equal(0, await bed.CountAsync(OpenFinanceCollections.SyncStates));
    }

    [Fact]
    public async Task A_sync_that_ends_between_the_schedulers_read_and_write_when_it_takes_an_ended_connection_off_keeps_its_record()
    {
        FaultyStore store = null!;
        await using var bed = await SyncTestBed.ConnectedAsync(fixture, inner => store = new FaultyStore(inner));
        // The consent ran out; the connection is still due, so the round finds it not connected and takes it off the schedule.
        var consent = await ConsentAsync(bed);
        bed.Clock.Advance(consent.ValidUntil - bed.Now + TimeSpan.FromHours(1));
        if (bed.Now.Date.AddDays(1) - bed.Now <= SyncAllowance.DayEndMargin)
        {
            bed.Clock.SetUtcNow(new DateTimeOffset(bed.Now.Date.AddDays(1).AddHours(1)));
        }
        var scheduler = new SyncScheduler(bed.Store, bed.Instance("instance-a"), bed.Clock, NullLogger<SyncScheduler>.Instance,
            new SyncSchedulerOptions(Enabled: true, TimeSpan.FromMinutes(5)));

        // The scheduler has read the sync state; another instance's update takes the lease and releases it before the scheduler
        // writes (here its record alone, as every writer writes, through SyncStateWrites).
        var endedAt = bed.Now;
        store.BeforeFirstWriteTo(OpenFinanceCollections.SyncStates.CollectionName, () => bed.States.UpdateAsync(bed.Frida.UserId, TestBanks.GreenBank.Id, other =>
        {
            other.LastAttemptAt = endedAt;
            other.LastError = "Green Bank did not answer.";
            other.SyncVersion++;
            other.SyncedBy = "instance-b";
            other.SyncedAt = endedAt;
            return true;
        }, Cancel));
        Assert.Equal(0, await scheduler.RunOnceAsync(Cancel));

        var state = await bed.StateAsync();
        // The scheduler's: off the schedule.
        Assert.Null(state.NextAllowedAt);
        // The other update's.
        Assert.Equal((endedAt, "Green Bank did not answer.", 1L, "instance-b"), (state.LastAttemptAt, state.LastError, state.SyncVersion, state.SyncedBy));
    }

    [Fact]
    public async Task A_renewal_while_a_scheduled_sync_waits_on_the_bank_keeps_the_old_consent_ended_and_the_new_plan()
    {
        await using var bed = await SyncTestBed.ConnectedAsync(fixture);
        bed.Bank.Answer = _ => bed.Snapshot();
        // Past the first sync's grace, and not in the last minutes of the UTC day, when the scheduler rests.
        bed.Clock.Advance(SyncScheduler.FirstSyncGrace);
        if (bed.Now.Date.AddDays(1) - bed.Now <= SyncAllowance.DayEndMargin)
        {
            bed.Clock.SetUtcNow(new DateTimeOffset(bed.Now.Date.AddDays(1)));
        }
        var scheduler = new SyncScheduler(bed.Store, bed.Instance("instance-a"), bed.Clock, NullLogger<SyncScheduler>.Instance,
            new SyncSchedulerOptions(Enabled: true, TimeSpan.FromMinutes(5)));
        bed.Bank.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var round = scheduler.RunOnceAsync(Cancel);
        await bed.UntilBankCalledAsync(1);

        // The customer renews meanwhile: the callback stores the new consent and points the connection at it
        // (ConnectionService, without the lease), then the replaced consent is ended.
        await Consents(bed).UpsertAsync(TestDocuments.Consent(bed.Frida, TestBanks.GreenBank.Id, "consent-2", bed.Now, bed.Now.AddDays(180),
            statusChangedAt: bed.Now), Cancel);
        var renewed = (await bed.States.UpdateAsync(bed.Frida.UserId, TestBanks.GreenBank.Id, state =>
        {
            state.ConsentId = "consent-2";
            state.NextAllowedAt = bed.Now + SyncScheduler.FirstSyncGrace;
            return true;
        }, Cancel)).State!;
        var replaced = await ConsentAsync(bed);
        replaced.Status = ConsentStatuses.TerminatedByTpp;
        replaced.StatusChangedAt = bed.Now;
        await Consents(bed).UpsertAsync(replaced, Cancel);
        bed.Bank.Gate.SetResult();
        await round.WaitAsync(TimeSpan.FromSeconds(10), Cancel);

        Assert.Equal(ConsentStatuses.TerminatedByTpp, (await ConsentAsync(bed)).Status);
        var current = await ConsentAsync(bed, "consent-2");
        Assert.Equal(ConsentStatuses.Valid, current.Status);
        Assert.Empty(current.AccountIds);
        // The renewal's plan for the connection stands: its own first sync comes next, under the new consent.
        var state = await bed.StateAsync();
        Assert.Equal(("consent-2", renewed.NextAllowedAt, null), (state.ConsentId, state.NextAllowedAt, state.LeaseOwner));
        Assert.Equal(0, await bed.CountAsync(OpenFinanceCollections.ExternalAccounts));
    }
}

public sealed class EmbeddedConsentEndedDuringSyncTests(EmbeddedStoreFixture fixture) : ConsentEndedDuringSyncTests(fixture), IClassFixture<EmbeddedStoreFixture>;

public sealed class MongoConsentEndedDuringSyncTests(MongoStoreFixture fixture) : ConsentEndedDuringSyncTests(fixture), IClassFixture<MongoStoreFixture>;
