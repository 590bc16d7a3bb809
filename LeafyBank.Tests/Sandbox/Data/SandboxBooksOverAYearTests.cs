namespace LeafyBank.Tests.Sandbox.Data;

/// <summary>
/// The banks' books move with the clock, and the rest of the suite relies on what they show. These
/// sweeps read every bank's books for every customer at instants spread over a year from the
/// suite's instant and prove the invariants those tests rely on — at every instant, not just on the
/// day they were written. They keep both cores busy for a while, so they run on their own rather
/// than beside tests that start servers with timeouts.
/// </summary>
[Collection(nameof(SandboxBooksOverAYearTests))]
[CollectionDefinition(nameof(SandboxBooksOverAYearTests), DisableParallelization = true)]
public sealed class SandboxBooksOverAYearTests
{
    // Seven hours: every hour of the day comes round, and a stretch without a pending payment is
    // measured to within seven hours of the horizon tests arrange with.
    private static readonly TimeSpan Step = TimeSpan.FromHours(7);
    private static readonly int Instants = (int)(TimeSpan.FromDays(366) / Step);

    // Reading every account's whole history is the costly part (a minute on two cores at Step). Every
    // 23 hours still falls on every day of the year, and every hour of the day comes round (23 and 24
    // have no common factor), in a third of the instants.
    private static readonly TimeSpan HistoryStep = TimeSpan.FromHours(23);
    private static readonly int HistoryInstants = (int)(TimeSpan.FromDays(366) / HistoryStep);

    private static IEnumerable<(SandboxBank Bank, SandboxCustomer Customer)> Pairs =>
        from bank in SandboxBankCatalog.All
        from customer in SandboxBankData.Customers
        select (bank, customer);

    [Fact]
    public void At_every_instant_of_a_year_each_account_shows_a_consistent_history_of_at_least_ninety_days()
    {
        var broken = new ConcurrentBag<string>();
        Parallel.For(0, HistoryInstants, index =>
        {
            var now = TestTime.Now + HistoryStep * index;
            var books = new SandboxBankData(new FakeTimeProvider(now));
            var today = DateOnly.FromDateTime(now.UtcDateTime);
            foreach (var (bank, customer) in Pairs)
            {
                var data = books.Customer(bank, customer.Id)!;
                var where = $"{bank.Id}/{customer.Id} at {now:O}";
                if (data.Accounts.Count < 2 || data.Products.Count < 1)
                {
                    broken.Add($"{where}: {data.Accounts.Count} accounts, {data.Products.Count} products");
                }
                // OpenFinanceEndToEndTests: a running loan owes something, a repaid one is closed and owes nothing.
                foreach (var product in data.Products.Where(p => p.IsActive != p.Outstanding > 0))
                {
                    broken.Add($"{where}: {product.Kind} {product.Id} active {product.IsActive} with {product.Outstanding} outstanding");
                }
                var all = new List<SandboxTransaction>();
                foreach (var account in data.Accounts)
                {
                    var transactions = books.Transactions(bank, customer.Id, account.Id);
                    all.AddRange(transactions);
                    if (!transactions.Select(t => t.TransactedAt).SequenceEqual(transactions.Select(t => t.TransactedAt).OrderDescending()))
                    {
                        broken.Add($"{where}: {account.Id} is not newest first");
                    }
                    foreach (var t in transactions)
                    {
                        var day = DateOnly.FromDateTime(t.TransactedAt.UtcDateTime);
                        var shouldBePending = today.DayNumber - day.DayNumber < SandboxBankData.PendingDays;
                        if (t.TransactedAt > now || t.IsPending != shouldBePending
                            || (t.BookingDate is { } booked && (booked < day || booked > today)) || t.AccountId != account.Id)
                        {
                            broken.Add($"{where}: transaction {t.Id} on {day} is inconsistent (pending {t.IsPending}, booked {t.BookingDate})");
                        }
                    }
                }
                if (all.Select(t => t.Id).Distinct(StringComparer.Ordinal).Count() != all.Count)
                {
                    broken.Add($"{where}: repeated transaction ids");
                }
                // OpenFinanceEndToEndTests: a booked payment at least 89 days old (90 days of history).
                if (!all.Any(t => !t.IsPending && t.TransactedAt <= now.AddDays(-89)))
                {
                    broken.Add($"{where}: less than 90 days of booked history");
                }
                // Spending and recent-transaction views: booked payments in the last fortnight.
                if (!all.Any(t => !t.IsPending && t.TransactedAt > now.AddDays(-14)))
                {
                    broken.Add($"{where}: no booked payment in the last 14 days");
                }
            }
        });

        Assert.True(broken.IsEmpty, $"{broken.Count} broken, e.g.:\n{string.Join('\n', broken.Take(10))}");
    }

