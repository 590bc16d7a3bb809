namespace LeafyBank.Tests.Core.Banking.Sync;

/// <summary>On every engine: accounts held by someone else are not stored, the customer is told why, the ledger records it.</summary>
public abstract class AccountHolderSyncTests(IStoreFixture fixture)
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private static async Task<SyncTestBed> ConnectedFridaAsync(IStoreFixture fixture)
    {
        var bed = await SyncTestBed.ConnectedAsync(fixture);
        await Personas.EnsureSeededAsync(bed.Store, bed.Clock, Cancel);
        return bed;
    }

    private static BankSnapshot HeldBy(SyncTestBed bed, string accountHolder, string? productHolder = null)
    {
        var snapshot = bed.Snapshot();
        foreach (var account in snapshot.Accounts)
        {
            account.OwnerName = accountHolder;
        }
        foreach (var product in snapshot.Products)
        {
            product.OwnerName = productHolder ?? accountHolder;
        }
        return snapshot;
    }

    [Fact]
    public async Task Accounts_held_by_another_person_are_not_stored_and_the_customer_and_the_ledger_are_told_why()
    {
        await using var bed = await ConnectedFridaAsync(fixture);
        bed.Bank.Answer = _ => HeldBy(bed, "Grace Hopper");

        var result = await bed.Instance("a").SyncAsync(bed.Frida, TestBanks.GreenBank.Id, unattended: false, Cancel);

        Assert.Equal(SyncOutcome.AccountsRefused, result.Outcome);
        Assert.Contains("not in your name (Frida Kahlo)", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Grace", result.Message, StringComparison.Ordinal);
        Assert.Equal(0, await bed.CountAsync(OpenFinanceCollections.ExternalAccounts));
        Assert.Equal(0, await bed.CountAsync(OpenFinanceCollections.ExternalProducts));
        Assert.Equal(0, await bed.CountAsync(OpenFinanceCollections.ExternalTransactions));
        Assert.Equal(result.Message, (await bed.StateAsync()).LastError);
        var refusal = Assert.Single(await bed.Store.Collection(OpenFinanceCollections.AuditEvents).FindAsync(bed.Frida.UserId, e => e.Kind == AuditKinds.AccountsRefused, Cancel));
        Assert.Equal(AuditOutcomes.Failed, refusal.Outcome);
        Assert.Equal(result.Message, refusal.Detail);
    }

    [Fact]
    public async Task A_bank_dropped_from_the_directory_leaves_a_refused_connection_refused_and_off_the_schedule()
    {
        await using var bed = await ConnectedFridaAsync(fixture);
        bed.Bank.Answer = _ => HeldBy(bed, "Grace Hopper");
        var refused = await bed.Instance("a").SyncAsync(bed.Frida, TestBanks.GreenBank.Id, unattended: false, Cancel);
        bed.Clock.Advance(TimeSpan.FromDays(1));

        // An instance whose directory no longer lists the bank: "not in the list" must not turn the refusal into a failure worth retrying.
        var withoutGreenBank = new SyncService(bed.Store, new FixedBankDirectory(), bed.Tokens, [bed.Bank], new SyncInstance("b"), bed.Clock);
        var result = await withoutGreenBank.SyncAsync(bed.Frida, TestBanks.GreenBank.Id, unattended: true, Cancel);

        Assert.Equal(SyncOutcome.AccountsRefused, result.Outcome);
        var state = await bed.StateAsync();
        Assert.Equal(nameof(BankFailureKind.NotTheCustomersAccounts), state.LastFailureKind);
        Assert.Equal(refused.Message, state.LastError);
        Assert.Null(state.NextAllowedAt);
    }

    [Fact]
    public async Task A_refused_connection_is_taken_off_the_schedule_and_the_bank_is_not_asked_again_under_that_consent()
    {
        await using var bed = await ConnectedFridaAsync(fixture);
        bed.Bank.Answer = _ => HeldBy(bed, "Grace Hopper");
        var sync = bed.Instance("a");
        await sync.SyncAsync(bed.Frida, TestBanks.GreenBank.Id, unattended: false, Cancel);

        var state = await bed.StateAsync();
        Assert.Equal(nameof(BankFailureKind.NotTheCustomersAccounts), state.LastFailureKind);
        Assert.Null(state.NextAllowedAt);

        // Neither the scheduler, a day later, nor the customer's own "update" asks the bank again: it would send the same accounts.
        var scheduler = new SyncScheduler(bed.Store, sync, bed.Clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<SyncScheduler>.Instance,
            new SyncSchedulerOptions(Enabled: true, TimeSpan.FromMinutes(1)));
        bed.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await scheduler.RunOnceAsync(Cancel));
        var again = await sync.SyncAsync(bed.Frida, TestBanks.GreenBank.Id, unattended: false, Cancel);
        Assert.Equal(SyncOutcome.AccountsRefused, again.Outcome);
        Assert.Contains("not in your name (Frida Kahlo)", again.Message, StringComparison.Ordinal);
        Assert.Equal(1, bed.Bank.Calls);
        Assert.Single(await bed.Store.Collection(OpenFinanceCollections.AuditEvents).FindAsync(bed.Frida.UserId, e => e.Kind == AuditKinds.AccountsRefused, Cancel));

        // Every view reads the same lifecycle state from it.
        var connection = Assert.Single(ConnectionSummary.From(
            await bed.Store.Collection(OpenFinanceCollections.Consents).FindAsync(bed.Frida.UserId, cancellationToken: Cancel),
            [await bed.StateAsync()], bed.Now));
        Assert.Equal(ConnectionStatus.AccountsRefused, connection.Status);
        Assert.Equal(ConnectionAction.DisconnectOrConnectAgain, connection.Action);
        Assert.True(connection.CanDisconnect);
        Assert.False(connection.IsLive);
    }

    [Fact]
    public async Task A_connection_whose_accounts_were_refused_recovers_when_the_bank_sends_the_customers_own_under_a_new_consent()
    {
        await using var bed = await ConnectedFridaAsync(fixture);
        bed.Bank.Answer = _ => HeldBy(bed, "Grace Hopper");
        await bed.Instance("a").SyncAsync(bed.Frida, TestBanks.GreenBank.Id, unattended: false, Cancel);

        // What the callback of a new connection does to the sync state (ConnectionService): a new consent, the failure cleared.
        var state = await bed.StateAsync();
        state.ConsentId = "consent-2";
        state.LastError = null;
        await bed.States.UpsertAsync(state, Cancel);
        var consents = bed.Store.Collection(OpenFinanceCollections.Consents);
        var old = Assert.Single(await consents.FindAsync(bed.Frida.UserId, cancellationToken: Cancel));
        await consents.UpsertAsync(new Consent
        {
            ConsentId = "consent-2",
            Bank = old.Bank,
            ConsentUser = old.ConsentUser,
            Status = ConsentStatuses.Valid,
            Permissions = old.Permissions,
            CreatedAt = bed.Now,
            ValidUntil = old.ValidUntil,
            FrequencyPerDay = old.FrequencyPerDay,
            StatusChangedAt = bed.Now,
        }, Cancel);
        bed.Bank.Answer = _ => HeldBy(bed, "Frida Kahlo");

        var result = await bed.Instance("a").SyncAsync(bed.Frida, TestBanks.GreenBank.Id, unattended: false, Cancel);

        Assert.Equal(SyncOutcome.Succeeded, result.Outcome);
        Assert.Null((await bed.StateAsync()).LastFailureKind);
        Assert.NotNull((await bed.StateAsync()).NextAllowedAt);
        Assert.True(await bed.CountAsync(OpenFinanceCollections.ExternalAccounts) > 0);
    }

    [Fact]
    public async Task A_refused_snapshot_leaves_the_customers_earlier_data_as_it_was()
    {
        await using var bed = await ConnectedFridaAsync(fixture);
        bed.Bank.Answer = _ => HeldBy(bed, "Frida Kahlo");
        Assert.Equal(SyncOutcome.Succeeded, (await bed.Instance("a").SyncAsync(bed.Frida, TestBanks.GreenBank.Id, unattended: false, Cancel)).Outcome);
        var before = await bed.Store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(bed.Frida.UserId, cancellationToken: Cancel);

        bed.Bank.Answer = _ =>
        {
            var foreign = HeldBy(bed, "Grace Hopper");
            foreign.Accounts[0].AccountBalance = 1m;
            return foreign;
        };
        await bed.Instance("a").SyncAsync(bed.Frida, TestBanks.GreenBank.Id, unattended: false, Cancel);

        var after = await bed.Store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(bed.Frida.UserId, cancellationToken: Cancel);
        Assert.Equal(before.Select(a => (a.AccountId, a.AccountBalance)), after.Select(a => (a.AccountId, a.AccountBalance)));
    }

    [Fact]
    public async Task A_joint_account_with_the_customer_among_its_holders_is_stored()
    {
        await using var bed = await ConnectedFridaAsync(fixture);
        bed.Bank.Answer = _ => HeldBy(bed, "DIEGO RIVERA & FRÍDA  KAHLO", productHolder: "Kahlo, Frida");

        var result = await bed.Instance("a").SyncAsync(bed.Frida, TestBanks.GreenBank.Id, unattended: false, Cancel);

        Assert.Equal(SyncOutcome.Succeeded, result.Outcome);
        Assert.Equal(1, await bed.CountAsync(OpenFinanceCollections.ExternalAccounts));
    }

    [Fact]
    public async Task One_foreign_product_among_the_customers_accounts_refuses_the_whole_snapshot()
    {
        await using var bed = await ConnectedFridaAsync(fixture);
        bed.Bank.Answer = _ => HeldBy(bed, "Frida Kahlo", productHolder: "Grace Hopper");

        var result = await bed.Instance("a").SyncAsync(bed.Frida, TestBanks.GreenBank.Id, unattended: false, Cancel);

        Assert.Equal(SyncOutcome.AccountsRefused, result.Outcome);
        Assert.Equal(0, await bed.CountAsync(OpenFinanceCollections.ExternalAccounts));
    }
}

public sealed class EmbeddedAccountHolderSyncTests(EmbeddedStoreFixture fixture)
    : AccountHolderSyncTests(fixture), IClassFixture<EmbeddedStoreFixture>;

public sealed class MongoAccountHolderSyncTests(MongoStoreFixture fixture)
    : AccountHolderSyncTests(fixture), IClassFixture<MongoStoreFixture>;
