using LeafyBank.Core.Accounts;
using LeafyBank.Tests.Core.Banking.Sync;
using LeafyBank.Tests.Core.Notifications;
using LeafyBank.Tests.Core.Position;

namespace LeafyBank.Tests.Core.Banking.Authorization;

/// <summary>
/// On every engine: the customer removes the data of one account or loan their bank no longer shares (they unticked it at
/// the bank): the account and its transactions, or the loan, are gone from the store, the totals and the data API's reads,
/// and everything else stays; the ledger says what was removed; the customer's views on another instance hear it. One the
/// bank still shares is refused, and a customer can only remove their own.
/// </summary>
public abstract class UnsharedDataRemovalTests(IStoreFixture fixture)
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private static readonly PartyReference Grace = new() { UserId = ObjectId.Parse("65a546ae4a8f64e8f88fb8a0"), UserName = "gracehop" };

    /// <summary>Green Bank's answer: a current account and a saver with three payments each, a car loan, as the ids say.</summary>
    private static BankSnapshot Read(SyncTestBed bed, params string[] ids)
    {
        var source = new DataSource { Origin = DataOrigins.BankApi, RetrievedAt = bed.Now, ConsentId = SyncTestBed.ConsentId };
        ExternalAccount Account(string id) => new()
        {
            AccountId = id,
            AccountType = id == "acc-saver" ? AccountTypes.Savings : AccountTypes.Checking,
            AccountBalance = id == "acc-saver" ? 16_078.89m : 1_000m,
            AccountCurrency = "USD",
            AccountName = id == "acc-saver" ? "Instant Saver" : "Current",
            AccountIdentification = id == "acc-saver" ? "GB29 NWBK 6016 1331 9907" : "GB29 NWBK 6016 1331 1234",
            Source = source,
        };
        var accounts = ids.Where(id => id.StartsWith("acc", StringComparison.Ordinal)).ToList();
        return new BankSnapshot(
            [.. accounts.Select(Account)],
            [.. ids.Where(id => id.StartsWith("loan", StringComparison.Ordinal)).Select(id => new ExternalProduct
            {
                ProductId = id, ProductType = ProductTypes.Loan, ProductAmount = 4_000m, ProductCurrency = "USD", ProductStatus = ProductStatuses.Active,
                ProductName = "Car Loan", ProductIdentification = "GB-LOAN-5521", ProductInterestRate = 3.5m, RepaymentPeriod = 36, Source = source,
            })],
            [.. accounts.SelectMany(account => Enumerable.Range(1, 3).Select(i => new ExternalTransaction
            {
                TransactionId = $"{account}-T{i}", AccountId = account, BookingStatus = BookingStatuses.Booked, Amount = -i, Currency = "USD",
                BookingDate = bed.Now.Date.AddDays(-i), Description = "Green Grocer",
            }))],
            bed.Now);
    }

    private static async Task SyncedAsync(SyncTestBed bed, BankSnapshot read)
    {
        bed.Bank.Answer = _ => read;
        var result = await bed.Instance("test-instance").SyncAsync(bed.Frida, TestBanks.GreenBank.Id, unattended: false, Cancel);
        Assert.True(result.Outcome == SyncOutcome.Succeeded, result.Message);
    }

    /// <summary>Frida shared both accounts and the loan, then renewed leaving out the saver and the loan (<paramref name="unticked"/>).</summary>
    private async Task<SyncTestBed> UntickedAsync(params string[] unticked)
    {
        var bed = await SyncTestBed.ConnectedAsync(fixture);
        await SyncedAsync(bed, Read(bed, "acc-current", "acc-saver", "loan-car"));
        bed.Clock.Advance(TimeSpan.FromHours(2));
        await SyncedAsync(bed, Read(bed, ["acc-current", .. new[] { "acc-saver", "loan-car" }.Except(unticked)]));
        bed.Clock.Advance(TimeSpan.FromHours(1));
        return bed;
    }

    private static ConnectionService Connections(SyncTestBed bed)
    {
        var oauth = new BankOAuthClient(new HttpClient(new NoNetwork()), new BankClientCredentials("leafybank", "secret"));
        return new ConnectionService(bed.Store, new FixedBankDirectory(TestBanks.GreenBank), oauth, bed.Tokens, bed.Protector, bed.Clock);
    }

    private static async Task<ExternalAccount?> AccountAsync(SyncTestBed bed, string id) =>
        (await bed.Store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(bed.Frida.UserId, a => a.AccountId == id, Cancel)).SingleOrDefault();

    private static async Task<ExternalProduct?> LoanAsync(SyncTestBed bed, string id) =>
        (await bed.Store.Collection(OpenFinanceCollections.ExternalProducts).FindAsync(bed.Frida.UserId, p => p.ProductId == id, Cancel)).SingleOrDefault();

    private static async Task<IReadOnlyList<string>> TransactionIdsAsync(SyncTestBed bed) =>
        [.. (await bed.Store.Collection(OpenFinanceCollections.ExternalTransactions).FindAsync(bed.Frida.UserId, cancellationToken: Cancel))
            .Select(t => t.TransactionId).Order(StringComparer.Ordinal)];

    private static async Task<IReadOnlyList<AuditEvent>> RemovalsAsync(SyncTestBed bed, PartyReference owner) =>
        [.. (await bed.Store.Collection(OpenFinanceCollections.AuditEvents).FindAsync(owner.UserId, cancellationToken: Cancel))
            .Where(e => e.Kind == AuditKinds.UnsharedDataRemoved)];

    private static Task<GlobalPosition> PositionAsync(SyncTestBed bed) =>
        PositionScenario.Service(bed.Store).GetAsync(PositionScenario.User(bed.Frida.UserId), Cancel);

    [Fact]
    public async Task Removing_an_unticked_account_takes_it_and_its_transactions_out_of_the_store_the_totals_and_the_data_apis_reads()
    {
        await using var bed = await UntickedAsync("acc-saver");
        var saver = (await AccountAsync(bed, "acc-saver"))!;
        Assert.NotNull(saver.NoLongerSharedSince);
        Assert.Equal(17_078.89m, (await PositionAsync(bed)).TotalBalance);

        var removal = await Connections(bed).RemoveUnsharedDataAsync(bed.Frida, saver.Id.ToString(), Cancel);

        Assert.Equal(new UnsharedDataRemoval(UnsharedRemovalOutcome.Removed, "Instant Saver ••••\u00A09907", "Green Bank", IsLoan: false, Transactions: 3), removal);
        Assert.Equal("The data of Instant Saver ••••\u00A09907 was removed from Leafy Bank. Green Bank keeps the account.", removal.Message);
        Assert.Null(await AccountAsync(bed, "acc-saver"));
        // The shared account, its payments and the loan stay.
        Assert.NotNull(await AccountAsync(bed, "acc-current"));
        Assert.NotNull(await LoanAsync(bed, "loan-car"));
        Assert.Equal(["acc-current-T1", "acc-current-T2", "acc-current-T3"], await TransactionIdsAsync(bed));
        var position = await PositionAsync(bed);
        Assert.Equal(1_000m, position.TotalBalance);
        Assert.Empty(position.NoLongerShared);
        // The data API reads accounts through the same query.
        Assert.DoesNotContain((await new AccountsQuery(bed.Store).GetAsync(bed.Frida.UserId, Cancel)).Linked, a => a.AccountId == "acc-saver");
    }

    [Fact]
    public async Task The_ledger_records_the_removal_in_words_and_the_banks_consent_when_it_happened()
    {
        await using var bed = await UntickedAsync("acc-saver");
        var saver = (await AccountAsync(bed, "acc-saver"))!;

        await Connections(bed).RemoveUnsharedDataAsync(bed.Frida, saver.Id.ToString(), Cancel);

        var entry = Assert.Single(await RemovalsAsync(bed, bed.Frida));
        Assert.Equal(TestBanks.GreenBank.Id, entry.Bank);
        Assert.Equal(AuditOutcomes.Succeeded, entry.Outcome);
        Assert.Equal(bed.Now, entry.At);
        Assert.Equal("Removed the data of Instant Saver ••••\u00A09907 (no longer shared by Green Bank): the account and 3 transactions.", entry.Detail);
        // The connection stays live; its consent only carries when data was removed, for the customer's other tabs.
        var consent = Assert.Single(await bed.Store.Collection(OpenFinanceCollections.Consents).FindAsync(bed.Frida.UserId, cancellationToken: Cancel));
        Assert.Equal(ConsentStatuses.Valid, consent.Status);
        Assert.Equal(bed.Now, consent.DataDeletedAt);
    }

    [Fact]
    public async Task Removing_an_unticked_loan_takes_only_the_loan()
    {
        await using var bed = await UntickedAsync("loan-car");
        var loan = (await LoanAsync(bed, "loan-car"))!;
        Assert.Equal(4_000m, (await PositionAsync(bed)).TotalDebt);

        var removal = await Connections(bed).RemoveUnsharedDataAsync(bed.Frida, loan.Id.ToString(), Cancel);

        Assert.Equal(UnsharedRemovalOutcome.Removed, removal.Outcome);
        Assert.Equal("The data of Car Loan ••••\u00A05521 was removed from Leafy Bank. Green Bank keeps the loan.", removal.Message);
        Assert.Null(await LoanAsync(bed, "loan-car"));
        Assert.NotNull(await AccountAsync(bed, "acc-saver"));
        Assert.Equal(6, (await TransactionIdsAsync(bed)).Count);
        Assert.Equal(0m, (await PositionAsync(bed)).TotalDebt);
        Assert.Equal("Removed the data of Car Loan ••••\u00A05521 (no longer shared by Green Bank).", Assert.Single(await RemovalsAsync(bed, bed.Frida)).Detail);
    }

    [Fact]
    public async Task An_account_the_bank_still_shares_is_refused_and_kept_whole()
    {
        await using var bed = await UntickedAsync("loan-car");
        var current = (await AccountAsync(bed, "acc-current"))!;

        var removal = await Connections(bed).RemoveUnsharedDataAsync(bed.Frida, current.Id.ToString(), Cancel);

        Assert.Equal(UnsharedRemovalOutcome.StillShared, removal.Outcome);
        Assert.StartsWith("Green Bank still shares Current ••••\u00A01234 with Leafy Bank, so its data was kept", removal.Message, StringComparison.Ordinal);
        Assert.NotNull(await AccountAsync(bed, "acc-current"));
        Assert.Equal(6, (await TransactionIdsAsync(bed)).Count);
        Assert.Empty(await RemovalsAsync(bed, bed.Frida));
        Assert.Null(Assert.Single(await bed.Store.Collection(OpenFinanceCollections.Consents).FindAsync(bed.Frida.UserId, cancellationToken: Cancel)).DataDeletedAt);
    }

    [Fact]
    public async Task A_customer_cannot_remove_another_customers_unticked_account_nor_a_made_up_one()
    {
        await using var bed = await UntickedAsync("acc-saver", "loan-car");
        var saver = (await AccountAsync(bed, "acc-saver"))!;
        var loan = (await LoanAsync(bed, "loan-car"))!;
        var connections = Connections(bed);

        Assert.Equal(UnsharedDataRemoval.NotFound, await connections.RemoveUnsharedDataAsync(Grace, saver.Id.ToString(), Cancel));
        Assert.Equal(UnsharedDataRemoval.NotFound, await connections.RemoveUnsharedDataAsync(Grace, loan.Id.ToString(), Cancel));
        Assert.Equal(UnsharedDataRemoval.NotFound, await connections.RemoveUnsharedDataAsync(bed.Frida, ObjectId.GenerateNewId().ToString(), Cancel));
        Assert.Equal(UnsharedDataRemoval.NotFound, await connections.RemoveUnsharedDataAsync(bed.Frida, "acc-saver", Cancel));

        Assert.NotNull(await AccountAsync(bed, "acc-saver"));
        Assert.NotNull(await LoanAsync(bed, "loan-car"));
        Assert.Equal(6, (await TransactionIdsAsync(bed)).Count);
        Assert.Empty(await RemovalsAsync(bed, Grace));
        Assert.Empty(await RemovalsAsync(bed, bed.Frida));
    }

    [Fact]
    public async Task Removing_it_twice_finds_nothing_the_second_time()
    {
        await using var bed = await UntickedAsync("acc-saver");
        var saver = (await AccountAsync(bed, "acc-saver"))!;
        var connections = Connections(bed);
        Assert.Equal(UnsharedRemovalOutcome.Removed, (await connections.RemoveUnsharedDataAsync(bed.Frida, saver.Id.ToString(), Cancel)).Outcome);

        Assert.Equal(UnsharedDataRemoval.NotFound, await connections.RemoveUnsharedDataAsync(bed.Frida, saver.Id.ToString(), Cancel));
        Assert.Single(await RemovalsAsync(bed, bed.Frida));
    }

    [Fact]
    public async Task A_removal_on_instance_A_reaches_the_customers_view_on_instance_B_and_nobody_elses()
    {
        await using var bed = await UntickedAsync("acc-saver");
        var saver = (await AccountAsync(bed, "acc-saver"))!;
        await using var b = await LiveInstance.StartAsync("B", await fixture.ReopenAsync(bed.Store), ownsStore: true);
        // Views opened a while ago: the relay's first look (which announces the syncs just made) is over before these listen.
        using var fridasEarlierView = b.Notifier.Subscribe(bed.Frida.UserId, () => { });
        using var gracesEarlierView = b.Notifier.Subscribe(Grace.UserId, () => { });
        await b.UntilCustomersReadAsync(2);
        await b.SettleAsync(customers: 2);
        var fridaOnB = new HeardCounter();
        var graceOnB = new HeardCounter();
        using var fridaView = b.Notifier.Subscribe(bed.Frida.UserId, fridaOnB.Hear);
        using var graceView = b.Notifier.Subscribe(Grace.UserId, graceOnB.Hear);

        Assert.Equal(UnsharedRemovalOutcome.Removed, (await Connections(bed).RemoveUnsharedDataAsync(bed.Frida, saver.Id.ToString(), Cancel)).Outcome);

        await fridaOnB.Heard.Task.WaitAsync(TimeSpan.FromSeconds(2), Cancel);
        await b.SettleAsync(customers: 2);
        Assert.Equal(1, fridaOnB.Count);
        Assert.Equal(0, graceOnB.Count);
    }
}

public sealed class EmbeddedUnsharedDataRemovalTests(EmbeddedStoreFixture fixture) : UnsharedDataRemovalTests(fixture), IClassFixture<EmbeddedStoreFixture>;

/// <summary>Skipped unless <c>LEAFYBANK_TEST_MONGODB_URI</c> (or Docker) gives a server.</summary>
public sealed class MongoUnsharedDataRemovalTests(MongoStoreFixture fixture) : UnsharedDataRemovalTests(fixture), IClassFixture<MongoStoreFixture>;

