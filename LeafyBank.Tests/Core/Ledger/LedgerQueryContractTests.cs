using LeafyBank.Core.Audit;
using LeafyBank.Core.Ledger;

namespace LeafyBank.Tests.Core.Ledger;

/// <summary>The ledger the page and the download show, on every engine: the customer's own entries, newest first.</summary>
public abstract class LedgerQueryContractTests(IStoreFixture fixture)
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private static readonly PartyReference Ada = new() { UserName = "adalove", UserId = ObjectId.GenerateNewId() };
    private static readonly PartyReference Grace = new() { UserName = "gracehop", UserId = ObjectId.GenerateNewId() };

    private static readonly DateTime Monday = new(2026, 11, 30, 9, 0, 0, DateTimeKind.Utc);

    private Task<IDocumentStore> NewStoreAsync() => fixture.CreateStoreAsync();

    private static Task RecordAsync(IDocumentStore store, PartyReference customer, DateTime at, string kind, string detail) =>
        new AuditLedger(store, TestTime.Frozen()).RecordAtAsync(at, customer, kind, "greenbank", "consent-1", AuditOutcomes.Succeeded, detail, Cancel);

    [Fact]
    public async Task Entries_come_newest_first_and_those_of_one_instant_newest_written_first()
    {
        await using var store = await NewStoreAsync();
        await RecordAsync(store, Ada, Monday, AuditKinds.ConsentGranted, "granted");
        await RecordAsync(store, Ada, Monday.AddHours(2), AuditKinds.DataPulled, "pulled");
        // An erase records several entries in the same instant.
        await RecordAsync(store, Ada, Monday.AddDays(1), AuditKinds.DataDeleted, "deleted accounts");
        await RecordAsync(store, Ada, Monday.AddDays(1), AuditKinds.ConsentRevoked, "revoked");

        var entries = await new LedgerQuery(store).GetEntriesAsync(Ada.UserId, Cancel);

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

        var grace = await query.GetEntriesAsync(Grace.UserId, Cancel);
        var nobody = await query.GetEntriesAsync(ObjectId.GenerateNewId(), Cancel);

        Assert.Equal(["grace granted"], grace.Select(e => e.Detail));
        Assert.All(grace, e => Assert.Equal(Grace.UserId, e.EventUser.UserId));
        Assert.Equal(2, (await query.GetEntriesAsync(Ada.UserId, Cancel)).Count);
        Assert.Empty(nobody);
    }
}

public sealed class EmbeddedLedgerQueryContractTests(EmbeddedStoreFixture fixture)
    : LedgerQueryContractTests(fixture), IClassFixture<EmbeddedStoreFixture>;

public sealed class MongoLedgerQueryContractTests(MongoStoreFixture fixture)
    : LedgerQueryContractTests(fixture), IClassFixture<MongoStoreFixture>;
