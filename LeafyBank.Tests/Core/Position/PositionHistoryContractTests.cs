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

    /// <summary>What the dashboard draws: the history ending with the position it has just computed.</summary>
    private static async Task<NetWorthHistory> ChartAsync(IDocumentStore store, PositionHistoryService history, TimeProvider clock, LeafyUser user)
    {
        var current = await new GlobalPositionService(store, IPositionQuery.For(store), ExchangeRates.Default, clock).GetAsync(user, Cancel);
        return await history.GetNetWorthAsync(user, current, cancellationToken: Cancel);
    }

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
        var chart = await ChartAsync(store, history, clock, ada);
        Assert.Equal(2, chart.RecordedDays);
        Assert.False(chart.HasEstimates);
    }

    [Fact]
    public async Task One_customers_history_is_never_read_for_another()
    {
        var (store, history, clock, ada) = await NewAsync();
        await using var __ = store;
        await history.RecordDailyAsync(ada, Cancel);
        var grace = new LeafyUser { Id = ObjectId.GenerateNewId(), UserName = "gracehop", BaseCurrency = "USD" };

        var chart = await ChartAsync(store, history, clock, grace);

        // Only Grace's own (empty) position today: none of Ada's 1000.
        Assert.Equal([(Today(clock), 0m, false)], chart.Points.Select(p => (p.Day, p.NetWorth, p.Estimated)));
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

        var chart = await ChartAsync(store, history, clock, ada);

        // Today 1000 (recorded); yesterday's end: 1000 (nothing booked today); the day before: 1000 + 50; before the salary: 1050 - 300.
        Assert.Equal(
            [(today.AddDays(-3), 750m, true), (today.AddDays(-2), 1050m, true), (today.AddDays(-1), 1000m, true), (today, 1000m, false)],
            chart.Points.Select(p => (p.Day, p.NetWorth, p.Estimated)));
        Assert.Equal(today, chart.FirstRecordedDay);
    }

    [Fact]
    public async Task Days_recorded_before_a_bank_was_linked_are_estimated_from_the_first_day_that_counts_it_instead_of_jumping_on_the_day_of_the_link()
    {
        var (store, history, clock, ada) = await NewAsync();
        await using var _ = store;
        // Yesterday's daily snapshot counted Green Bank alone (1000).
        await history.RecordDailyAsync(ada, Cancel);
        var yesterday = Today(clock);
        clock.Advance(TimeSpan.FromDays(1));
        var today = Today(clock);
        // Today the customer links Thames Bank: 5000 now, after a salary of 300 two days ago and a card payment of 50 today.
        await store.Collection(OpenFinanceCollections.ExternalAccounts).UpsertAsync(Account(ada.Id, "Thames Bank", "T1", 5000m), Cancel);
        var transactions = store.Collection(OpenFinanceCollections.ExternalTransactions);
        await transactions.UpsertAsync(Tx(ada.Id, "s1", today.AddDays(-2), 300m, bank: "Thames Bank", account: "T1"), Cancel);
        await transactions.UpsertAsync(Tx(ada.Id, "s2", today, -50m, bank: "Thames Bank", account: "T1"), Cancel);
        await history.RecordAsync(ada, DailyPositionSources.Sync, Cancel);

        var chart = await ChartAsync(store, history, clock, ada);

        // Yesterday's 1000 held none of Thames Bank's money: it is not drawn beside today's 6000. Worked back from
        // today's 6000: yesterday 6000 + 50, the day before the same, and before the salary 6050 - 300.
        Assert.Equal(
            [(today.AddDays(-3), 5750m, true), (today.AddDays(-2), 6050m, true), (yesterday, 6050m, true), (today, 6000m, false)],
            chart.Points.Select(p => (p.Day, p.NetWorth, p.Estimated)));
        Assert.Equal(today, chart.FirstRecordedDay);
    }

    [Fact]
    public async Task Today_is_the_position_just_computed_so_a_bank_linked_since_the_last_snapshot_moves_no_earlier_day()
    {
        var (store, history, clock, ada) = await NewAsync();
        await using var _ = store;
        await history.RecordDailyAsync(ada, Cancel);
        clock.Advance(TimeSpan.FromDays(1));
        await history.RecordDailyAsync(ada, Cancel);
        // A bank linked minutes ago, its sync's snapshot not written yet.
        await store.Collection(OpenFinanceCollections.ExternalAccounts).UpsertAsync(Account(ada.Id, "Thames Bank", "T1", 5000m), Cancel);
        var today = Today(clock);

        var chart = await ChartAsync(store, history, clock, ada);

        // Nothing booked at Thames Bank: no honest way to draw the days before, so today stands alone.
        Assert.Equal([(today, 6000m, false)], chart.Points.Select(p => (p.Day, p.NetWorth, p.Estimated)));
    }

    [Fact]
    public async Task A_day_recorded_before_snapshots_named_their_banks_is_estimated_as_it_cannot_be_told_to_count_the_same_banks()
    {
        var (store, history, clock, ada) = await NewAsync();
        await using var _ = store;
        var yesterday = Today(clock).AddDays(-1);
        // Written by an earlier version: the totals, no banks. It may have counted fewer banks than today's 1000.
        await IPositionHistoryStore.For(store).RecordAsync(new DailyPosition
        {
            SnapshotUser = Owner(ada.Id),
            Day = yesterday.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            RecordedAt = yesterday.ToDateTime(new TimeOnly(23, 0), DateTimeKind.Utc),
            Currency = "USD",
            TotalBalance = 400m,
            NetWorth = 400m,
        }, Cancel);
        await store.Collection(OpenFinanceCollections.ExternalTransactions).UpsertAsync(Tx(ada.Id, "t1", Today(clock), -50m), Cancel);

        var chart = await ChartAsync(store, history, clock, ada);

        Assert.Equal([(yesterday, 1050m, true), (Today(clock), 1000m, false)], chart.Points.Select(p => (p.Day, p.NetWorth, p.Estimated)));
    }

    /// <summary>A snapshot as an earlier version wrote it: its banks, but not yet its accounts and loans.</summary>
    private static DailyPosition WithoutHoldings(ObjectId owner, DateOnly day, decimal netWorth) => new()
    {
        SnapshotUser = Owner(owner),
        Day = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
        RecordedAt = day.ToDateTime(new TimeOnly(23, 0), DateTimeKind.Utc),
        Currency = "USD",
        TotalBalance = netWorth,
        NetWorth = netWorth,
        Banks = ["Green Bank"],
    };

    [Fact]
    public async Task A_day_recorded_before_snapshots_kept_their_accounts_is_still_drawn_as_recorded_when_it_counted_the_same_banks()
    {
        var (store, history, clock, ada) = await NewAsync();
        await using var _ = store;
        var today = Today(clock);
        // Written before the upgrade: Green Bank counted, which accounts not known. An upgrade must not make it an estimate.
        await IPositionHistoryStore.For(store).RecordAsync(WithoutHoldings(ada.Id, today.AddDays(-2), 900m), Cancel);
        await IPositionHistoryStore.For(store).RecordAsync(WithoutHoldings(ada.Id, today.AddDays(-1), 950m), Cancel);
        await store.Collection(OpenFinanceCollections.ExternalTransactions).UpsertAsync(Tx(ada.Id, "t1", today, 50m), Cancel);

        var chart = await ChartAsync(store, history, clock, ada);

        Assert.Equal([(today.AddDays(-2), 900m, false), (today.AddDays(-1), 950m, false), (today, 1000m, false)],
            chart.Points.Select(p => (p.Day, p.NetWorth, p.Estimated)));
    }

    [Fact]
    public async Task A_day_recorded_before_snapshots_kept_their_accounts_is_left_out_with_every_day_before_one_that_counted_other_accounts()
    {
        var (store, history, clock, ada) = await NewAsync();
        await using var _ = store;
        var accounts = store.Collection(OpenFinanceCollections.ExternalAccounts);
        var yesterday = Today(clock);
        await IPositionHistoryStore.For(store).RecordAsync(WithoutHoldings(ada.Id, yesterday.AddDays(-1), 3000m), Cancel);
        // Yesterday's snapshot, the first with its accounts, counted a second Green Bank account since removed.
        await accounts.UpsertAsync(Account(ada.Id, "Green Bank", "A2", 2000m), Cancel);
        await history.RecordDailyAsync(ada, Cancel);
        await accounts.DeleteAsync(ada.Id, a => a.AccountId == "A2", Cancel);
        clock.Advance(TimeSpan.FromDays(1));
        var today = Today(clock);
        await store.Collection(OpenFinanceCollections.ExternalTransactions).UpsertAsync(Tx(ada.Id, "t1", yesterday, -100m), Cancel);

        var chart = await ChartAsync(store, history, clock, ada);

        // Neither yesterday's 3,000 nor the older 3,000 is drawn: both worked back from today's 1,000.
        Assert.Equal([(yesterday.AddDays(-1), 1100m, true), (yesterday, 1000m, true), (today, 1000m, false)],
            chart.Points.Select(p => (p.Day, p.NetWorth, p.Estimated)));
    }

    [Fact]
    public async Task Days_recorded_before_an_account_at_a_linked_bank_was_shared_are_estimated_instead_of_jumping_on_the_day_it_was()
    {
        var (store, history, clock, ada) = await NewAsync();
        await using var _ = store;
        await history.RecordDailyAsync(ada, Cancel);
        var yesterday = Today(clock);
        clock.Advance(TimeSpan.FromDays(1));
        var today = Today(clock);
        // Today she shares her Green Bank saver too (same bank, so the banks alone do not tell): 4,000, after 300 paid in today.
        await store.Collection(OpenFinanceCollections.ExternalAccounts).UpsertAsync(Account(ada.Id, "Green Bank", "S1", 4000m), Cancel);
        await store.Collection(OpenFinanceCollections.ExternalTransactions).UpsertAsync(Tx(ada.Id, "s1", today, 300m, account: "S1"), Cancel);

        var chart = await ChartAsync(store, history, clock, ada);

        // Yesterday's 1,000 held none of the saver's money: worked back from today's 5,000 instead.
        Assert.Equal([(yesterday, 4700m, true), (today, 5000m, false)], chart.Points.Select(p => (p.Day, p.NetWorth, p.Estimated)));
    }

    [Fact]
    public async Task A_snapshot_that_counts_other_accounts_with_the_same_figures_replaces_the_days_snapshot()
    {
        var (store, history, clock, ada) = await NewAsync();
        await using var _ = store;
        await history.RecordDailyAsync(ada, Cancel);
        // An empty account appears: the same totals, other accounts.
        await store.Collection(OpenFinanceCollections.ExternalAccounts).UpsertAsync(Account(ada.Id, "Green Bank", "A2", 0m), Cancel);
        clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(UpsertOutcome.Updated, await history.RecordAsync(ada, DailyPositionSources.Sync, Cancel));
        Assert.Equal(UpsertOutcome.Unchanged, await history.RecordAsync(ada, DailyPositionSources.Sync, Cancel));
        var day = Assert.Single(await IPositionHistoryStore.For(store).ReadAsync(ada.Id, Today(clock), Today(clock), Cancel));
        var now = await new GlobalPositionService(store, IPositionQuery.For(store), ExchangeRates.Default, clock).GetAsync(ada, Cancel);
        Assert.Equal(PositionHistoryRules.HoldingsOf(now, ada.Id), day.Holdings);
    }

    [Fact]
    public async Task One_customers_removal_leaves_anothers_history_with_the_same_accounts_as_recorded()
    {
        var (store, history, clock, ada) = await NewAsync();
        await using var _ = store;
        var grace = new LeafyUser { Id = ObjectId.GenerateNewId(), UserName = "gracehop", BaseCurrency = "USD" };
        var accounts = store.Collection(OpenFinanceCollections.ExternalAccounts);
        // Both hold the same two Green Bank accounts (the same bank ids) and record a day.
        await accounts.UpsertAsync(Account(grace.Id, "Green Bank", "A1", 1000m), Cancel);
        foreach (var user in new[] { ada, grace })
        {
            await accounts.UpsertAsync(Account(user.Id, "Green Bank", "A2", 2000m), Cancel);
            await history.RecordDailyAsync(user, Cancel);
        }
        var yesterday = Today(clock);
        clock.Advance(TimeSpan.FromDays(1));
        foreach (var user in new[] { ada, grace })
        {
            await store.Collection(OpenFinanceCollections.ExternalTransactions).UpsertAsync(Tx(user.Id, "t1", Today(clock), -10m), Cancel);
        }
        // Ada's A2 goes; Grace's stays.
        await accounts.DeleteAsync(ada.Id, a => a.AccountId == "A2", Cancel);

        var adas = await ChartAsync(store, history, clock, ada);
        var graces = await ChartAsync(store, history, clock, grace);

        Assert.Equal([(yesterday, 1010m, true), (Today(clock), 1000m, false)], adas.Points.Select(p => (p.Day, p.NetWorth, p.Estimated)));
        Assert.Equal([(yesterday, 3000m, false), (Today(clock), 3000m, false)], graces.Points.Select(p => (p.Day, p.NetWorth, p.Estimated)));
        // The same accounts leave a different fingerprint in each customer's history.
        var adasDay = Assert.Single(await IPositionHistoryStore.For(store).ReadAsync(ada.Id, yesterday, yesterday, Cancel));
        var gracesDay = Assert.Single(await IPositionHistoryStore.For(store).ReadAsync(grace.Id, yesterday, yesterday, Cancel));
        Assert.NotNull(adasDay.Holdings);
        Assert.NotEqual(adasDay.Holdings, gracesDay.Holdings);
    }

    [Theory]
    // 23:30 UTC is 00:30 (or 01:30 in summer) the next day in Berlin.
    [InlineData("Europe/Berlin", 23.5, 1)]
    // 03:00 UTC is 22:00 (or 23:00) the day before in New York.
    [InlineData("America/New_York", 3, -1)]
    // No zone known yet: UTC days.
    [InlineData(null, 23.5, 0)]
    public async Task A_day_is_the_customers_own_calendar_day_in_the_snapshot_and_on_the_chart(string? zone, double utcHour, int daysFromUtcDate)
    {
        var (store, history, clock, ada) = await NewAsync();
        await using var _ = store;
        ada.TimeZone = zone;
        // A later day than the suite's "now", at the given hour: the clock only moves forward.
        var utcDate = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(2);
        clock.SetUtcNow(new DateTimeOffset(utcDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddHours(utcHour));
        var customersDay = utcDate.AddDays(daysFromUtcDate);

        Assert.Equal(UpsertOutcome.Inserted, await history.RecordDailyAsync(ada, Cancel));

        var snapshot = Assert.Single(await IPositionHistoryStore.For(store).ReadAsync(ada.Id, utcDate.AddDays(-1), utcDate.AddDays(1), Cancel));
        Assert.Equal(customersDay, DateOnly.FromDateTime(snapshot.Day));
        var chart = await ChartAsync(store, history, clock, ada);
        Assert.Equal(customersDay, chart.Points[^1].Day);
    }

    [Fact]
    public async Task A_figure_filed_under_today_before_today_began_where_the_customer_is_is_replaced_by_the_daily_snapshot()
    {
        var (store, history, clock, ada) = await NewAsync();
        await using var _ = store;
        var utcDate = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(2);
        // 05:00 UTC, no zone known yet: filed under the UTC date, though in Honolulu it is still the evening before.
        clock.SetUtcNow(new DateTimeOffset(utcDate.ToDateTime(new TimeOnly(5, 0)), TimeSpan.Zero));
        await history.RecordDailyAsync(ada, Cancel);
        ada.TimeZone = "Pacific/Honolulu";
        await store.Collection(OpenFinanceCollections.ExternalAccounts).UpsertAsync(Account(ada.Id, "Green Bank", "A1", 1750m), Cancel);

        // 11:00 UTC: the same date has begun in Honolulu, and its daily snapshot is taken.
        clock.SetUtcNow(new DateTimeOffset(utcDate.ToDateTime(new TimeOnly(11, 0)), TimeSpan.Zero));
        Assert.Equal(UpsertOutcome.Updated, await history.RecordDailyAsync(ada, Cancel));
        Assert.Equal(UpsertOutcome.Unchanged, await history.RecordDailyAsync(ada, Cancel));

        var day = Assert.Single(await IPositionHistoryStore.For(store).ReadAsync(ada.Id, utcDate, utcDate, Cancel));
        Assert.Equal(1750m, day.NetWorth);
    }

    [Fact]
    public async Task The_daily_pass_gives_each_customer_a_new_days_snapshot_just_after_their_own_midnight()
    {
        var (store, history, clock, ada) = await NewAsync();
        await using var _ = store;
        var users = store.Collection(OpenFinanceCollections.Users);
        ada.TimeZone = "Asia/Tokyo";
        await users.UpsertAsync(ada, Cancel);
        var claude = new LeafyUser { Id = ObjectId.GenerateNewId(), UserName = "claumon", FirstName = "Claude", TimeZone = "America/New_York" };
        await users.UpsertAsync(claude, Cancel);
        var recorder = new PositionHistoryRecorder(history, new PositionChangeNotifier(NullLogger<PositionChangeNotifier>.Instance), store, clock, NullLogger<PositionHistoryRecorder>.Instance);
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        async Task<DateOnly?> LatestDayAsync(LeafyUser user) =>
            (await IPositionHistoryStore.For(store).ReadAsync(user.Id, Today(clock).AddDays(-3), Today(clock).AddDays(3), Cancel)) is [.., var last] ? DateOnly.FromDateTime(last.Day) : null;

        var first = clock.GetUtcNow();
        var zones = await recorder.RecordDailyPassAsync(null, first, Cancel);
        Assert.Equal(CustomerCalendar.DayIn(tokyo, first), await LatestDayAsync(ada));
        Assert.Equal(CustomerCalendar.DayIn(newYork, first), await LatestDayAsync(claude));

        // The recorder sleeps until just after the next midnight anywhere a customer is; whichever comes first, only that
        // customer's day has changed then.
        var wait = PositionHistoryRecorder.UntilNextPass(zones!, first);
        var nextMidnight = new[] { tokyo, newYork, TimeZoneInfo.Utc }.Min(zone => CustomerCalendar.NextMidnightIn(zone, first));
        Assert.Equal(nextMidnight + TimeSpan.FromMinutes(1), first + wait);
        var passes = new List<DateTimeOffset> { first };
        while (passes.Count < 4)
        {
            var previous = passes[^1];
            var next = previous + PositionHistoryRecorder.UntilNextPass(zones!, previous);
            clock.SetUtcNow(next);
            await recorder.RecordDailyPassAsync(previous, next, Cancel);
            passes.Add(next);
            Assert.Equal(CustomerCalendar.DayIn(tokyo, next), await LatestDayAsync(ada));
            Assert.Equal(CustomerCalendar.DayIn(newYork, next), await LatestDayAsync(claude));
        }
        // Three passes after the first reach both customers' next midnights (Tokyo's, UTC's, New York's, in some order).
        Assert.True(CustomerCalendar.DayIn(tokyo, passes[^1]) > CustomerCalendar.DayIn(tokyo, first));
        Assert.True(CustomerCalendar.DayIn(newYork, passes[^1]) > CustomerCalendar.DayIn(newYork, first));
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

    private static ExternalTransaction Tx(ObjectId owner, string id, DateOnly day, decimal amount, string status = BookingStatuses.Booked, string bank = "Green Bank", string account = "A1") => new()
    {
        TransactionId = id,
        TransactionBank = bank,
        AccountId = account,
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
