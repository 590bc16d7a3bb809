using static LeafyBank.Tests.Core.Analytics.AnalyticsDataSet;

namespace LeafyBank.Tests.Core.Analytics;

/// <summary>
/// The cross-customer figures on each engine, against values computed by hand from
/// <see cref="AnalyticsDataSet"/> (k = 3; EUR 1.1, GBP 1.3 to USD). Both engines must give
/// exactly these numbers, so they also agree with each other.
/// </summary>
public abstract class CrossCustomerAnalyticsTests(IStoreFixture fixture)
{
    private const string FewerThan3 = "suppressed: fewer than 3 customers";
    private const string WouldReveal = "suppressed: would reveal a group of fewer than 3 customers";

    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private Task<IDocumentStore> NewStoreAsync() => fixture.CreateStoreAsync();

    private static async Task<AnalyticsReport> ReportAsync(IDocumentStore store, int minimumCustomers = MinimumCustomers) =>
        AnalyticsReportBuilder.Build(await IAnalyticsQuery.For(store).AggregateAcrossCustomersAsync(Now, Cancel), Rates, minimumCustomers, Now);

    [Fact]
    public async Task Deposits_and_debt_per_bank_are_converted_summed_and_suppressed_below_the_minimum()
    {
        await using var store = await NewStoreAsync();
        await LoadAsync(store, Cancel);

        var report = await ReportAsync(store);

        Assert.Equal("USD", report.Currency);
        Assert.Equal(3, report.MinimumCustomers);
        Assert.Equal(["XAU"], report.UnconvertedCurrencies);
        Shown(report.Customers, customers: 5);
        // 1000 + 500 + 2000 + 300 (USD) + (1000 + 2000 + 400) EUR × 1.1 + 700 GBP × 1.3; closed and XAU accounts left out.
        Shown(report.TotalDeposits, 5, 8, 8450m);
        // 5000 + 100000 + 2000 (USD) + 1000 EUR × 1.1; the closed loan and the credit card are not debt.
        Shown(report.TotalDebt, 4, 4, 108100m);

        Assert.Equal(["Donau Bank", "Green Bank", "Thames Bank"], report.Banks.Select(b => b.Bank));
        var donau = report.Banks[0];
        Shown(donau.Customers, customers: 3);
        // Thames is suppressed, so the smaller of the two shown banks goes too: else 8450 − 3800 − 3740 gives Thames away.
        Hidden(donau.Deposits, WouldReveal);
        Hidden(donau.Debt, FewerThan3);

        var green = report.Banks[1];
        Shown(green.Customers, customers: 3);
        Shown(green.Deposits, 3, 4, 3800m);
        // Donau's debt (one customer) is hidden; total debt minus Green Bank's would reveal it.
        Hidden(green.Debt, WouldReveal);

        var thames = report.Banks[2];
        Hidden(thames.Customers, FewerThan3);
        Hidden(thames.Deposits, FewerThan3);
        // Zero debt at a bank of one customer is still a fact about that customer.
        Hidden(thames.Debt, FewerThan3);
    }

    [Fact]
    public async Task Product_mix_counts_and_sums_each_type_and_protects_the_totals_it_adds_up_to()
    {
        await using var store = await NewStoreAsync();
        await LoadAsync(store, Cancel);

        var mix = (await ReportAsync(store)).ProductMix;

        Assert.Equal(
            [("Checking", ProductMixKind.Account), ("Savings", ProductMixKind.Account), ("Loan", ProductMixKind.Debt), ("Mortgage", ProductMixKind.Debt), ("CreditCard", ProductMixKind.OtherProduct)],
            mix.Select(m => (m.Type, m.Kind)));
        // 1000 + 2000 + 1100 + 2200 + 910
        Shown(mix[0].Figure, 5, 5, 7210m);
        // 500 + 300 + 440; the XAU savings account's owner is counted, its amount is not.
        Shown(mix[1].Figure, 4, 3, 1240m);
        Hidden(mix[3].Figure, FewerThan3);
        // Total debt minus the loans would be the one mortgage.
        Hidden(mix[2].Figure, WouldReveal);
        Hidden(mix[4].Figure, FewerThan3);
    }

    [Fact]
    public async Task Green_share_is_shown_only_where_the_green_and_the_other_customers_are_each_enough()
    {
        await using var store = await NewStoreAsync();
        await LoadAsync(store, Cancel);

        var green = (await ReportAsync(store)).Green;

        Assert.Equal([null, "Donau Bank", "Green Bank", "Thames Bank"], green.Select(g => g.Bank));
        var all = green[0];
        // Green: 1000 + 2000 + 1000 EUR × 1.1 + 400 EUR × 1.1, held by u1, u2, u3, u5.
        Shown(all.GreenDeposits, 4, 4, 4540m);
        Shown(all.Deposits, 5, 8, 8450m);
        Assert.Equal(0.5373m, all.DepositShare);
        // One customer holds green debt.
        Hidden(all.GreenDebt, FewerThan3);
        Shown(all.Debt, 4, 4, 108100m);
        Assert.Null(all.DebtShare);

        var greenBank = green[2];
        Hidden(greenBank.GreenDeposits, FewerThan3);
        Shown(greenBank.Deposits, 3, 4, 3800m);
        Assert.Null(greenBank.DepositShare);
        Assert.All([green[1].GreenDeposits, green[1].GreenDebt, green[3].GreenDeposits, green[3].GreenDebt], f => Assert.True(f.IsSuppressed));
    }