    [Fact]
    public void From_every_instant_of_a_year_a_pending_payment_comes_within_the_horizon_tests_arrange_with()
    {
        // SandboxInstants.FirstWithPending looks this far ahead: the longest stretch without a pending
        // payment, for any bank and customer, must be shorter.
        var withPending = new bool[Instants + 1, Pairs.Count()];
        var pairs = Pairs.ToList();
        Parallel.For(0, Instants + 1, index =>
        {
            var now = TestTime.Now + Step * index;
            for (var pair = 0; pair < pairs.Count; pair++)
            {
                withPending[index, pair] = SandboxInstants.HasPending(now, pairs[pair].Bank.Id, pairs[pair].Customer.Id);
            }
        });

        var longest = TimeSpan.Zero;
        var worst = "";
        for (var pair = 0; pair < pairs.Count; pair++)
        {
            var since = -1;
            for (var index = 0; index <= Instants; index++)
            {
                if (withPending[index, pair])
                {
                    var gap = Step * (index - since - 1);
                    if (gap > longest)
                    {
                        (longest, worst) = (gap, $"{pairs[pair].Bank.Id}/{pairs[pair].Customer.Id} before {TestTime.Now + Step * index:O}");
                    }
                    since = index;
                }
            }
            Assert.True(since >= 0, $"{pairs[pair].Bank.Id}/{pairs[pair].Customer.Id} never has a pending payment");
        }
        Assert.True(longest + Step <= SandboxInstants.Horizon, $"{longest} without a pending payment ({worst}); horizon {SandboxInstants.Horizon}");
    }

    [Fact]
    public void Every_pending_payment_of_the_year_books_under_a_new_id_three_days_later()
    {
        var broken = new ConcurrentBag<string>();
        Parallel.For(0, Instants, index =>
        {
            var now = TestTime.Now + Step * index;
            var books = new SandboxBankData(new FakeTimeProvider(now));
            var later = new SandboxBankData(new FakeTimeProvider(now.AddDays(3)));
            var since = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-SandboxBankData.PendingDays);
            foreach (var (bank, customer) in Pairs)
            {
                foreach (var account in books.Customer(bank, customer.Id)!.Accounts)
                {
                    var afterwards = later.Transactions(bank, customer.Id, account.Id, since);
                    // The same payment twice in a day (two identical coffees) books as two: compare counts per payment.
                    foreach (var payment in books.Transactions(bank, customer.Id, account.Id, since).Where(t => t.IsPending)
                                 .GroupBy(t => (t.TransactedAt, t.Amount, t.Counterparty)))
                    {
                        var booked = afterwards.Where(t => (t.TransactedAt, t.Amount, t.Counterparty) == payment.Key).ToList();
                        if (booked.Count != payment.Count() || booked.Any(t => t.IsPending) || payment.Any(p => afterwards.Any(t => t.Id == p.Id)))
                        {
                            broken.Add($"{bank.Id}/{customer.Id}/{account.Id} at {now:O}: {payment.Count()} pending {payment.Key} became {booked.Count} booked");
                        }
                    }
                }
            }
        });

        Assert.True(broken.IsEmpty, string.Join('\n', broken.Take(10)));
    }
}
