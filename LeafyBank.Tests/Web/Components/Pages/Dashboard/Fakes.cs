namespace LeafyBank.Tests.Web.Components.Pages.Dashboard;

/// <summary>Hands out a set money-in-and-out comparison per customer (empty months otherwise) and records the currency asked for.</summary>
public sealed class FakeCashFlowQuery(TimeProvider clock) : ICashFlowQuery
{
    public Dictionary<ObjectId, CashFlowComparison> ByOwner { get; } = [];

    private int calls;

    public string? LastCurrency { get; private set; }

    public TimeZoneInfo? LastZone { get; private set; }

    public int Calls => Volatile.Read(ref calls);

    public Task<CashFlowComparison> ThisMonthAndLastAsync(ObjectId ownerId, string baseCurrency, TimeZoneInfo customerZone, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref calls);
        LastCurrency = baseCurrency;
        LastZone = customerZone;
        var today = CustomerCalendar.DayIn(customerZone, clock.GetUtcNow());
        return Task.FromResult(ByOwner.TryGetValue(ownerId, out var flow)
            ? flow
            : new CashFlowComparison(baseCurrency, today, EmptyMonth(today), EmptyMonth(today.AddMonths(-1))));
    }

    public static CashFlowMonth EmptyMonth(DateOnly day) =>
        new(day.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), [], [], 0m, 0, 0m, 0);
}

/// <summary>
/// Hands out a set net-worth history per customer (none otherwise), ending, as the real reader does,
/// with the position it is given as today's figure.
/// </summary>
public sealed class FakeNetWorthHistory(TimeProvider clock) : INetWorthHistoryReader
{
    public Dictionary<ObjectId, IReadOnlyList<NetWorthPoint>> ByOwner { get; } = [];

    /// <summary>Recorded days left out as not comparable with today (<see cref="NetWorthHistory.DaysNotComparable"/>), per owner.</summary>
    public Dictionary<ObjectId, int> NotComparable { get; } = [];

    public Task<NetWorthHistory> GetNetWorthAsync(LeafyUser user, GlobalPosition current, int days = PositionHistoryRules.ChartDays,
        CancellationToken cancellationToken = default)
    {
        var today = CustomerCalendar.DayOf(user, clock.GetUtcNow());
        var earlier = ByOwner.TryGetValue(user.Id, out var points) ? points.Where(p => p.Day < today) : [];
        return Task.FromResult(new NetWorthHistory(current.Currency, [.. earlier, new NetWorthPoint(today, current.NetWorth, Estimated: false)])
        {
            DaysNotComparable = NotComparable.GetValueOrDefault(user.Id),
        });
    }
}
