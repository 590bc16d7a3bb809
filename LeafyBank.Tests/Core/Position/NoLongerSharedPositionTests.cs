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
