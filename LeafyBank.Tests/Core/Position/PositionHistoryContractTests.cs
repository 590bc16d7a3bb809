using static LeafyBank.Tests.Core.Persistence.TestDocuments;

namespace LeafyBank.Tests.Core.Position;

/// <summary>
/// The position history (<c>position_history</c>) on every engine: one figure per customer and
/// day however often it is written, the daily snapshot taken once, a sync's snapshot replacing
/// the day's, and per-customer isolation. Time comes from a fake clock.
/// </summary>
public abstract class PositionHistoryContractTests(IStoreFixture fixture)
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private async Task<(IDocumentStore Store, PositionHistoryService History, FakeTimeProvider Clock, LeafyUser Ada)> NewAsync()
    {
        var store = await fixture.CreateStoreAsync();
        var clock = TestTime.Frozen();
        var ada = new LeafyUser { Id = ObjectId.GenerateNewId(), UserName = "adalove", FirstName = "Ada", BaseCurrency = "USD" };
        await store.Collection(OpenFinanceCollections.Users).UpsertAsync(ada, Cancel);
        await store.Collection(OpenFinanceCollections.ExternalAccounts).UpsertAsync(Account(ada.Id, "Green Bank", "A1", 1000m), Cancel);
        var positions = new GlobalPositionService(store, IPositionQuery.For(store), ExchangeRates.Default, clock);
        return (store, new PositionHistoryService(IPositionHistoryStore.For(store), ICashFlowStoreQuery.For(store), positions, ExchangeRates.Default, clock), clock, ada);
    }

    private static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    [Fact]
    public async Task A_customers_daily_snapshot_is_written_once_however_often_the_daily_pass_runs_that_day()
    {
        var (store, history, clock, ada) = await NewAsync();
        await using var _ = store;

        Assert.Equal(UpsertOutcome.Inserted, await history.RecordDailyAsync(ada, Cancel));
        // A restart (or a second instance) runs the pass again later that day, with new figures: nothing is written.
        await store.Collection(OpenFinanceCollections.ExternalAccounts).UpsertAsync(Account(ada.Id, "Green Bank", "A1", 1500m), Cancel);
        clock.Advance(TimeSpan.FromHours(5));
        Assert.Equal(UpsertOutcome.Unchanged, await history.RecordDailyAsync(ada, Cancel));

        var day = Assert.Single(await IPositionHistoryStore.For(store).ReadAsync(ada.Id, Today(clock).AddDays(-1), Today(clock), Cancel));
        Assert.Equal(1000m, day.NetWorth);
        Assert.Equal(DailyPositionSources.Daily, day.Source);
    }

    [Fact]
    public async Task A_sync_later_the_same_day_replaces_the_days_figure_and_the_next_day_gets_its_own()
    {
        var (store, history, clock, ada) = await NewAsync();
        await using var _ = store;
        var firstDay = Today(clock);
        await history.RecordDailyAsync(ada, Cancel);

        await store.Collection(OpenFinanceCollections.ExternalAccounts).UpsertAsync(Account(ada.Id, "Green Bank", "A1", 1250m), Cancel);
        clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(UpsertOutcome.Updated, await history.RecordAsync(ada, DailyPositionSources.Sync, Cancel));
        // The same figures again (a second sync that changed nothing) store nothing new.
        Assert.Equal(UpsertOutcome.Unchanged, await history.RecordAsync(ada, DailyPositionSources.Sync, Cancel));

        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(UpsertOutcome.Inserted, await history.RecordDailyAsync(ada, Cancel));

        var days = await IPositionHistoryStore.For(store).ReadAsync(ada.Id, firstDay, Today(clock), Cancel);
        Assert.Equal([firstDay, firstDay.AddDays(1)], days.Select(d => DateOnly.FromDateTime(d.Day)));
        Assert.All(days, d => Assert.Equal(1250m, d.NetWorth));
        var chart = await history.GetNetWorthAsync(ada, "USD", cancellationToken: Cancel);
        Assert.Equal(2, chart.RecordedDays);
        Assert.False(chart.HasEstimates);
    }

    [Fact]
    public async Task One_customers_history_is_never_read_for_another()
    {
        var (store, history, _, ada) = await NewAsync();
        await using var __ = store;
        await history.RecordDailyAsync(ada, Cancel);
        var grace = new LeafyUser { Id = ObjectId.GenerateNewId(), UserName = "gracehop", BaseCurrency = "USD" };

        var chart = await history.GetNetWorthAsync(grace, "USD", cancellationToken: Cancel);

        Assert.Empty(chart.Points);
    }

    [Fact]
    public async Task Days_before_the_first_record_are_estimated_backwards_from_booked_transactions_loan_repayments_neutral_and_marked_so()
    {
        var (store, history, clock, ada) = await NewAsync();
        await using var _ = store;
        var today = Today(clock);
        var transactions = store.Collection(OpenFinanceCollections.ExternalTransactions);
        // Salary of 300 booked two days ago, a card payment of 50 yesterday; pending ones never count.
        await transactions.UpsertAsync(Tx(ada.Id, "t1", today.AddDays(-2), 300m), Cancel);
        await transactions.UpsertAsync(Tx(ada.Id, "t2", today.AddDays(-1), -50m), Cancel);
        await transactions.UpsertAsync(Tx(ada.Id, "t3", today.AddDays(-1), -999m, BookingStatuses.Pending), Cancel);
        // A loan instalment lowers the balance and the debt alike: it does not move the estimate.
        var instalment = Tx(ada.Id, "t4", today.AddDays(-2), -400m);
        instalment.Category = "Loan repayment";
        await transactions.UpsertAsync(instalment, Cancel);
        await history.RecordDailyAsync(ada, Cancel);

        var chart = await history.GetNetWorthAsync(ada, "USD", cancellationToken: Cancel);

        // Today 1000 (recorded); yesterday's end: 1000 (nothing booked today); the day before: 1000 + 50; before the salary: 1050 - 300.
        Assert.Equal(
            [(today.AddDays(-3), 750m, true), (today.AddDays(-2), 1050m, true), (today.AddDays(-1), 1000m, true), (today, 1000m, false)],
            chart.Points.Select(p => (p.Day, p.NetWorth, p.Estimated)));
        Assert.Equal(today, chart.FirstRecordedDay);
    }

    [Fact]
    public async Task The_recorder_takes_a_snapshot_when_a_customers_sync_publishes_a_change()
    {
        var (store, history, clock, ada) = await NewAsync();
        await using var _ = store;
        var changes = new PositionChangeNotifier(NullLogger<PositionChangeNotifier>.Instance);
        using var recorder = new PositionHistoryRecorder(history, changes, store, clock, NullLogger<PositionHistoryRecorder>.Instance);
        await recorder.StartAsync(Cancel);
        await WaitForAsync(async () => (await IPositionHistoryStore.For(store).ReadAsync(ada.Id, Today(clock), Today(clock), Cancel)).Count == 1);

        await store.Collection(OpenFinanceCollections.ExternalAccounts).UpsertAsync(Account(ada.Id, "Green Bank", "A1", 2000m), Cancel);
        changes.Publish(ada.Id);

        await WaitForAsync(async () => (await IPositionHistoryStore.For(store).ReadAsync(ada.Id, Today(clock), Today(clock), Cancel)).Single().NetWorth == 2000m);
        await recorder.StopAsync(Cancel);
        Assert.Equal(DailyPositionSources.Sync, (await IPositionHistoryStore.For(store).ReadAsync(ada.Id, Today(clock), Today(clock), Cancel)).Single().Source);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        // Polls a background writer; fails with the condition unmet after 10 s rather than hanging.
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (await condition())
            {
                return;
            }
            await Task.Delay(50, Cancel);
        }
        Assert.Fail("The recorder did not write the expected snapshot within 10 s.");
    }

    private static ExternalTransaction Tx(ObjectId owner, string id, DateOnly day, decimal amount, string status = BookingStatuses.Booked) => new()
    {
        TransactionId = id,
        TransactionBank = "Green Bank",
        AccountId = "A1",
        TransactionUser = Owner(owner),
        BookingStatus = status,
        Amount = amount,
        Currency = "USD",
        BookingDate = day.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc),
        Description = "Card payment",
    };
}

public sealed class EmbeddedPositionHistoryContractTests(EmbeddedStoreFixture fixture)
    : PositionHistoryContractTests(fixture), IClassFixture<EmbeddedStoreFixture>;

public sealed class MongoPositionHistoryContractTests(MongoStoreFixture fixture)
    : PositionHistoryContractTests(fixture), IClassFixture<MongoStoreFixture>;
