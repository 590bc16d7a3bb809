namespace LeafyBank.Tests.Web.Components.Pages.Dashboard;

/// <summary>Hands out hand-built positions per customer, counts every read, and can hold a read open.</summary>
public sealed class FakePositionService : IGlobalPositionService
{
    private readonly ConcurrentDictionary<ObjectId, GlobalPosition> positions = new();
    private int calls;

    public int Calls => Volatile.Read(ref calls);

    /// <summary>The customer of the latest read, as the dashboard handed it over (its base currency included).</summary>
    public LeafyUser? LastUser { get; private set; }

    /// <summary>When set, reads wait for it (to see the loading state).</summary>
    public TaskCompletionSource? Gate { get; set; }

    public void Set(ObjectId userId, GlobalPosition position) => positions[userId] = position;

    public async Task<GlobalPosition> GetAsync(LeafyUser user, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref calls);
        LastUser = user;
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }
        return positions.TryGetValue(user.Id, out var position)
            ? position
            : throw new InvalidOperationException($"No position set up for {user.UserName}.");
    }
}

/// <summary>Hands out a set money-in-and-out comparison per customer (empty months otherwise) and records the currency asked for.</summary>
public sealed class FakeCashFlowQuery(TimeProvider clock) : ICashFlowQuery
{
    public Dictionary<ObjectId, CashFlowComparison> ByOwner { get; } = [];

    private int calls;

    public string? LastCurrency { get; private set; }

    public int Calls => Volatile.Read(ref calls);

    public Task<CashFlowComparison> ThisMonthAndLastAsync(ObjectId ownerId, string baseCurrency, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref calls);
        LastCurrency = baseCurrency;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return Task.FromResult(ByOwner.TryGetValue(ownerId, out var flow)
            ? flow
            : new CashFlowComparison(baseCurrency, today, EmptyMonth(today), EmptyMonth(today.AddMonths(-1))));
    }

    public static CashFlowMonth EmptyMonth(DateOnly day) =>
        new(day.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), [], [], 0m, 0, 0m, 0);
}

/// <summary>Hands out a set net-worth history per customer (none otherwise).</summary>
public sealed class FakeNetWorthHistory : INetWorthHistoryReader
{
    public Dictionary<ObjectId, IReadOnlyList<NetWorthPoint>> ByOwner { get; } = [];

    public Task<NetWorthHistory> GetNetWorthAsync(LeafyUser user, string baseCurrency, int days = PositionHistoryRules.ChartDays,
        CancellationToken cancellationToken = default) =>
        Task.FromResult(new NetWorthHistory(baseCurrency, ByOwner.TryGetValue(user.Id, out var points) ? points : []));
}
