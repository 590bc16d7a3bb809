namespace LeafyBank.Tests.Core.Position;

/// <summary>
/// The rule the position follows for data a bank no longer shares, on each engine: as for a disconnected bank's data kept
/// read-only, an account or loan the customer unticked at the bank (<see cref="ExternalAccount.NoLongerSharedSince"/>)
/// still counts, at the figures last read, in the balance, the debt, net worth, its bank's subtotal and the green share;
/// the pages say it is no longer updated. Nothing is dropped or zeroed by the mark. All in USD.
/// </summary>
public abstract class NoLongerSharedPositionTests(IStoreFixture fixture)
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private static readonly DataSource Synced = new() { Origin = DataOrigins.BankApi, RetrievedAt = PositionScenario.GreenSyncedAt, ConsentId = "c-1" };

    private static async Task<GlobalPosition> PositionAsync(IDocumentStore store, ObjectId user, bool markTheUnticked)
    {
        var owner = new PartyReference { UserId = user, UserName = "figures" };
        var accounts = store.Collection(OpenFinanceCollections.ExternalAccounts);
        var products = store.Collection(OpenFinanceCollections.ExternalProducts);
        DateTime? mark = markTheUnticked ? PositionScenario.GreenSyncedAt.AddHours(3) : null;

        // Green Bank, still connected: one account shared, one saver and one loan the customer unticked at the bank.
        await accounts.UpsertAsync(PositionScenario.Account(owner, "Green Bank", "G1", AccountTypes.Checking, 1_000m, "USD", Synced, null), Cancel);
        var saver = PositionScenario.Account(owner, "Green Bank", "G2", AccountTypes.Savings, 16_078.89m, "USD", Synced, "Funds solar farms");
        saver.NoLongerSharedSince = mark;
        saver.AccountName = "Instant Saver";
        saver.AccountIdentification = "GB29 NWBK 6016 1331 9907";
        await accounts.UpsertAsync(saver, Cancel);
        var loan = PositionScenario.Product(owner, "Green Bank", "L1", ProductTypes.Loan, 4_000m, "USD", Synced, 3.5m, 36,
            new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc), null);
        loan.NoLongerSharedSince = mark;
        await products.UpsertAsync(loan, Cancel);
        // Thames Bank, disconnected and kept read-only: the data kept counts (the existing rule this follows).
        await accounts.UpsertAsync(PositionScenario.Account(owner, "Thames Bank", "T1", AccountTypes.Checking, 500m, "USD", Synced, null), Cancel);

        return await PositionScenario.Service(store).GetAsync(PositionScenario.User(user), Cancel);
    }

    [Fact]
    public async Task An_unticked_account_and_loan_count_at_their_last_read_figures_as_kept_read_only_data_does()
    {
        await using var store = await fixture.CreateStoreAsync();
        var marked = await PositionAsync(store, ObjectId.GenerateNewId(), markTheUnticked: true);

        // 1,000 + 16,078.89 (the saver as last read) + 500 (Thames Bank's kept data).
        Assert.Equal(17_578.89m, marked.TotalBalance);
        Assert.Equal(4_000m, marked.TotalDebt);
        Assert.Equal(13_578.89m, marked.NetWorth);
        Assert.Equal(17_078.89m, Assert.Single(marked.ByInstitution, i => i.Bank == "Green Bank").Balance);
        Assert.Equal(16_078.89m, marked.Green.GreenBalance);
        Assert.Contains(marked.Green.Narratives, n => n.Id == "G2");
    }

    [Fact]
    public async Task The_position_names_each_counted_account_and_loan_no_longer_shared_with_since_when_and_when_it_was_last_read()
    {
        await using var store = await fixture.CreateStoreAsync();
        var user = ObjectId.GenerateNewId();
        // Not counted, so not among what the totals include: a closed account the bank no longer shares.
        var closed = PositionScenario.Account(new PartyReference { UserId = user, UserName = "figures" }, "Green Bank", "G9", AccountTypes.Checking,
            75m, "USD", Synced, null, AccountStatuses.Closed);
        closed.NoLongerSharedSince = PositionScenario.GreenSyncedAt;
        await store.Collection(OpenFinanceCollections.ExternalAccounts).UpsertAsync(closed, Cancel);

        var marked = await PositionAsync(store, user, markTheUnticked: true);

        var since = PositionScenario.GreenSyncedAt.AddHours(3);
        Assert.Equal(
            [
                new NoLongerSharedHolding("Green Bank", PositionSide.Balance, AccountTypes.Savings, "Instant Saver", "•••• 9907", since, PositionScenario.GreenSyncedAt),
                // No name or number from the bank: its type in words and the last four of the bank's id, as the pages name it.
                new NoLongerSharedHolding("Green Bank", PositionSide.Debt, ProductTypes.Loan, "Loan", "•••• L1", since, PositionScenario.GreenSyncedAt),
            ],
            marked.NoLongerShared);
    }

    [Fact]
    public async Task Each_loan_carries_its_masked_number_and_its_stored_id_for_its_page_and_an_unticked_one_its_dates()
    {
        await using var store = await fixture.CreateStoreAsync();
        var user = ObjectId.GenerateNewId();

        var position = await PositionAsync(store, user, markTheUnticked: true);

        var stored = await store.Collection(OpenFinanceCollections.ExternalProducts).FindAsync(user, cancellationToken: Cancel);
        var loan = Assert.Single(position.Loans);
        // No number from the bank: the last four of its id, as the accounts page and the API mask it.
        Assert.Equal("•••• L1", loan.MaskedNumber);
        Assert.Equal(Assert.Single(stored).Id.ToString(), loan.Reference);
        Assert.Equal(PositionScenario.GreenSyncedAt.AddHours(3), loan.NoLongerSharedSince);
        Assert.Equal(PositionScenario.GreenSyncedAt, loan.LastReadAt);
    }

    [Fact]
    public async Task An_unticked_loans_payment_is_estimated_as_of_the_day_it_was_last_read_not_spread_over_the_months_left_today()
    {
        await using var store = await fixture.CreateStoreAsync();
        var user = ObjectId.GenerateNewId();
        var owner = new PartyReference { UserId = user, UserName = "figures" };
        var products = store.Collection(OpenFinanceCollections.ExternalProducts);
        // Read on 1 May 2026 and unticked the next day; "today" is 2 Nov 2026 (PositionScenario.Now). Both loans: 4,000 USD
        // at 3.5 % over 36 months from 1 Jan 2025, so 20 payments were left on 1 May (the 16th fell due that day), 14 today.
        var readInMay = new DateTime(2026, 5, 1, 8, 0, 0, DateTimeKind.Utc);
        var opened = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var unticked = PositionScenario.Product(owner, "Green Bank", "L1", ProductTypes.Loan, 4_000m, "USD",
            new DataSource { Origin = DataOrigins.BankApi, RetrievedAt = readInMay, ConsentId = "c-1" }, 3.5m, 36, opened, null);
        unticked.ProductName = "Personal Loan";
        unticked.ProductIdentification = "LN-0000-4484";
        unticked.NoLongerSharedSince = readInMay.AddDays(1);
        await products.UpsertAsync(unticked, Cancel);
        await products.UpsertAsync(PositionScenario.Product(owner, "Green Bank", "L2", ProductTypes.Loan, 4_000m, "USD", Synced, 3.5m, 36, opened, null), Cancel);

        var position = await PositionScenario.Service(store).GetAsync(PositionScenario.User(user), Cancel);

        var stale = Assert.Single(position.Loans, l => l.ProductId == "L1");
        var shared = Assert.Single(position.Loans, l => l.ProductId == "L2");
        // P = L·r / (1 − (1 + r)^−n), r = 3.5 % ÷ 12: n = 20 as of 1 May; n = 14 today for the loan still shared.
        Assert.Equal(206.18m, stale.MonthlyPayment);
        Assert.Equal(292.00m, shared.MonthlyPayment);
        // The contract's end does not move with the date it is read on.
        Assert.Equal(new DateOnly(2028, 1, 1), stale.PayoffDate);
        Assert.Equal(("Personal Loan", "•••• 4484", readInMay), (stale.Name, stale.MaskedNumber, stale.LastReadAt));
        Assert.Null(shared.NoLongerSharedSince);
    }

    [Fact]
    public async Task Without_a_mark_the_position_names_nothing_as_no_longer_shared()
    {
        await using var store = await fixture.CreateStoreAsync();

        var unmarked = await PositionAsync(store, ObjectId.GenerateNewId(), markTheUnticked: false);

        Assert.Empty(unmarked.NoLongerShared);
    }

    [Fact]
    public async Task The_mark_changes_no_figure()
    {
        await using var store = await fixture.CreateStoreAsync();
        var marked = await PositionAsync(store, ObjectId.GenerateNewId(), markTheUnticked: true);
        var unmarked = await PositionAsync(store, ObjectId.GenerateNewId(), markTheUnticked: false);

        Assert.Equal((unmarked.TotalBalance, unmarked.TotalDebt, unmarked.NetWorth, unmarked.Green.GreenBalance),
            (marked.TotalBalance, marked.TotalDebt, marked.NetWorth, marked.Green.GreenBalance));
        Assert.Equal(unmarked.ByInstitution, marked.ByInstitution);
    }
}

public sealed class EmbeddedNoLongerSharedPositionTests(EmbeddedStoreFixture fixture) : NoLongerSharedPositionTests(fixture), IClassFixture<EmbeddedStoreFixture>;

public sealed class MongoNoLongerSharedPositionTests(MongoStoreFixture fixture) : NoLongerSharedPositionTests(fixture), IClassFixture<MongoStoreFixture>;
