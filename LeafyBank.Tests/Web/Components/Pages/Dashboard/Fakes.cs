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

/// <summary>
/// Answers transaction queries from an in-memory list with the contract's rules (owner scope,
/// filters, newest first, 1-based pages), and records every filter it was asked with.
/// </summary>
public sealed class FakeTransactionQuery : ITransactionQuery
{
    private readonly ConcurrentQueue<(ObjectId Owner, TransactionFilter Filter)> finds = new();

    public List<ExternalTransaction> Transactions { get; } = [];

    public Dictionary<ObjectId, List<CategorySpending>> SpendingByOwner { get; } = [];

    public IReadOnlyList<(ObjectId Owner, TransactionFilter Filter)> Finds => [.. finds];

    public Task<TransactionPage> FindAsync(ObjectId ownerId, TransactionFilter filter, CancellationToken cancellationToken = default)
    {
        finds.Enqueue((ownerId, filter));
        var matching = Transactions
            .Where(t => t.TransactionUser.UserId == ownerId)
            .Where(t => filter.Bank is null || t.TransactionBank == filter.Bank)
            .Where(t => filter.AccountId is null || t.AccountId == filter.AccountId)
            .Where(t => filter.BookingStatus is null || t.BookingStatus == filter.BookingStatus)
            .Where(t => filter.Category is null || TransactionRules.CategoryName(t.Category) == filter.Category)
            .Where(t => (filter.MinAmount is null || Math.Abs(t.Amount) >= filter.MinAmount) && (filter.MaxAmount is null || Math.Abs(t.Amount) <= filter.MaxAmount))
            .Where(t => (filter.From is null || DateOnly.FromDateTime(t.BookingDate) >= filter.From) && (filter.To is null || DateOnly.FromDateTime(t.BookingDate) <= filter.To))
            .Where(t => filter.Search is null
                        || t.Description.Contains(filter.Search, StringComparison.OrdinalIgnoreCase)
                        || (t.Merchant?.Contains(filter.Search, StringComparison.OrdinalIgnoreCase) ?? false)
                        || (t.Category?.Contains(filter.Search, StringComparison.OrdinalIgnoreCase) ?? false))
            .OrderByDescending(t => t.BookingDate)
            .ToList();
        var items = matching.Skip((filter.Page - 1) * filter.PageSize).Take(filter.PageSize).ToList();
        return Task.FromResult(new TransactionPage(items, matching.Count, filter.Page, filter.PageSize));
    }

    public async IAsyncEnumerable<ExternalTransaction> StreamAsync(ObjectId ownerId, TransactionFilter filter,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var all = await FindAsync(ownerId, filter with { Page = 1, PageSize = int.MaxValue }, cancellationToken);
        foreach (var transaction in all.Items)
        {
            yield return transaction;
        }
    }

    public Task<TransactionChoices> GetChoicesAsync(ObjectId ownerId, CancellationToken cancellationToken = default)
    {
        var owned = Transactions.Where(t => t.TransactionUser.UserId == ownerId).ToList();
        return Task.FromResult(TransactionChoices.From(owned.Select(t => new AccountChoice(t.TransactionBank, t.AccountId, t.Currency)), owned.Select(t => t.Category)));
    }

    public Task<IReadOnlyList<CategorySpending>> SpendingByCategoryAsync(ObjectId ownerId, string baseCurrency, DateOnly from, DateOnly to,
        CancellationToken cancellationToken = default)
    {
        return Task.FromResult<IReadOnlyList<CategorySpending>>(SpendingByOwner.TryGetValue(ownerId, out var spending) ? [.. spending] : []);
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
