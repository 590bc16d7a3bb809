namespace LeafyBank.Tests.Core.Position;

/// <summary>
/// Every figure of the global position against values worked out by hand (the arithmetic is in
/// the comments), for <see cref="PositionScenario"/> on each engine. Rates are the default table
/// (USD per unit: EUR 1.0850, GBP 1.2950, JPY 0.0066; XYZ unknown); today is 2026-11-02.
/// </summary>
public abstract class GlobalPositionFigureTests(IStoreFixture fixture)
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private async Task<GlobalPosition> PositionAsync(string baseCurrency = "USD")
    {
        await using var store = await fixture.CreateStoreAsync();
        var user = ObjectId.GenerateNewId();
        await PositionScenario.WriteAsync(store, user, Cancel);
        return await PositionScenario.Service(store).GetAsync(PositionScenario.User(user, baseCurrency), Cancel);
    }

    [Fact]
    public async Task Totals_convert_every_known_currency_and_leave_out_closed_inactive_and_unknown()
    {
        var position = await PositionAsync();

        // Balance: Leafy Bank 1000 (the closed 500 is out) + G1 2000 EUR × 1.0850 = 2170
        //   + G2 150.50 GBP × 1.2950 = 194.8975 + M1 300000 JPY × 0.0066 = 1980
        //   (G3 is closed; F1 is in XYZ, which has no rate) = 5344.8975 → 5344.90.
        Assert.Equal(5344.90m, position.TotalBalance);
        // Debt: L1 12000 EUR × 1.0850 = 13020 + M2 100000 + M3 5000 + F2 4000 = 122020
        //   (M4 is an investment, M5 is closed).
        Assert.Equal(122020.00m, position.TotalDebt);
        // Net worth from the rounded totals: 5344.90 − 122020.00.
        Assert.Equal(-116675.10m, position.NetWorth);
        Assert.Equal("USD", position.Currency);
        Assert.Equal(["XYZ"], position.UnconvertedCurrencies);
        Assert.Equal(PositionScenario.Now.UtcDateTime, position.ComputedAt);
    }

    [Fact]
    public async Task Institutions_types_and_currencies_break_the_totals_down_with_counts()
    {
        var position = await PositionAsync();

        Assert.Equal(
            [
                new InstitutionPosition("Leafy Bank", 1000.00m, 0m, true, 1, 0),
                // F1 counts as an account but has no converted amount; F2 4000.
                new InstitutionPosition("Far Bank", 0m, 4000.00m, false, 1, 1),
                // 2170 + 194.8975 = 2364.8975 → 2364.90; L1 13020.
                new InstitutionPosition("Green Bank", 2364.90m, 13020.00m, false, 2, 1),
                // M1 1980; M2 100000 + M3 5000.
                new InstitutionPosition("MongoDB Bank", 1980.00m, 105000.00m, false, 1, 2),
            ],
            position.ByInstitution);

        Assert.Equal(
            [
                // Checking: G1 2170 + M1 1980 (+ F1 unconverted) = 4150, three accounts.
                new TypePosition("Checking", PositionSide.Balance, 4150.00m, 3),
                // Savings: Leafy Bank 1000 + G2 194.8975 = 1194.8975 → 1194.90.
                new TypePosition("Savings", PositionSide.Balance, 1194.90m, 2),
                // Loan: L1 13020 + M3 5000 + F2 4000 = 22020.
                new TypePosition("Loan", PositionSide.Debt, 22020.00m, 3),
                new TypePosition("Mortgage", PositionSide.Debt, 100000.00m, 1),
            ],
            position.ByType);

        Assert.Equal(
            [
                new CurrencyPosition("EUR", 2000.00m, 12000.00m, 1.0850m, 2170.00m, 13020.00m),
                // 150.50 × 1.2950 = 194.8975 → 194.90.
                new CurrencyPosition("GBP", 150.50m, 0m, 1.2950m, 194.90m, 0m),
                new CurrencyPosition("JPY", 300000.00m, 0m, 0.0066m, 1980.00m, 0m),
                // USD: Leafy Bank 1000; debt M2 100000 + M3 5000 + F2 4000 = 109000.
                new CurrencyPosition("USD", 1000.00m, 109000.00m, 1m, 1000.00m, 109000.00m),
                new CurrencyPosition("XYZ", 1234.00m, 0m, null, null, null),
            ],
            position.ByCurrency);

        // Each rate applied, the base currency itself aside; the table's date and method.
        Assert.Equal([new CurrencyRate("EUR", 1.0850m), new CurrencyRate("GBP", 1.2950m), new CurrencyRate("JPY", 0.0066m)], position.Rates.RatesUsed);
        Assert.Equal(ExchangeRates.Default.AsOf, position.Rates.AsOf);
        Assert.Equal(ExchangeRates.Default.Method, position.Rates.Method);
    }

    [Fact]
    public async Task Loans_get_annuity_payments_and_payoff_dates_only_from_what_the_bank_reported()
    {
        var position = await PositionAsync();
        Assert.Equal(["F2", "L1", "M2", "M3"], position.Loans.Select(loan => loan.ProductId));

        // F2: 4000 USD at 12 %, 12 months from 2026-06-15. Due dates 07-15 … 2027-06-15; those after
        // 2026-11-02 are 11-15 … 06-15 = 8. r = 12/12/100 = 0.01;
        // P = 4000 × 0.01 × 1.01^8 / (1.01^8 − 1) = 522.7612 → 522.76. Payoff 2027-06-15.
        // Share of debt: 4000 / 122020 = 0.03278 → 0.0328.
        var f2 = position.Loans[0];
        Assert.Equal(("Far Bank", "Loan", "USD", 4000.00m, 4000.00m), (f2.Bank, f2.ProductType, f2.Currency, f2.Outstanding, f2.OutstandingInBase));
        Assert.Equal((12m, 12, new DateOnly(2026, 6, 15)), (f2.InterestRate, f2.TermMonths, f2.OpeningDate));
        Assert.Equal(522.76m, f2.MonthlyPayment);
        Assert.Equal(new DateOnly(2027, 6, 15), f2.PayoffDate);
        Assert.Equal(0.0328m, f2.ShareOfDebt);
        Assert.Empty(f2.NotReported);

        // L1: 12000 EUR at 6 %, 60 months from 2025-11-02; 12 due dates have passed (2026-11-02 is
        // today, not after it) so n = 48; r = 0.005; P = 12000 × 0.005 × 1.005^48 / (1.005^48 − 1)
        // = 281.8203 → 281.82 EUR. In base 12000 × 1.0850 = 13020; share 13020 / 122020 = 0.1067.
        var l1 = position.Loans[1];
        Assert.Equal(("EUR", 12000.00m, 13020.00m, 281.82m), (l1.Currency, l1.Outstanding, l1.OutstandingInBase, l1.MonthlyPayment));
        Assert.Equal(new DateOnly(2030, 11, 2), l1.PayoffDate);
        Assert.Equal(0.1067m, l1.ShareOfDebt);
        Assert.Equal("Solar panels loan", l1.GreenNarrative);
        // Named as the bank names it; a loan the bank sent no name for, by its type in words.
        Assert.Equal(("Solarkredit", "Solarkredit"), (l1.ProductName, l1.Name));
        Assert.Equal((null, "Loan"), (f2.ProductName, f2.Name));

        // M2: 100000 USD at 0 %, 120 months from 2021-11-02; 60 due dates passed, n = 60;
        // P = L / n = 1666.666… → 1666.67. Share 100000 / 122020 = 0.81954 → 0.8195.
        var m2 = position.Loans[2];
        Assert.Equal((0m, 120, 1666.67m, new DateOnly(2031, 11, 2), 0.8195m), (m2.InterestRate!.Value, m2.TermMonths!.Value, m2.MonthlyPayment!.Value, m2.PayoffDate!.Value, m2.ShareOfDebt!.Value));
        Assert.Equal("Property at 1 Elm St", m2.Collateral);
        Assert.Equal("Mortgage", m2.Name);

        // M3: the bank reported no rate, no term and no opening date: nothing is derived.
        // Share 5000 / 122020 = 0.04098 → 0.0410.
        var m3 = position.Loans[3];
        Assert.Equal(["InterestRate", "TermMonths", "OpeningDate"], m3.NotReported);
        Assert.Null(m3.InterestRate);
        Assert.Null(m3.TermMonths);
        Assert.Null(m3.OpeningDate);
        Assert.Null(m3.MonthlyPayment);
        Assert.Null(m3.PayoffDate);
        Assert.Equal(0.0410m, m3.ShareOfDebt);
    }

    [Fact]
    public async Task Green_share_counts_only_held_items_with_a_green_narrative()
    {
        var position = await PositionAsync();
        var green = position.Green;

        // Balance: only G1 (2170); G3 is closed, M1's narrative is empty, G2 and the rest have none.
        Assert.Equal(2170.00m, green.GreenBalance);
        // Debt: only L1 (13020); M4 is an investment, not debt.
        Assert.Equal(13020.00m, green.GreenDebt);
        // 2170 / 5344.8975 = 0.40599 → 0.4060; 13020 / 122020 = 0.10670 → 0.1067.
        Assert.Equal(0.4060m, green.BalanceShare);
        Assert.Equal(0.1067m, green.DebtShare);
        Assert.Contains("USD", green.Method, StringComparison.Ordinal);
        Assert.Equal(
            [
                new GreenNarrative("Green Bank", PositionSide.Balance, "G1", "Checking", "Green checking: deposits fund renewables", 2170.00m),
                new GreenNarrative("Green Bank", PositionSide.Debt, "L1", "Loan", "Solar panels loan", 13020.00m),
            ],
            green.Narratives);
    }

    [Fact]
    public async Task Freshness_says_per_institution_how_current_its_figures_are()
    {
        var position = await PositionAsync();

        Assert.Equal(
            [
                // Leafy Bank's own accounts are live.
                new InstitutionFreshness("Leafy Bank", true, null, null, null),
                // Imported, no sync state: as of the import.
                new InstitutionFreshness("Far Bank", false, PositionScenario.FarImportedAt, null, null),
                // Synced under consent c-green: the sync state (directory id greenbank) is linked by that consent.
                new InstitutionFreshness("Green Bank", false, PositionScenario.GreenSyncedAt, PositionScenario.GreenAttemptAt, PositionScenario.GreenError),
                new InstitutionFreshness("MongoDB Bank", false, PositionScenario.MongoImportedAt, null, null),
                // Connected, never synced successfully, no data: still listed, under the name its sync recorded, with its error.
                new InstitutionFreshness("Thames Bank", false, null, PositionScenario.UkAttemptAt, PositionScenario.UkError),
            ],
            position.Freshness);
    }

    [Fact]
    public async Task A_euro_customer_sees_every_figure_in_euros()
    {
        var position = await PositionAsync("EUR");

        // USD → EUR is 1 / 1.0850. Balance: 1000/1.085 + 2000 + 150.50 × 1.2950/1.085 + 300000 × 0.0066/1.085
        //   = 921.6590 + 2000 + 179.6290 + 1824.8848 = 4926.1728 → 4926.17.
        Assert.Equal("EUR", position.Currency);
        Assert.Equal(4926.17m, position.TotalBalance);
        // Debt: 12000 + 109000 / 1.085 = 12000 + 100460.8295 = 112460.83.
        Assert.Equal(112460.83m, position.TotalDebt);
        Assert.Equal(4926.17m - 112460.83m, position.NetWorth);
        Assert.DoesNotContain(position.Rates.RatesUsed, rate => rate.Currency == "EUR");
        Assert.Contains(position.Rates.RatesUsed, rate => rate.Currency == "USD" && rate.RateToBase == 1m / 1.0850m);
    }

    [Fact]
    public async Task A_payment_due_today_is_past_only_once_today_has_begun_where_the_customer_is()
    {
        await using var store = await fixture.CreateStoreAsync();
        var user = ObjectId.GenerateNewId();
        await PositionScenario.WriteAsync(store, user, Cancel);
        // 05:00 UTC on 2 November is 21:00 on 1 November in Los Angeles: L1's twelfth due date (2 November) has not
        // come there, so 49 payments remain: 12000 × 0.005 × 1.005^49 / (1.005^49 − 1) = 276.7304 → 276.73 EUR.
        // In UTC it has (48 remain, 281.82 EUR, as above).
        var service = new GlobalPositionService(store, IPositionQuery.For(store), ExchangeRates.Default,
            new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 5, 0, 0, TimeSpan.Zero)));
        var inUtc = PositionScenario.User(user);
        var inLosAngeles = PositionScenario.User(user);
        inLosAngeles.TimeZone = "America/Los_Angeles";

        var l1InUtc = (await service.GetAsync(inUtc, Cancel)).Loans.Single(loan => loan.ProductId == "L1");
        var l1InLosAngeles = (await service.GetAsync(inLosAngeles, Cancel)).Loans.Single(loan => loan.ProductId == "L1");

        Assert.Equal(281.82m, l1InUtc.MonthlyPayment);
        Assert.Equal(276.73m, l1InLosAngeles.MonthlyPayment);
    }

    [Fact]
    public async Task A_customer_with_nothing_has_zero_totals_and_no_shares()
    {
        await using var store = await fixture.CreateStoreAsync();
        var position = await PositionScenario.Service(store).GetAsync(PositionScenario.User(ObjectId.GenerateNewId()), Cancel);

        Assert.Equal((0m, 0m, 0m), (position.TotalBalance, position.TotalDebt, position.NetWorth));
        Assert.Empty(position.ByInstitution);
        Assert.Empty(position.Loans);
        Assert.Empty(position.Freshness);
        Assert.Null(position.Green.BalanceShare);
        Assert.Null(position.Green.DebtShare);
        Assert.Empty(position.Rates.RatesUsed);
    }
}

public sealed class EmbeddedGlobalPositionFigureTests(EmbeddedStoreFixture fixture)
    : GlobalPositionFigureTests(fixture), IClassFixture<EmbeddedStoreFixture>;

public sealed class MongoGlobalPositionFigureTests(MongoStoreFixture fixture)
    : GlobalPositionFigureTests(fixture), IClassFixture<MongoStoreFixture>;
