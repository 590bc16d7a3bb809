using LeafyBank.Tests.Core.Banking.Sync;

namespace LeafyBank.Tests.Core.Position;

/// <summary>
/// On every engine: the dashboard's "net worth over time" after the customer removed the data of an account their bank no
/// longer shares (<see cref="ConnectionService.RemoveUnsharedDataAsync"/>). The days recorded while it was counted held its
/// money; they are estimated backwards from today instead of drawn solid, so the line shows no fall on the day of the removal
/// and the removed account's balance cannot be read off it. Green Bank is read by a real sync from a scripted answer.
/// </summary>
public abstract class PositionHistoryRemovalTests(IStoreFixture fixture)
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private const decimal SaverBalance = 5_000m;

    /// <summary>
    /// Frida's Green Bank: a current account and a saver, and 200 moved from the current account into the saver on
    /// <paramref name="transferDay"/> (when given), both halves booked. <paramref name="withSaver"/> false: she no longer shares the saver.
    /// </summary>
    private static BankSnapshot Read(SyncTestBed bed, bool withSaver, DateOnly? transferDay)
    {
        var source = new DataSource { Origin = DataOrigins.BankApi, RetrievedAt = bed.Now, ConsentId = SyncTestBed.ConsentId };
        var moved = transferDay is null ? 0m : 200m;
        List<ExternalAccount> accounts =
        [
            new()
            {
                AccountId = "acc-current", AccountType = AccountTypes.Checking, AccountBalance = 1_000m - moved, AccountCurrency = "USD",
                AccountName = "Current", AccountIdentification = "GB29 NWBK 6016 1331 1234", Source = source,
            },
        ];
        if (withSaver)
        {
            accounts.Add(new()
            {
                AccountId = "acc-saver",
                AccountType = AccountTypes.Savings,
                AccountBalance = SaverBalance + moved,
                AccountCurrency = "USD",
                AccountName = "Instant Saver",
                AccountIdentification = "GB29 NWBK 6016 1331 9907",
                Source = source,
            });
        }
        var transactions = transferDay is not { } day
            ? []
            : accounts.Select(account => new ExternalTransaction
            {
                TransactionId = $"{account.AccountId}-move",
                AccountId = account.AccountId,
                BookingStatus = BookingStatuses.Booked,
                Amount = account.AccountId == "acc-saver" ? 200m : -200m,
                Currency = "USD",
                BookingDate = day.ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc),
                Description = "To Instant Saver",
            }).ToList();
        return new BankSnapshot(accounts, [], transactions, bed.Now);
    }

    private static async Task SyncedAsync(SyncTestBed bed, BankSnapshot read)
    {
        bed.Bank.Answer = _ => read;
        var result = await bed.Instance("test-instance").SyncAsync(bed.Frida, TestBanks.GreenBank.Id, unattended: false, Cancel);
        Assert.True(result.Outcome == SyncOutcome.Succeeded, result.Message);
    }

    private static ConnectionService Connections(SyncTestBed bed)
    {
        var oauth = new BankOAuthClient(new HttpClient(new NoNetwork()), new BankClientCredentials("leafybank", "secret"));
        return new ConnectionService(bed.Store, new FixedBankDirectory(TestBanks.GreenBank), oauth, bed.Tokens, bed.Protector, bed.Clock);
    }

    private static LeafyUser Frida(SyncTestBed bed) => new() { Id = bed.Frida.UserId, UserName = bed.Frida.UserName, BaseCurrency = "USD" };

    private static PositionHistoryService History(SyncTestBed bed) =>
        new(IPositionHistoryStore.For(bed.Store), ICashFlowStoreQuery.For(bed.Store), Positions(bed), ExchangeRates.Default, bed.Clock);

    private static GlobalPositionService Positions(SyncTestBed bed) => new(bed.Store, IPositionQuery.For(bed.Store), ExchangeRates.Default, bed.Clock);

    private static async Task<NetWorthHistory> ChartAsync(SyncTestBed bed) =>
        await History(bed).GetNetWorthAsync(Frida(bed), await Positions(bed).GetAsync(Frida(bed), Cancel), cancellationToken: Cancel);

    private static DateOnly Today(SyncTestBed bed) => DateOnly.FromDateTime(bed.Now);

    /// <summary>
    /// Day 0: both accounts synced (6,000) and recorded. Day 1: 200 moved into the saver, synced and recorded (6,000).
    /// Day 2 (today): the saver no longer shared (<paramref name="untick"/>), synced and recorded; still counted (6,000).
    /// </summary>
    private async Task<SyncTestBed> ThreeRecordedDaysAsync(bool untick)
    {
        var bed = await SyncTestBed.ConnectedAsync(fixture);
        var history = History(bed);
        await SyncedAsync(bed, Read(bed, withSaver: true, transferDay: null));
        await history.RecordAsync(Frida(bed), DailyPositionSources.Sync, Cancel);
        bed.Clock.Advance(TimeSpan.FromDays(1));
        var transferDay = Today(bed);
        await SyncedAsync(bed, Read(bed, withSaver: true, transferDay));
        await history.RecordAsync(Frida(bed), DailyPositionSources.Sync, Cancel);
        bed.Clock.Advance(TimeSpan.FromDays(1));
        await SyncedAsync(bed, Read(bed, withSaver: !untick, transferDay));
        await history.RecordAsync(Frida(bed), DailyPositionSources.Sync, Cancel);
        return bed;
    }

    [Fact]
    public async Task After_removing_an_accounts_data_the_days_that_counted_it_are_estimated_not_drawn_with_its_money()
    {
        await using var bed = await ThreeRecordedDaysAsync(untick: true);
        var today = Today(bed);
        var saver = Assert.Single(await bed.Store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(bed.Frida.UserId, a => a.AccountId == "acc-saver", Cancel));
        // Before the removal the saver is counted (as last read): three solid days at 6,000.
        Assert.Equal([(today.AddDays(-2), 6_000m, false), (today.AddDays(-1), 6_000m, false), (today, 6_000m, false)],
            (await ChartAsync(bed)).Points.Select(p => (p.Day, p.NetWorth, p.Estimated)));

        Assert.Equal(UnsharedRemovalOutcome.Removed, (await Connections(bed).RemoveUnsharedDataAsync(bed.Frida, saver.Id.ToString(), Cancel)).Outcome);
        var chart = await ChartAsync(bed);

        // Today: the current account's 800. Worked back from it: nothing booked today, so yesterday 800; the 200 paid into the
        // saver yesterday is now money that left the accounts Leafy Bank sees (its other half went with the saver), so the day
        // before 1,000. No day is drawn solid with the saver's money, and no point holds its 5,000.
        Assert.Equal([(today.AddDays(-2), 1_000m, true), (today.AddDays(-1), 800m, true), (today, 800m, false)],
            chart.Points.Select(p => (p.Day, p.NetWorth, p.Estimated)));
        Assert.DoesNotContain(chart.Points, p => p.NetWorth >= SaverBalance);
        Assert.Equal(today, chart.FirstRecordedDay);
        Assert.Equal(2, chart.DaysNotComparable);
    }

    [Fact]
    public async Task With_nothing_booked_to_work_back_from_the_chart_says_the_recorded_days_were_left_out_rather_than_starting_today()
    {
        await using var bed = await SyncTestBed.ConnectedAsync(fixture);
        var history = History(bed);
        await SyncedAsync(bed, Read(bed, withSaver: true, transferDay: null));
        await history.RecordAsync(Frida(bed), DailyPositionSources.Sync, Cancel);
        bed.Clock.Advance(TimeSpan.FromDays(1));
        await SyncedAsync(bed, Read(bed, withSaver: false, transferDay: null));
        var saver = Assert.Single(await bed.Store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(bed.Frida.UserId, a => a.AccountId == "acc-saver", Cancel));
        await Connections(bed).RemoveUnsharedDataAsync(bed.Frida, saver.Id.ToString(), Cancel);

        var chart = await ChartAsync(bed);

        // Yesterday's 6,000 counted the saver, and no payment to work back from: today alone, and the page can tell the
        // history was kept (one day left out), not that it starts today.
        Assert.Equal([(Today(bed), 1_000m, false)], chart.Points.Select(p => (p.Day, p.NetWorth, p.Estimated)));
        Assert.Equal(1, chart.DaysNotComparable);
    }

    [Fact]
    public async Task After_the_removal_the_payment_into_the_removed_account_counts_as_money_leaving_not_as_a_move_between_own_accounts()
    {
        await using var bed = await ThreeRecordedDaysAsync(untick: true);
        var saver = Assert.Single(await bed.Store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(bed.Frida.UserId, a => a.AccountId == "acc-saver", Cancel));
        var cashFlow = ICashFlowStoreQuery.For(bed.Store);
        async Task<CashFlowKind> KindOfThePaymentOutAsync()
        {
            var lines = await cashFlow.GetBookedLinesAsync(bed.Frida.UserId, bed.Now.AddDays(-5), bed.Now.AddDays(1), Cancel);
            return CashFlowRules.Classify(lines)[Assert.Single(lines, l => l.AccountId == "acc-current")];
        }
        // Both halves booked: a move between her own accounts, which neither the cash flow nor the estimate counts.
        Assert.Equal(CashFlowKind.InternalTransfer, await KindOfThePaymentOutAsync());

        await Connections(bed).RemoveUnsharedDataAsync(bed.Frida, saver.Id.ToString(), Cancel);

        Assert.Equal(CashFlowKind.Spending, await KindOfThePaymentOutAsync());
    }

    [Fact]
    public async Task A_history_without_removals_draws_the_days_as_recorded()
    {
        await using var bed = await ThreeRecordedDaysAsync(untick: false);
        var today = Today(bed);

        var chart = await ChartAsync(bed);

        // The move between her own accounts changed nothing, and every day counted the same accounts: all recorded, all solid.
        Assert.Equal([(today.AddDays(-2), 6_000m, false), (today.AddDays(-1), 6_000m, false), (today, 6_000m, false)],
            chart.Points.Select(p => (p.Day, p.NetWorth, p.Estimated)));
        Assert.False(chart.HasEstimates);
        Assert.Equal(0, chart.DaysNotComparable);
    }

    [Fact]
    public async Task An_account_only_no_longer_shared_is_still_counted_so_its_history_stays_solid()
    {
        await using var bed = await ThreeRecordedDaysAsync(untick: true);

        var chart = await ChartAsync(bed);

        // Unticked at the bank but not removed: counted at its last-read balance, as every earlier day counted it.
        Assert.Equal(3, chart.RecordedDays);
        Assert.False(chart.HasEstimates);
    }
}

public sealed class EmbeddedPositionHistoryRemovalTests(EmbeddedStoreFixture fixture)
    : PositionHistoryRemovalTests(fixture), IClassFixture<EmbeddedStoreFixture>;

public sealed class MongoPositionHistoryRemovalTests(MongoStoreFixture fixture)
    : PositionHistoryRemovalTests(fixture), IClassFixture<MongoStoreFixture>;
