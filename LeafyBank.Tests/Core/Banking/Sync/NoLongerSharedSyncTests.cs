namespace LeafyBank.Tests.Core.Banking.Sync;

/// <summary>
/// On every engine: an account or loan the bank stops sending under the customer's consent (they unticked it at the bank
/// when renewing or connecting again) is marked as no longer shared by the next successful read, its figures kept exactly
/// as last read; a consent that shares it again clears the mark on the next sync; and a read that failed, or that named no
/// account at all, marks nothing.
/// </summary>
public abstract class NoLongerSharedSyncTests(IStoreFixture fixture)
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    /// <summary>What Green Bank sends, as its connector maps it (with the source every bank read carries).</summary>
    private static BankSnapshot Read(SyncTestBed bed, decimal savings, params string[] ids)
    {
        var source = new DataSource { Origin = DataOrigins.BankApi, RetrievedAt = bed.Now, ConsentId = SyncTestBed.ConsentId };
        ExternalAccount Account(string id, decimal balance) => new()
        {
            AccountId = id,
            AccountType = AccountTypes.Savings,
            AccountBalance = balance,
            AccountCurrency = "USD",
            AccountName = $"Saver {id}",
            Source = source,
        };
        ExternalProduct Loan(string id) => new()
        {
            ProductId = id,
            ProductType = ProductTypes.Loan,
            ProductAmount = 10700m,
            ProductCurrency = "USD",
            ProductStatus = ProductStatuses.Active,
            Source = source,
        };
        return new BankSnapshot(
            [.. ids.Where(id => id.StartsWith("acc", StringComparison.Ordinal)).Select(id => Account(id, id == "acc-saver" ? savings : 100m))],
            [.. ids.Where(id => id.StartsWith("loan", StringComparison.Ordinal)).Select(Loan)],
            [], bed.Now);
    }

    private static async Task SyncedAsync(SyncTestBed bed, BankSnapshot read)
    {
        bed.Bank.Answer = _ => read;
        var result = await bed.Instance("test-instance").SyncAsync(bed.Frida, TestBanks.GreenBank.Id, unattended: false, Cancel);
        Assert.True(result.Outcome == SyncOutcome.Succeeded, result.Message);
    }

    private static async Task<ExternalAccount> AccountAsync(SyncTestBed bed, string id) =>
        Assert.Single(await bed.Store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(bed.Frida.UserId, a => a.AccountId == id, Cancel));

    private static async Task<ExternalProduct> LoanAsync(SyncTestBed bed, string id) =>
        Assert.Single(await bed.Store.Collection(OpenFinanceCollections.ExternalProducts).FindAsync(bed.Frida.UserId, p => p.ProductId == id, Cancel));

    [Fact]
    public async Task An_account_and_a_loan_the_bank_no_longer_sends_are_marked_and_kept_exactly_as_last_read()
    {
        await using var bed = await SyncTestBed.ConnectedAsync(fixture);
        var firstRead = bed.Now;
        await SyncedAsync(bed, Read(bed, 17_673.59m, "acc-current", "acc-saver", "loan-car", "loan-home"));

        bed.Clock.Advance(TimeSpan.FromHours(2));
        // The customer unticked the saver and the car loan at the bank: it sends the rest.
        await SyncedAsync(bed, Read(bed, 0m, "acc-current", "loan-home"));

        var saver = await AccountAsync(bed, "acc-saver");
        Assert.Equal(bed.Now, saver.NoLongerSharedSince);
        Assert.Equal(17_673.59m, saver.AccountBalance);
        Assert.Equal(firstRead, saver.Source?.RetrievedAt);
        Assert.Equal("Saver acc-saver", saver.AccountName);
        var carLoan = await LoanAsync(bed, "loan-car");
        Assert.Equal(bed.Now, carLoan.NoLongerSharedSince);
        Assert.Equal(10_700m, carLoan.ProductAmount);
        Assert.Null((await AccountAsync(bed, "acc-current")).NoLongerSharedSince);
        Assert.Null((await LoanAsync(bed, "loan-home")).NoLongerSharedSince);

        // A later read without it keeps the day it stopped being shared.
        var markedAt = bed.Now;
        bed.Clock.Advance(TimeSpan.FromHours(6));
        await SyncedAsync(bed, Read(bed, 0m, "acc-current", "loan-home"));
        Assert.Equal(markedAt, (await AccountAsync(bed, "acc-saver")).NoLongerSharedSince);
    }

    [Fact]
    public async Task An_account_the_bank_sends_again_is_live_again_from_that_sync()
    {
        await using var bed = await SyncTestBed.ConnectedAsync(fixture);
        await SyncedAsync(bed, Read(bed, 500m, "acc-current", "acc-saver", "loan-car"));
        bed.Clock.Advance(TimeSpan.FromHours(2));
        await SyncedAsync(bed, Read(bed, 0m, "acc-current"));
        Assert.NotNull((await AccountAsync(bed, "acc-saver")).NoLongerSharedSince);
        Assert.NotNull((await LoanAsync(bed, "loan-car")).NoLongerSharedSince);

        bed.Clock.Advance(TimeSpan.FromHours(2));
        await SyncedAsync(bed, Read(bed, 650m, "acc-current", "acc-saver", "loan-car"));

        var saver = await AccountAsync(bed, "acc-saver");
        Assert.Null(saver.NoLongerSharedSince);
        Assert.Equal(650m, saver.AccountBalance);
        Assert.Equal(bed.Now, saver.Source?.RetrievedAt);
        Assert.Null((await LoanAsync(bed, "loan-car")).NoLongerSharedSince);
    }

    [Theory]
    [InlineData(BankFailureKind.Unavailable)]
    [InlineData(BankFailureKind.MalformedResponse)]
    [InlineData(BankFailureKind.RateLimited)]
    public async Task A_failed_sync_marks_nothing_and_leaves_marks_as_they_were(BankFailureKind failure)
    {
        await using var bed = await SyncTestBed.ConnectedAsync(fixture);
        await SyncedAsync(bed, Read(bed, 500m, "acc-current", "acc-saver", "acc-old", "loan-car"));
        bed.Clock.Advance(TimeSpan.FromHours(2));
        await SyncedAsync(bed, Read(bed, 500m, "acc-current", "acc-saver", "loan-car"));
        var oldMark = (await AccountAsync(bed, "acc-old")).NoLongerSharedSince;
        Assert.NotNull(oldMark);

        bed.Clock.Advance(TimeSpan.FromHours(2));
        bed.Bank.Answer = _ => throw new BankApiException(failure, "Green Bank is not answering.");
        var failed = await bed.Instance("test-instance").SyncAsync(bed.Frida, TestBanks.GreenBank.Id, unattended: false, Cancel);
        Assert.NotEqual(SyncOutcome.Succeeded, failed.Outcome);

        Assert.Null((await AccountAsync(bed, "acc-current")).NoLongerSharedSince);
        Assert.Null((await AccountAsync(bed, "acc-saver")).NoLongerSharedSince);
        Assert.Null((await LoanAsync(bed, "loan-car")).NoLongerSharedSince);
        Assert.Equal(oldMark, (await AccountAsync(bed, "acc-old")).NoLongerSharedSince);
    }

    [Fact]
    public async Task A_read_that_names_no_account_marks_nothing()
    {
        await using var bed = await SyncTestBed.ConnectedAsync(fixture);
        await SyncedAsync(bed, Read(bed, 500m, "acc-current", "acc-saver", "loan-car"));
        bed.Clock.Advance(TimeSpan.FromHours(2));

        // A consent shares at least one account: an empty list is the bank's fault, not the customer's choice.
        await SyncedAsync(bed, Read(bed, 0m));

        Assert.Null((await AccountAsync(bed, "acc-current")).NoLongerSharedSince);
        Assert.Null((await AccountAsync(bed, "acc-saver")).NoLongerSharedSince);
        Assert.Null((await LoanAsync(bed, "loan-car")).NoLongerSharedSince);
    }

    [Fact]
    public async Task Imported_documents_of_the_same_bank_are_never_marked()
    {
        await using var bed = await SyncTestBed.ConnectedAsync(fixture);
        var imported = TestDocuments.Account(bed.Frida.UserId, TestBanks.GreenBank.Name, "imported-1", 42m);
        imported.Source = new DataSource { Origin = DataOrigins.Import, RetrievedAt = bed.Now.AddDays(-3) };
        await bed.Store.Collection(OpenFinanceCollections.ExternalAccounts).UpsertAsync(imported, Cancel);

        await SyncedAsync(bed, Read(bed, 500m, "acc-current"));

        Assert.Null((await AccountAsync(bed, "imported-1")).NoLongerSharedSince);
    }
}

public sealed class EmbeddedNoLongerSharedSyncTests(EmbeddedStoreFixture fixture) : NoLongerSharedSyncTests(fixture), IClassFixture<EmbeddedStoreFixture>;

public sealed class MongoNoLongerSharedSyncTests(MongoStoreFixture fixture) : NoLongerSharedSyncTests(fixture), IClassFixture<MongoStoreFixture>;