    [Fact]
    public async Task Connection_health_counts_each_customers_latest_granted_consent_per_bank()
    {
        await using var store = await NewStoreAsync();
        await LoadAsync(store, Cancel);

        var connections = (await ReportAsync(store)).Connections;

        Assert.Equal(["donaubank", "greenbank", "thamesbank"], connections.Select(c => c.Bank));
        // greenbank: u1, u2 (re-consented after a revocation), u3 active; u4 revoked, u5 past its end, u6 rejected; u7 has no consent.
        var greenbank = connections[1];
        Shown(greenbank.Connections, customers: 6);
        Shown(greenbank.Active, customers: 3);
        Shown(greenbank.ExpiringSoon, customers: 0);
        Shown(greenbank.ExpiredOrRevoked, customers: 3);
        Shown(greenbank.Failing, customers: 0);

        // donaubank: one expiring, one failing, one active — each a group of one.
        var donaubank = connections[0];
        Shown(donaubank.Connections, customers: 3);
        Hidden(donaubank.Active, FewerThan3);
        Hidden(donaubank.ExpiringSoon, FewerThan3);
        Hidden(donaubank.Failing, FewerThan3);
        Shown(donaubank.ExpiredOrRevoked, customers: 0);

        // thamesbank: one connection (the received consent is not one): everything hidden, zeros too.
        var thamesbank = connections[2];
        Assert.All([thamesbank.Connections, thamesbank.Active, thamesbank.ExpiringSoon, thamesbank.ExpiredOrRevoked, thamesbank.Failing],
            f => Assert.Equal(FewerThan3, f.Suppressed));
    }

    [Theory]
    [InlineData(4, false)]
    [InlineData(5, true)]
    public async Task A_bank_is_shown_from_exactly_the_minimum_number_of_customers(int customers, bool shown)
    {
        await using var store = await NewStoreAsync();
        for (var i = 0; i < customers; i++)
        {
            var owner = new PartyReference { UserName = $"boundary-{i}", UserId = ObjectId.GenerateNewId() };
            await store.Collection(OpenFinanceCollections.ExternalAccounts).UpsertAsync(
                Account(owner, "Boundary Bank", $"B-{i}", AccountTypes.Checking, 100m, "USD", green: false), Cancel);
        }

        var report = await ReportAsync(store, minimumCustomers: 5);

        var bank = Assert.Single(report.Banks);
        if (shown)
        {
            Shown(bank.Customers, customers: 5);
            Shown(bank.Deposits, 5, 5, 500m);
            Shown(report.TotalDeposits, 5, 5, 500m);
        }
        else
        {
            Hidden(bank.Customers, "suppressed: fewer than 5 customers");
            Hidden(bank.Deposits, "suppressed: fewer than 5 customers");
            Hidden(report.TotalDeposits, "suppressed: fewer than 5 customers");
            Assert.DoesNotContain("400", JsonSerializer.Serialize(report), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_report_never_carries_a_user_name_user_id_account_or_consent_id()
    {
        await using var store = await NewStoreAsync();
        await LoadAsync(store, Cancel);

        // Even with every group shown (k = 2), only groups, counts and sums come out.
        foreach (var k in new[] { 2, 3 })
        {
            var json = JsonSerializer.Serialize(await ReportAsync(store, k));
            foreach (var identifier in Identifiers)
            {
                Assert.DoesNotContain(identifier, json, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public async Task An_empty_store_gives_an_empty_report_with_zero_totals()
    {
        await using var store = await NewStoreAsync();

        var report = await ReportAsync(store);

        Assert.True(report.IsEmpty);
        Shown(report.Customers, customers: 0);
        Shown(report.TotalDeposits, 0, 0, 0m);
        Assert.Empty(report.ProductMix);
        Assert.Null(Assert.Single(report.Green).DepositShare);
    }

    private static void Shown(Figure figure, int customers, int? items = null, decimal? amount = null)
    {
        Assert.Null(figure.Suppressed);
        Assert.Equal(customers, figure.Customers);
        if (items is not null)
        {
            Assert.Equal(items, figure.Items);
        }
        if (amount is not null)
        {
            Assert.Equal(amount, figure.Amount);
        }
    }

    private static void Hidden(Figure figure, string reason)
    {
        Assert.Equal(reason, figure.Suppressed);
        Assert.Null(figure.Customers);
        Assert.Null(figure.Items);
        Assert.Null(figure.Amount);
    }
}

public sealed class EmbeddedCrossCustomerAnalyticsTests(EmbeddedStoreFixture fixture)
    : CrossCustomerAnalyticsTests(fixture), IClassFixture<EmbeddedStoreFixture>;

public sealed class MongoCrossCustomerAnalyticsTests(MongoStoreFixture fixture)
    : CrossCustomerAnalyticsTests(fixture), IClassFixture<MongoStoreFixture>;
