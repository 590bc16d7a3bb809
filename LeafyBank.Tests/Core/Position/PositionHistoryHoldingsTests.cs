using MongoDB.Bson.Serialization;
using MongoDB.Driver;

namespace LeafyBank.Tests.Core.Position;

/// <summary>
/// Which accounts and loans a day of the position history counted (<see cref="DailyPosition.Holdings"/>): the fingerprint,
/// and which days <see cref="PositionHistoryRules.ComparableWithNow"/> keeps. Pure; no store.
/// </summary>
public sealed class PositionHistoryHoldingsTests
{
    private static readonly ObjectId Ada = ObjectId.Parse("65a546ae4a8f64e8f88fb8a1");
    private static readonly ObjectId Grace = ObjectId.Parse("65a546ae4a8f64e8f88fb8a0");

    private static GlobalPosition Holding(params CountedHolding[] holdings)
    {
        var position = GlobalPositionService.Compute("ada", "USD", PositionSnapshot.Empty, ExchangeRates.Default, TestTime.UtcNow, DateOnly.FromDateTime(TestTime.UtcNow));
        return position with { Holdings = holdings };
    }

    private static readonly CountedHolding Current = new(PositionItemKinds.Account, "Green Bank", "acc-current");
    private static readonly CountedHolding Saver = new(PositionItemKinds.Account, "Green Bank", "acc-saver");
    private static readonly CountedHolding Loan = new(PositionItemKinds.Product, "Green Bank", "acc-saver");

    [Fact]
    public void The_fingerprint_is_short_the_same_in_any_order_and_different_for_any_other_set_or_customer()
    {
        var both = PositionHistoryRules.HoldingsOf(Holding(Current, Saver), Ada);

        Assert.Equal(16, both.Length);
        Assert.Equal(both, PositionHistoryRules.HoldingsOf(Holding(Saver, Current), Ada));
        Assert.NotEqual(both, PositionHistoryRules.HoldingsOf(Holding(Current), Ada));
        Assert.NotEqual(both, PositionHistoryRules.HoldingsOf(Holding(Current, Saver, Loan), Ada));
        // A loan with the same id as an account is another holding.
        Assert.NotEqual(PositionHistoryRules.HoldingsOf(Holding(Saver), Ada), PositionHistoryRules.HoldingsOf(Holding(Loan), Ada));
        Assert.NotEqual(both, PositionHistoryRules.HoldingsOf(Holding(Current, Saver), Grace));
        // The history names no account: neither the bank's id nor its bank is in it.
        Assert.DoesNotContain("acc", both, StringComparison.OrdinalIgnoreCase);
        // Fields cannot run into each other: ("ab", "c") is not ("a", "bc").
        Assert.NotEqual(PositionHistoryRules.HoldingsOf(Holding(new CountedHolding("account", "Green Bankx", "y")), Ada),
            PositionHistoryRules.HoldingsOf(Holding(new CountedHolding("account", "Green Bank", "xy")), Ada));
    }

    private static DailyPosition Day(int day, string? holdings, params string[] banks) => new()
    {
        Day = DailyPosition.Midnight(new DateOnly(2026, 11, 1).AddDays(day)),
        NetWorth = day,
        Banks = [.. banks],
        Holdings = holdings,
    };

    [Fact]
    public void Days_are_kept_from_the_last_one_that_counted_other_banks_or_other_accounts_days_without_accounts_by_their_banks()
    {
        var now = PositionHistoryRules.HoldingsOf(Holding(Current), Ada);
        var before = PositionHistoryRules.HoldingsOf(Holding(Current, Saver), Ada);
        string[] banks = ["Green Bank"];

        static int[] Kept(IReadOnlyList<DailyPosition> days) => [.. days.Select(d => (int)d.NetWorth)];

        // Days written before the field: compared by their banks alone, as before.
        Assert.Equal([1, 2, 3], Kept(PositionHistoryRules.ComparableWithNow([Day(1, null, banks), Day(2, null, banks), Day(3, now, banks)], banks, now)));
        // Day 2 counted the saver since removed: it and everything before it go, recorded or not.
        Assert.Equal([3, 4], Kept(PositionHistoryRules.ComparableWithNow([Day(1, null, banks), Day(2, before, banks), Day(3, now, banks), Day(4, null, banks)], banks, now)));
        // Other banks still leave a day out whatever its accounts, and a day with neither is not comparable.
        Assert.Equal([3], Kept(PositionHistoryRules.ComparableWithNow([Day(1, now, banks), Day(2, now, "Green Bank", "Thames Bank"), Day(3, now, banks)], banks, now)));
        Assert.Equal([2], Kept(PositionHistoryRules.ComparableWithNow([new DailyPosition { NetWorth = 1 }, Day(2, now, banks)], banks, now)));
    }

    [Fact]
    public void Two_snapshots_that_counted_other_accounts_do_not_have_the_same_figures()
    {
        var day = Day(1, "a", "Green Bank");
        Assert.True(day.SameFiguresAs(Day(1, "a", "Green Bank")));
        Assert.False(day.SameFiguresAs(Day(1, "b", "Green Bank")));
        Assert.False(day.SameFiguresAs(Day(1, null, "Green Bank")));
    }

    [Fact]
    public async Task On_MongoDB_the_counted_items_ids_are_gathered_in_the_group_on_the_server()
    {
        await using var store = new MongoDocumentStore("mongodb://127.0.0.1:27017", "render_only");
        var json = new BsonArray(MongoPositionQuery.BuildPipeline(store, ObjectId.GenerateNewId())
                .Render(new RenderArgs<InternalAccount>(BsonSerializer.LookupSerializer<InternalAccount>(), BsonSerializer.SerializerRegistry))
                .Documents)
            .ToJson();

        // The item's id is its _id in the pipeline (the bank's id, not the document's).
        Assert.Contains("{ \"$push\" : \"$_id\" }", json, StringComparison.Ordinal);
        Assert.Contains("\"Ids\" : \"$__agg", json, StringComparison.Ordinal);
    }
}
