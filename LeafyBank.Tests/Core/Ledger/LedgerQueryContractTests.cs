using LeafyBank.Core.Audit;
using LeafyBank.Core.Ledger;

namespace LeafyBank.Tests.Core.Ledger;

/// <summary>
/// The ledger the page and the download show, on every engine: the customer's own entries, newest first, a consent
/// request read from what followed it, and the stored events left as they were.
/// </summary>
public abstract class LedgerQueryContractTests(IStoreFixture fixture)
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private static readonly PartyReference Ada = new() { UserName = "adalove", UserId = ObjectId.GenerateNewId() };
    private static readonly PartyReference Grace = new() { UserName = "gracehop", UserId = ObjectId.GenerateNewId() };

    private static readonly DateTime Monday = new(2026, 11, 30, 9, 0, 0, DateTimeKind.Utc);

    private Task<IDocumentStore> NewStoreAsync() => fixture.CreateStoreAsync();

    private static Task RecordAsync(IDocumentStore store, PartyReference customer, DateTime at, string kind, string detail, string consentId = "consent-1") =>
        new AuditLedger(store, TestTime.Frozen()).RecordAtAsync(at, customer, kind, "greenbank", consentId, AuditOutcomes.Succeeded, detail, Cancel);

    [Fact]
    public async Task Entries_come_newest_first_and_those_of_one_instant_newest_written_first()
    {
        await using var store = await NewStoreAsync();
        await RecordAsync(store, Ada, Monday, AuditKinds.ConsentGranted, "granted");
        await RecordAsync(store, Ada, Monday.AddHours(2), AuditKinds.DataPulled, "pulled");
        // An erase records several entries in the same instant.
        await RecordAsync(store, Ada, Monday.AddDays(1), AuditKinds.DataDeleted, "deleted accounts");
        await RecordAsync(store, Ada, Monday.AddDays(1), AuditKinds.ConsentRevoked, "revoked");

        var entries = await new LedgerQuery(store).GetEntriesAsync(Ada.UserId, Monday.AddDays(2), Cancel);

        Assert.Equal(["revoked", "deleted accounts", "pulled", "granted"], entries.Select(e => e.Detail));
    }

    [Fact]
    public async Task Customer_B_never_sees_customer_As_entries()
    {
        await using var store = await NewStoreAsync();
        await RecordAsync(store, Ada, Monday, AuditKinds.ConsentGranted, "ada granted");
        await RecordAsync(store, Ada, Monday.AddMinutes(1), AuditKinds.DataPulled, "ada pulled");
        await RecordAsync(store, Grace, Monday.AddMinutes(2), AuditKinds.ConsentGranted, "grace granted");
        var query = new LedgerQuery(store);

        var grace = await query.GetEntriesAsync(Grace.UserId, Monday, Cancel);
        var nobody = await query.GetEntriesAsync(ObjectId.GenerateNewId(), Monday, Cancel);

        Assert.Equal(["grace granted"], grace.Select(e => e.Detail));
        Assert.Equal(["ada pulled", "ada granted"], (await query.GetEntriesAsync(Ada.UserId, Monday, Cancel)).Select(e => e.Detail));
        Assert.Empty(nobody);
    }

    [Fact]
    public async Task A_consent_request_reads_as_sent_once_answered_and_not_finished_once_left_past_the_attempt_and_the_stored_events_stay()
    {
        await using var store = await NewStoreAsync();
        await RecordAsync(store, Ada, Monday, AuditKinds.ConsentRequested, "asked, then approved", consentId: "approved");
        await RecordAsync(store, Ada, Monday.AddMinutes(3), AuditKinds.ConsentGranted, "granted", consentId: "approved");
        await RecordAsync(store, Ada, Monday.AddHours(1), AuditKinds.ConsentRequested, "asked, then left at the bank", consentId: "left");
        var query = new LedgerQuery(store);

        var whileOpen = await query.GetEntriesAsync(Ada.UserId, Monday.AddHours(1) + ConnectionService.CallbackLifetime, Cancel);
        var afterwards = await query.GetEntriesAsync(Ada.UserId, Monday.AddHours(1) + ConnectionService.CallbackLifetime + TimeSpan.FromSeconds(1), Cancel);

        Assert.Equal([LedgerOutcomes.AwaitingCustomer, LedgerOutcomes.Succeeded, LedgerOutcomes.SentToBank], whileOpen.Select(e => e.Outcome));
        Assert.Equal([LedgerOutcomes.NotFinished, LedgerOutcomes.Succeeded, LedgerOutcomes.SentToBank], afterwards.Select(e => e.Outcome));
        Assert.All(await store.Collection(OpenFinanceCollections.AuditEvents).FindAsync(Ada.UserId, cancellationToken: Cancel),
            stored => Assert.Equal(AuditOutcomes.Succeeded, stored.Outcome));
    }

    [Fact]
    public async Task A_request_left_at_the_bank_reads_as_replaced_once_the_customer_started_again_and_that_request_was_answered()
    {
        await using var store = await NewStoreAsync();
        await RecordAsync(store, Ada, Monday, AuditKinds.ConsentRequested, "asked, then went back", consentId: "left");
        await RecordAsync(store, Ada, Monday.AddMinutes(1), AuditKinds.ConsentRequested, "asked again", consentId: "again");
        await RecordAsync(store, Ada, Monday.AddMinutes(2), AuditKinds.ConsentGranted, "granted", consentId: "again");

        // Well inside the first request's ten minutes: it is no longer what Ada waits for.
        var entries = await new LedgerQuery(store).GetEntriesAsync(Ada.UserId, Monday.AddMinutes(3), Cancel);

        Assert.Equal([("granted", LedgerOutcomes.Succeeded), ("asked again", LedgerOutcomes.SentToBank), ("asked, then went back", LedgerOutcomes.NotFinished)],
            entries.Select(e => (e.Detail, e.Outcome)));
        Assert.StartsWith("Not completed: you started again", entries[^1].OutcomeNote, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_granted_consent_names_the_accounts_it_shared_from_the_stored_consent_even_after_the_accounts_are_erased()
    {
        await using var store = await NewStoreAsync();
        var consent = TestDocuments.Consent(Ada, "greenbank", "shared", Monday, Monday.AddDays(90));
        consent.SharedAccounts = ["Giro •••• 1234", "Home Loan •••• 4484"];
        await store.Collection(OpenFinanceCollections.Consents).UpsertAsync(consent, Cancel);
        // Granted before Leafy Bank recorded what was shared: no list.
        await store.Collection(OpenFinanceCollections.Consents).UpsertAsync(TestDocuments.Consent(Ada, "greenbank", "older", Monday.AddDays(-100), Monday), Cancel);
        // Another customer's consent under the same id at the same bank names nothing of Ada's.
        var graces = TestDocuments.Consent(Grace, "greenbank", "older", Monday.AddDays(-100), Monday);
        graces.SharedAccounts = ["Grace's Savings •••• 9999"];
        await store.Collection(OpenFinanceCollections.Consents).UpsertAsync(graces, Cancel);
        await RecordAsync(store, Ada, Monday.AddDays(-100), AuditKinds.ConsentGranted, "older grant", consentId: "older");
        await RecordAsync(store, Ada, Monday, AuditKinds.ConsentGranted, "granted", consentId: "shared");
        await RecordAsync(store, Ada, Monday.AddDays(1), AuditKinds.DataDeleted, "deleted accounts", consentId: "shared");

        var entries = await new LedgerQuery(store).GetEntriesAsync(Ada.UserId, Monday.AddDays(2), Cancel);

        Assert.Equal([("deleted accounts", null), ("granted", "You shared Giro •••• 1234 and Home Loan •••• 4484."), ("older grant", (string?)null)],
            entries.Select(e => (e.Detail, e.SharedAccounts)));
    }
}

public sealed class EmbeddedLedgerQueryContractTests(EmbeddedStoreFixture fixture)
    : LedgerQueryContractTests(fixture), IClassFixture<EmbeddedStoreFixture>;

public sealed class MongoLedgerQueryContractTests(MongoStoreFixture fixture)
    : LedgerQueryContractTests(fixture), IClassFixture<MongoStoreFixture>;
