using static LeafyBank.Tests.Core.Persistence.TestDocuments;

namespace LeafyBank.Tests.Core.Transactions;

/// <summary>
/// What the dashboard and the data API rely on from <see cref="ITransactionQuery"/>, run unchanged
/// against every engine: order, paging, filters, search taken literally, per-owner isolation and
/// spending figures computed by hand.
/// </summary>
public abstract class TransactionQueryContractTests(IStoreFixture fixture)
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    /// <summary>A small rate table so the expected figures can be worked out on paper.</summary>
    private static readonly ExchangeRates Rates = new("USD", new DateOnly(2026, 1, 1), new Dictionary<string, decimal>
    {
        ["EUR"] = 1.10m,
        ["GBP"] = 1.25m,
    });

    private readonly ObjectId ada = ObjectId.GenerateNewId();
    private readonly ObjectId grace = ObjectId.GenerateNewId();

    private async Task<(IDocumentStore Store, TransactionQuery Query)> NewStoreAsync(params ExternalTransaction[] transactions)
    {
        var store = await fixture.CreateStoreAsync();
        var collection = store.Collection(OpenFinanceCollections.ExternalTransactions);
        foreach (var transaction in transactions)
        {
            await collection.UpsertAsync(transaction, Cancel);
        }
        return (store, new TransactionQuery(ITransactionStoreQuery.For(store), ICashFlowStoreQuery.For(store), Rates));
    }

    private static DateTime At(int year, int month, int day, int hour = 12, int minute = 0, int second = 0) =>
        new(year, month, day, hour, minute, second, DateTimeKind.Utc);

    private static string[] Ids(TransactionPage page) => [.. page.Items.Select(t => t.TransactionId)];

    [Fact]
    public async Task Pages_list_the_owners_transactions_newest_first_without_overlap_and_with_the_total()
    {
        var (store, query) = await NewStoreAsync(
            Transaction(ada, "t1", At(2026, 1, 1), -1m),
            Transaction(ada, "t2", At(2026, 1, 2), -2m),
            // Same instant: the transaction id decides, so a page boundary here is stable.
            Transaction(ada, "t3b", At(2026, 1, 3), -3m),
            Transaction(ada, "t3a", At(2026, 1, 3), -3m),
            Transaction(ada, "t4", At(2026, 1, 4), -4m, bank: "MongoDB Bank", account: "MB-9"),
            Transaction(ada, "t5", At(2026, 1, 5), -5m),
            Transaction(ada, "t6", At(2026, 1, 6), 6m));
        await using var _ = store;

        var first = await query.FindAsync(ada, new TransactionFilter(PageSize: 3), Cancel);
        var second = await query.FindAsync(ada, new TransactionFilter(Page: 2, PageSize: 3), Cancel);
        var third = await query.FindAsync(ada, new TransactionFilter(Page: 3, PageSize: 3), Cancel);
        var beyond = await query.FindAsync(ada, new TransactionFilter(Page: 4, PageSize: 3), Cancel);

        Assert.Equal(["t6", "t5", "t4"], Ids(first));
        Assert.Equal(["t3a", "t3b", "t2"], Ids(second));
        Assert.Equal(["t1"], Ids(third));
        Assert.Empty(beyond.Items);
        Assert.All([first, second, third, beyond], page => Assert.Equal(7, page.Total));
        Assert.Equal(3, first.PageCount);
        Assert.Equal((2, 3), (second.Page, second.PageSize));
    }

    [Fact]
    public async Task The_default_page_holds_25_and_the_largest_allowed_page_holds_200()
    {
        var many = Enumerable.Range(0, 230).Select(i => Transaction(ada, $"t{i:000}", At(2026, 1, 1).AddMinutes(i), -1m)).ToArray();
        var (store, query) = await NewStoreAsync(many);
        await using var _ = store;

        var byDefault = await query.FindAsync(ada, new TransactionFilter(), Cancel);
        var largest = await query.FindAsync(ada, new TransactionFilter(PageSize: TransactionFilter.MaxPageSize), Cancel);

        Assert.Equal(25, byDefault.Items.Count);
        Assert.Equal("t229", byDefault.Items[0].TransactionId);
        Assert.Equal(200, largest.Items.Count);
        Assert.Equal(230, largest.Total);
        Assert.Equal(2, largest.PageCount);
    }

    [Fact]
    public async Task Bank_account_status_and_date_filters_combine_and_the_to_day_is_included()
    {
        var (store, query) = await NewStoreAsync(
            Transaction(ada, "before", At(2026, 2, 28, 23, 59, 59), -1m),
            Transaction(ada, "first-day", At(2026, 3, 1, 0, 0, 0), -1m),
            Transaction(ada, "last-day", At(2026, 3, 31, 23, 59, 59), -1m),
            Transaction(ada, "after", At(2026, 4, 1, 0, 0, 0), -1m),
            Transaction(ada, "pending", At(2026, 3, 10), -1m, status: BookingStatuses.Pending),
            Transaction(ada, "other-account", At(2026, 3, 11), -1m, account: "GB-2"),
            Transaction(ada, "other-bank", At(2026, 3, 12), -1m, bank: "MongoDB Bank"));
        await using var _ = store;

        var march = await query.FindAsync(ada, new TransactionFilter(From: new DateOnly(2026, 3, 1), To: new DateOnly(2026, 3, 31)), Cancel);
        Assert.Equal(["last-day", "other-bank", "other-account", "pending", "first-day"], Ids(march));

        var oneAccount = await query.FindAsync(ada, new TransactionFilter(Bank: "Green Bank", AccountId: "GB-1", BookingStatus: "BOOKED",
            From: new DateOnly(2026, 3, 1), To: new DateOnly(2026, 3, 31)), Cancel);
        Assert.Equal(["last-day", "first-day"], Ids(oneAccount));
        Assert.Equal(2, oneAccount.Total);

        var pending = await query.FindAsync(ada, new TransactionFilter(BookingStatus: BookingStatuses.Pending), Cancel);
        Assert.Equal(["pending"], Ids(pending));

        var mongoBank = await query.FindAsync(ada, new TransactionFilter(Bank: "MongoDB Bank"), Cancel);
        Assert.Equal(["other-bank"], Ids(mongoBank));

        var oneDay = await query.FindAsync(ada, new TransactionFilter(From: new DateOnly(2026, 2, 28), To: new DateOnly(2026, 2, 28)), Cancel);
        Assert.Equal(["before"], Ids(oneDay));
    }

    [Fact]
    public async Task Search_matches_description_merchant_or_category_ignoring_case()
    {
        var (store, query) = await NewStoreAsync(
            Transaction(ada, "by-description", At(2026, 1, 1), -1m, description: "Monthly RENT payment"),
            Transaction(ada, "by-merchant", At(2026, 1, 2), -1m, merchant: "Rentokil"),
            Transaction(ada, "by-category", At(2026, 1, 3), -1m, category: "Housing/rent"),
            Transaction(ada, "no-match", At(2026, 1, 4), -1m, description: "Groceries", merchant: null, category: null));
        await using var _ = store;

        var found = await query.FindAsync(ada, new TransactionFilter(Search: "  rent "), Cancel);

        Assert.Equal(["by-category", "by-merchant", "by-description"], Ids(found));
        Assert.Equal(3, found.Total);
    }

    [Theory]
    [InlineData("cafe")]
    [InlineData("CAFÉ")]
    [InlineData("Cafe\u0301")]
    [InlineData("creme brulee")]
    [InlineData("épicerie")]
    public async Task Search_ignores_accents_and_case_in_the_text_and_in_the_query(string search)
    {
        var (store, query) = await NewStoreAsync(
            Transaction(ada, "by-description", At(2026, 1, 1), -1m, description: "Café de Flore"),
            Transaction(ada, "by-merchant", At(2026, 1, 2), -1m, description: "Card payment", merchant: "CRÈME BRÛLÉE & Café Ltd"),
            Transaction(ada, "by-category", At(2026, 1, 3), -1m, description: "Card payment", category: "Épicerie fine, café"),
            Transaction(ada, "no-match", At(2026, 1, 4), -1m, description: "Coffee shop", merchant: "Creamery", category: "Grocery"));
        await using var _ = store;

        var found = await query.FindAsync(ada, new TransactionFilter(Search: search), Cancel);

        var expected = search.StartsWith("cr", StringComparison.OrdinalIgnoreCase) ? new[] { "by-merchant" }
            : search.StartsWith("ép", StringComparison.Ordinal) ? ["by-category"]
            : ["by-category", "by-merchant", "by-description"];
        Assert.Equal(expected, Ids(found));
        Assert.Equal(expected.Length, found.Total);
    }

    [Fact]
    public async Task Search_never_matches_across_two_fields_of_a_transaction()
    {
        var (store, query) = await NewStoreAsync(
            Transaction(ada, "split", At(2026, 1, 1), -1m, description: "Grand Cafe", merchant: "Bar Central"),
            Transaction(ada, "whole", At(2026, 1, 2), -1m, description: "Cafe Bar Central"));
        await using var _ = store;

        Assert.Equal(["whole"], Ids(await query.FindAsync(ada, new TransactionFilter(Search: "cafe bar"), Cancel)));
        Assert.Equal(["whole"], Ids(await query.FindAsync(ada, new TransactionFilter(Search: "Cafe\nBar"), Cancel)));
    }

    [Fact]
    public async Task A_rewritten_transaction_is_found_by_its_new_date_and_text_and_no_longer_by_the_old()
    {
        var original = Transaction(ada, "moved", At(2026, 1, 1), -1m, description: "Boulangerie Dupont");
        var (store, query) = await NewStoreAsync(original, Transaction(ada, "middle", At(2026, 1, 15), -1m));
        await using var _ = store;

        await store.Collection(OpenFinanceCollections.ExternalTransactions).UpsertAsync(
            Transaction(ada, "moved", At(2026, 1, 31), -1m, description: "Pâtisserie Martin"), Cancel);

        Assert.Equal(["moved", "middle"], Ids(await query.FindAsync(ada, new TransactionFilter(), Cancel)));
        Assert.Equal(["moved"], Ids(await query.FindAsync(ada, new TransactionFilter(Search: "patisserie"), Cancel)));
        Assert.Empty((await query.FindAsync(ada, new TransactionFilter(Search: "boulangerie"), Cancel)).Items);
        Assert.Equal(["moved"], Ids(await query.FindAsync(ada, new TransactionFilter(From: new DateOnly(2026, 1, 20)), Cancel)));
    }

    [Theory]
    [InlineData("(large) + tip.*", "literal")]
    [InlineData(".*", "literal")]
    [InlineData("[50%]", "brackets")]
    [InlineData("a|b", "pipe")]
    [InlineData(@"C:\d", "backslash")]
    [InlineData("^Coffee", "caret")]
    [InlineData("$5 {2}", "dollar")]
    public async Task Search_text_is_taken_literally_never_as_a_pattern(string search, string expected)
    {
        var (store, query) = await NewStoreAsync(
            Transaction(ada, "literal", At(2026, 1, 1), -1m, description: "Coffee (LARGE) + tip.* extra"),
            Transaction(ada, "brackets", At(2026, 1, 2), -1m, description: "Discount [50%] applied"),
            Transaction(ada, "pipe", At(2026, 1, 3), -1m, description: "Transfer a|b"),
            Transaction(ada, "backslash", At(2026, 1, 4), -1m, description: @"Path C:\data"),
            Transaction(ada, "caret", At(2026, 1, 5), -1m, description: "Bought ^Coffee beans"),
            Transaction(ada, "dollar", At(2026, 1, 6), -1m, description: "Fee $5 {2} times"),
            Transaction(ada, "plain", At(2026, 1, 7), -1m, description: "Coffee a b 5 2 data"));
        await using var _ = store;

        var found = await query.FindAsync(ada, new TransactionFilter(Search: search), Cancel);

        Assert.Equal([expected], Ids(found));
    }

    [Fact]
    public async Task An_owner_never_sees_another_owners_transactions_even_by_their_bank_and_account()
    {
        var (store, query) = await NewStoreAsync(
            Transaction(ada, "ada-1", At(2026, 1, 1), -1m, account: "ADA-ACC"),
            Transaction(grace, "grace-1", At(2026, 1, 2), -1m, account: "GRACE-ACC", description: "Shared words"),
            // The same natural ids at the same bank for two owners are two transactions.
            Transaction(grace, "ada-1", At(2026, 1, 3), -1m, account: "ADA-ACC"));
        await using var _ = store;

        Assert.Equal(["ada-1"], Ids(await query.FindAsync(ada, new TransactionFilter(), Cancel)));
        Assert.Equal(["ada-1"], Ids(await query.FindAsync(ada, new TransactionFilter(Bank: "Green Bank", AccountId: "ADA-ACC"), Cancel)));
        var graceAccount = await query.FindAsync(ada, new TransactionFilter(AccountId: "GRACE-ACC"), Cancel);
        Assert.Empty(graceAccount.Items);
        Assert.Equal(0, graceAccount.Total);
        Assert.Empty((await query.FindAsync(ada, new TransactionFilter(Search: "Shared"), Cancel)).Items);
        Assert.Equal(2, (await query.FindAsync(grace, new TransactionFilter(), Cancel)).Total);
        Assert.Empty(await query.SpendingByCategoryAsync(ObjectId.GenerateNewId(), "USD", new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), Cancel));
    }

    [Theory]
    [InlineData(0, 25, "page")]
    [InlineData(-3, 25, "page")]
    [InlineData(1, 0, "pageSize")]
    [InlineData(1, 201, "pageSize")]
    [InlineData(int.MaxValue, 200, "page")]
    public async Task Paging_outside_the_allowed_range_is_refused_naming_the_parameter(int page, int pageSize, string parameter)
    {
        var (store, query) = await NewStoreAsync();
        await using var _ = store;

        var refused = await Assert.ThrowsAsync<TransactionFilterException>(() =>
            query.FindAsync(ada, new TransactionFilter(Page: page, PageSize: pageSize), Cancel));

        Assert.Equal(parameter, refused.ParamName);
        Assert.IsAssignableFrom<ArgumentException>(refused);
        Assert.Contains(parameter, refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_range_that_ends_before_it_starts_or_an_unknown_status_is_refused()
    {
        var (store, query) = await NewStoreAsync();
        await using var _ = store;

        var backwards = await Assert.ThrowsAsync<TransactionFilterException>(() =>
            query.FindAsync(ada, new TransactionFilter(From: new DateOnly(2026, 3, 2), To: new DateOnly(2026, 3, 1)), Cancel));
        Assert.Equal("from", backwards.ParamName);
        Assert.Contains("2026-03-02", backwards.Reason, StringComparison.Ordinal);

        var status = await Assert.ThrowsAsync<TransactionFilterException>(() =>
            query.FindAsync(ada, new TransactionFilter(BookingStatus: "settled"), Cancel));
        Assert.Equal("status", status.ParamName);

        var spending = await Assert.ThrowsAsync<TransactionFilterException>(() =>
            query.SpendingByCategoryAsync(ada, "USD", new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 1), Cancel));
        Assert.Equal("from", spending.ParamName);
    }

    [Fact]
    public async Task The_category_filter_matches_the_category_by_name_and_uncategorised_takes_missing_and_blank_ones()
    {
        var (store, query) = await NewStoreAsync(
            Transaction(ada, "groceries", At(2026, 1, 1), -1m, category: "Groceries"),
            Transaction(ada, "groceries-padded", At(2026, 1, 2), -1m, category: " Groceries "),
            Transaction(ada, "groceries-lower", At(2026, 1, 3), -1m, category: "groceries"),
            Transaction(ada, "groceries-more", At(2026, 1, 4), -1m, category: "Groceries and more"),
            Transaction(ada, "missing", At(2026, 1, 5), -1m, category: null),
            Transaction(ada, "blank", At(2026, 1, 6), -1m, category: "  "),
            Transaction(ada, "a.b", At(2026, 1, 7), -1m, category: "a.b"),
            Transaction(ada, "axb", At(2026, 1, 8), -1m, category: "axb"),
            Transaction(grace, "graces-groceries", At(2026, 1, 9), -1m, category: "Groceries"));
        await using var _ = store;

        Assert.Equal(["groceries-padded", "groceries"], Ids(await query.FindAsync(ada, new TransactionFilter(Category: "Groceries"), Cancel)));
        Assert.Equal(["blank", "missing"], Ids(await query.FindAsync(ada, new TransactionFilter(Category: TransactionRules.Uncategorised), Cancel)));
        // Taken literally: the dot is a dot.
        Assert.Equal(["a.b"], Ids(await query.FindAsync(ada, new TransactionFilter(Category: "a.b"), Cancel)));
        Assert.Empty((await query.FindAsync(ada, new TransactionFilter(Category: "Rent"), Cancel)).Items);
    }

    [Fact]
    public async Task Amount_bounds_take_the_size_of_money_in_and_out_alike_both_ends_included()
    {
        var (store, query) = await NewStoreAsync(
            Transaction(ada, "out-10", At(2026, 1, 1), -10.00m),
            Transaction(ada, "out-49.99", At(2026, 1, 2), -49.99m),
            Transaction(ada, "out-50", At(2026, 1, 3), -50.00m),
            Transaction(ada, "in-75", At(2026, 1, 4), 75.00m),
            Transaction(ada, "out-100", At(2026, 1, 5), -100.00m),
            Transaction(ada, "in-100.01", At(2026, 1, 6), 100.01m),
            Transaction(ada, "zero", At(2026, 1, 7), 0m),
            Transaction(grace, "graces-75", At(2026, 1, 8), -75.00m));
        await using var _ = store;

        Assert.Equal(["out-100", "in-75", "out-50"], Ids(await query.FindAsync(ada, new TransactionFilter(MinAmount: 50m, MaxAmount: 100m), Cancel)));
        Assert.Equal(["in-100.01", "out-100"], Ids(await query.FindAsync(ada, new TransactionFilter(MinAmount: 100m), Cancel)));
        Assert.Equal(["zero", "out-10"], Ids(await query.FindAsync(ada, new TransactionFilter(MaxAmount: 10m), Cancel)));
        Assert.Equal(["zero"], Ids(await query.FindAsync(ada, new TransactionFilter(MinAmount: 0m, MaxAmount: 0m), Cancel)));
        var combined = await query.FindAsync(ada, new TransactionFilter(MinAmount: 50m, MaxAmount: 100m, From: new DateOnly(2026, 1, 4)), Cancel);
        Assert.Equal(["out-100", "in-75"], Ids(combined));
        Assert.Equal(2, combined.Total);
    }

    [Theory]
    [InlineData(-1.0, null, "minAmount")]
    [InlineData(null, -0.01, "maxAmount")]
    [InlineData(100.0, 50.0, "minAmount")]
    public async Task Amount_bounds_below_zero_or_crossed_are_refused_naming_the_parameter(double? min, double? max, string parameter)
    {
        var (store, query) = await NewStoreAsync();
        await using var _ = store;

        var refused = await Assert.ThrowsAsync<TransactionFilterException>(() =>
            query.FindAsync(ada, new TransactionFilter(MinAmount: (decimal?)min, MaxAmount: (decimal?)max), Cancel));

        Assert.Equal(parameter, refused.ParamName);
        Assert.Contains(parameter, refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_choices_are_the_owners_own_accounts_banks_and_categories_only()
    {
        var (store, query) = await NewStoreAsync(
            Transaction(ada, "a1", At(2026, 1, 1), -1m, bank: "Green Bank", account: "GB-1", currency: "EUR", category: "Groceries"),
            Transaction(ada, "a2", At(2026, 1, 2), -1m, bank: "Green Bank", account: "GB-1", currency: "EUR", category: " Groceries"),
            Transaction(ada, "a3", At(2026, 1, 3), -1m, bank: "Donau Bank", account: "DB-7", currency: "USD", category: null),
            Transaction(ada, "a4", At(2026, 1, 4), -1m, bank: "Green Bank", account: "GB-2", currency: "GBP", category: "Eating out"),
            Transaction(grace, "g1", At(2026, 1, 5), -1m, bank: "Thames Bank", account: "TB-SECRET", currency: "GBP", category: "Grace's hobby"));
        await using var _ = store;

        var choices = await query.GetChoicesAsync(ada, Cancel);

        Assert.Equal(
        [
            new AccountChoice("Donau Bank", "DB-7", "USD"),
            new AccountChoice("Green Bank", "GB-1", "EUR"),
            new AccountChoice("Green Bank", "GB-2", "GBP"),
        ], choices.Accounts);
        Assert.Equal(["Donau Bank", "Green Bank"], choices.Banks);
        Assert.Equal(["Eating out", "Groceries", TransactionRules.Uncategorised], choices.Categories);
        Assert.Empty((await query.GetChoicesAsync(ObjectId.GenerateNewId(), Cancel)).Accounts);
    }

    [Fact]
    public async Task The_export_stream_holds_every_matching_transaction_of_the_owner_newest_first_beyond_one_page()
    {
        var many = Enumerable.Range(0, 260).Select(i => Transaction(ada, $"t{i:000}", At(2026, 1, 1).AddMinutes(i), i % 2 == 0 ? -20m : -5m)).ToList();
        many.Add(Transaction(grace, "graces", At(2026, 1, 2), -20m));
        var (store, query) = await NewStoreAsync([.. many]);
        await using var _ = store;

        var streamed = new List<string>();
        await foreach (var transaction in query.StreamAsync(ada, new TransactionFilter(MinAmount: 10m, Page: 3, PageSize: 10), Cancel))
        {
            streamed.Add(transaction.TransactionId);
        }

        Assert.Equal(130, streamed.Count);
        Assert.Equal("t258", streamed[0]);
        Assert.Equal("t000", streamed[^1]);
        Assert.DoesNotContain("graces", streamed);
        Assert.Throws<TransactionFilterException>(() => query.StreamAsync(ada, new TransactionFilter(MinAmount: 5m, MaxAmount: 1m), Cancel));
    }

    private ExternalTransaction[] SpendingData() =>
    [
        Transaction(ada, "groceries-eur-1", At(2026, 1, 5), -10.00m, currency: "EUR", category: "Groceries"),
        Transaction(ada, "groceries-eur-2", At(2026, 1, 20), -5.50m, currency: "EUR", category: "Groceries", bank: "MongoDB Bank"),
        Transaction(ada, "groceries-usd", At(2026, 1, 21), -20.00m, currency: "USD", category: "Groceries"),
        Transaction(ada, "no-category-gbp", At(2026, 1, 22), -8.00m, currency: "GBP"),
        Transaction(ada, "blank-category-usd", At(2026, 1, 22), -1.00m, currency: "USD", category: "  "),
        Transaction(ada, "pending-not-spent", At(2026, 1, 23), -3.00m, currency: "EUR", status: BookingStatuses.Pending, category: "Groceries"),
        Transaction(ada, "income-not-spent", At(2026, 1, 24), 100.00m, currency: "EUR", category: "Salary"),
        Transaction(ada, "last-minute-of-january", At(2026, 1, 31, 23, 59, 59), -2.00m, currency: "EUR", category: "Transport"),
        Transaction(ada, "unknown-currency", At(2026, 2, 1), -50.00m, currency: "SEK", category: "Groceries"),
        Transaction(ada, "transport-february", At(2026, 2, 10), -7.25m, currency: "USD", category: "Transport"),
        Transaction(ada, "after-range", At(2026, 3, 1, 0, 0, 0), -99.00m, currency: "USD", category: "Groceries"),
        Transaction(ada, "before-range", At(2025, 12, 31, 23, 59, 59), -1.00m, currency: "USD", category: "Groceries"),
        Transaction(grace, "someone-else", At(2026, 1, 5), -1000.00m, currency: "USD", category: "Groceries"),
    ];

    [Fact]
    public async Task Spending_per_month_and_category_counts_booked_outgoing_money_converted_to_the_base_currency()
    {
        var (store, query) = await NewStoreAsync(SpendingData());
        await using var _ = store;

        var spending = await query.SpendingByCategoryAsync(ada, "USD", new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 28), Cancel);

        // January groceries: (10.00 + 5.50) EUR × 1.10 + 20.00 USD = 17.05 + 20.00 = 37.05 over 3 transactions.
        // January uncategorised: 8.00 GBP × 1.25 + 1.00 USD (blank category) = 11.00 over 2.
        // January transport: 2.00 EUR × 1.10 = 2.20 (23:59:59 UTC on the 31st is still January).
        // February: 7.25 USD transport; the SEK purchase has no rate and is left out, not guessed.
        Assert.Equal(
        [
            new CategorySpending("2026-01", "Groceries", 37.05m, 3),
            new CategorySpending("2026-01", "Uncategorised", 11.00m, 2),
            new CategorySpending("2026-01", "Transport", 2.20m, 1),
            new CategorySpending("2026-02", "Transport", 7.25m, 1),
        ], spending);
    }

    [Fact]
    public async Task Spending_in_another_base_currency_converts_through_the_table_and_rounds_once()
    {
        var (store, query) = await NewStoreAsync(SpendingData());
        await using var _ = store;

        var spending = await query.SpendingByCategoryAsync(ada, "eur", new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31), Cancel);

        // Groceries: 15.50 EUR + 20.00 USD / 1.10 = 15.50 + 18.1818… = 33.68.
        // Uncategorised: 8.00 GBP × 1.25 / 1.10 + 1.00 / 1.10 = 9.0909… + 0.9090… = 10.00.
        Assert.Equal(
        [
            new CategorySpending("2026-01", "Groceries", 33.68m, 3),
            new CategorySpending("2026-01", "Uncategorised", 10.00m, 2),
            new CategorySpending("2026-01", "Transport", 2.00m, 1),
        ], spending);

        var unknownBase = await Assert.ThrowsAsync<TransactionFilterException>(() =>
            query.SpendingByCategoryAsync(ada, "SEK", new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31), Cancel));
        Assert.Equal("baseCurrency", unknownBase.ParamName);
    }

    /// <summary>A January with a move between two of Ada's accounts, loan repayments and one real purchase.</summary>
    private ExternalTransaction[] JanuaryWithTransfersAndRepayments() =>
    [
        Transaction(ada, "to-savings", At(2026, 1, 10), -400.00m, description: "Transfer to savings", category: "Transfer"),
        Transaction(ada, "from-checking", At(2026, 1, 11), 400.00m, bank: "Donau Bank", account: "DB-SAV", description: "Transfer from checking", category: "Transfer"),
        Transaction(ada, "loan", At(2026, 1, 15), -250.00m, category: "Loan repayment"),
        Transaction(ada, "mortgage", At(2026, 1, 16), -900.00m, description: "Mortgage instalment January"),
        Transaction(ada, "groceries", At(2026, 1, 20), -60.00m, category: "Groceries"),
        // A transfer across the range's last day: its other half is booked on 1 February.
        Transaction(ada, "month-end-out", At(2026, 1, 31, 23), -100.00m, description: "Transfer to savings", category: "Transfer"),
        Transaction(ada, "month-end-in", At(2026, 2, 1, 1), 100.00m, bank: "Donau Bank", account: "DB-SAV", description: "Transfer from checking", category: "Transfer"),
    ];

    [Fact]
    public async Task Spending_by_category_leaves_out_moves_between_the_customers_own_accounts_and_loan_repayments()
    {
        var (store, query) = await NewStoreAsync(JanuaryWithTransfersAndRepayments());
        await using var _ = store;

        var spending = await query.SpendingByCategoryAsync(ada, "USD", new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31), Cancel);

        // Only the groceries: 60.00 EUR × 1.10. Not the 400 and 100 moved to savings (the second one's other
        // half falls after the range), not the loan's 250 nor the mortgage's 900.
        Assert.Equal([new CategorySpending("2026-01", "Groceries", 66.00m, 1)], spending);
    }

    [Fact]
    public async Task Spending_by_category_and_the_dashboards_cash_flow_give_the_same_spending_for_a_month()
    {
        var (store, query) = await NewStoreAsync([.. JanuaryWithTransfersAndRepayments(),
            Transaction(ada, "fuel", At(2026, 1, 22), -45.50m, currency: "USD", category: "Transport"),
            Transaction(ada, "salary", At(2026, 1, 25), 3000.00m, category: "Salary")]);
        await using var _ = store;
        // On 10 February the dashboard's "last month" is January.
        var cashFlow = new CashFlowQuery(ICashFlowStoreQuery.For(store), Rates, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 2, 10, 9, 0, 0, TimeSpan.Zero)));

        var spending = await query.SpendingByCategoryAsync(ada, "USD", new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31), Cancel);
        var january = (await cashFlow.ThisMonthAndLastAsync(ada, "USD", TimeZoneInfo.Utc, Cancel)).LastMonth;

        Assert.Equal(
            january.Spending.Select(c => (c.Category, c.Amount, c.Count)),
            spending.Select(c => (c.Category, c.Amount, c.Count)));
        Assert.Equal([("Groceries", 66.00m, 1), ("Transport", 45.50m, 1)], spending.Select(c => (c.Category, c.Amount, c.Count)));
    }
}

public sealed class EmbeddedTransactionQueryContractTests(EmbeddedStoreFixture fixture)
    : TransactionQueryContractTests(fixture), IClassFixture<EmbeddedStoreFixture>;

public sealed class MongoTransactionQueryContractTests(MongoStoreFixture fixture)
    : TransactionQueryContractTests(fixture), IClassFixture<MongoStoreFixture>;
