using LeafyBank.Tests.Core.Interop;

namespace LeafyBank.Tests.Core.Position;

/// <summary>
/// The position of data in the reference demo's export shapes (AccountNumber instead of
/// AccountId, MDB…Narrative, mortgages with AmortizationPeriod in years), imported by the
/// ordinary importer. Today is 2026-11-02.
/// </summary>
public sealed class ReferenceDemoPositionTests
{
    private static readonly ObjectId FridaId = ObjectId.Parse("65a546ae4a8f64e8f88fb89e");

    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private static async Task<GlobalPosition> FridaAsync(InteropTestStore test)
    {
        var result = await test.ImportReferenceDemoAsync();
        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Problems));
        var position = await PositionScenario.Service(test.Store).GetForUserNameAsync("fridaklo", Cancel);
        return position ?? throw new InvalidOperationException("fridaklo was not seeded");
    }

    [Fact]
    public async Task Fridas_totals_and_breakdowns_match_the_reference()
    {
        await using var test = await InteropTestStore.CreateAsync();
        var frida = await FridaAsync(test);

        // Leafy Bank 1100 + 2975 + 550 = 4625; Green Bank 7825 + 8851; MongoDB Bank 8496: 29797.
        Assert.Equal((29797.00m, 54200.00m, -24403.00m), (frida.TotalBalance, frida.TotalDebt, frida.NetWorth));
        Assert.Equal(
            [
                new InstitutionPosition("Leafy Bank", 4625.00m, 0m, true, 3, 0),
                new InstitutionPosition("Green Bank", 16676.00m, 10700.00m, false, 2, 1),
                new InstitutionPosition("MongoDB Bank", 8496.00m, 43500.00m, false, 1, 1),
            ],
            frida.ByInstitution);
        Assert.Equal(
            [
                // Checking: Leafy Bank 2975 + MongoDB Bank 8496; Savings: 1100 + 550 + 7825 + 8851.
                new TypePosition("Checking", PositionSide.Balance, 11471.00m, 2),
                new TypePosition("Savings", PositionSide.Balance, 18326.00m, 4),
                new TypePosition("Loan", PositionSide.Debt, 10700.00m, 1),
                new TypePosition("Mortgage", PositionSide.Debt, 43500.00m, 1),
            ],
            frida.ByType);
        Assert.Equal([new CurrencyPosition("USD", 29797.00m, 54200.00m, 1m, 29797.00m, 54200.00m)], frida.ByCurrency);
        Assert.Empty(frida.Rates.RatesUsed);
        Assert.Empty(frida.UnconvertedCurrencies);
    }

    [Fact]
    public async Task A_mortgage_with_amortization_years_becomes_a_term_in_months_with_a_payment()
    {
        await using var test = await InteropTestStore.CreateAsync();
        var frida = await FridaAsync(test);

        // The importer maps AmortizationPeriod 20 (years) to RepaymentPeriod 240 (months), one model for all.
        var stored = Assert.Single(await test.Store.Collection(OpenFinanceCollections.ExternalProducts)
            .FindAsync(FridaId, p => p.ProductId == "3463", Cancel));
        Assert.Equal(240, stored.RepaymentPeriod);
        Assert.Equal(20, stored.BankExtras!["AmortizationPeriod"].ToInt32());

        // 3463: 43500 USD at 2.62 % from 2020-10-23 over 240 months. Due dates passed by 2026-11-02:
        // 2020-11-23 … 2026-10-23 = 72, so n = 168; r = 2.62/12/100 = 0.0021833…;
        // P = 43500 × r × (1+r)^168 / ((1+r)^168 − 1) = 309.5921 → 309.59. Payoff 2040-10-23.
        // Share 43500 / 54200 = 0.80258 → 0.8026.
        var mortgage = frida.Loans.Single(loan => loan.ProductId == "3463");
        Assert.Equal(("MongoDB Bank", "Mortgage", 43500.00m, 2.62m, 240), (mortgage.Bank, mortgage.ProductType, mortgage.Outstanding, mortgage.InterestRate!.Value, mortgage.TermMonths!.Value));
        Assert.Equal(new DateOnly(2020, 10, 23), mortgage.OpeningDate);
        Assert.Equal(309.59m, mortgage.MonthlyPayment);
        Assert.Equal(new DateOnly(2040, 10, 23), mortgage.PayoffDate);
        Assert.Equal(0.8026m, mortgage.ShareOfDebt);
        Assert.Equal("Property at 123 Main St valued 91,719 USD", mortgage.Collateral);
        // MongoDB Bank's MDBProductNarrative is marketing, not a green narrative.
        Assert.Null(mortgage.GreenNarrative);
        Assert.Empty(mortgage.NotReported);

        // 1784: 10700 at 3.75 % over 12 months from 2024-06-03: all due dates have passed, so the
        // rest is due now: n = 1, P = 10700 × (1 + 0.0375/12) = 10733.4375 → 10733.44. Payoff 2025-06-03.
        // Share 10700 / 54200 = 0.19742 → 0.1974.
        var loan = frida.Loans.Single(l => l.ProductId == "1784");
        Assert.Equal((10733.44m, new DateOnly(2025, 6, 3), 0.1974m), (loan.MonthlyPayment!.Value, loan.PayoffDate!.Value, loan.ShareOfDebt!.Value));
    }

    [Fact]
    public async Task Only_green_narratives_count_towards_the_green_share_and_mdb_marketing_does_not()
    {
        await using var test = await InteropTestStore.CreateAsync();
        var frida = await FridaAsync(test);

        // Green Bank's two savings accounts (7825 + 8851 = 16676) and its loan (10700) carry
        // GreenAccountNarrative / GreenProductNarrative; MongoDB Bank's MDB…Narrative items do not count.
        // 16676 / 29797 = 0.55965 → 0.5597; 10700 / 54200 = 0.19742 → 0.1974.
        Assert.Equal((16676.00m, 10700.00m, 0.5597m, 0.1974m),
            (frida.Green.GreenBalance, frida.Green.GreenDebt, frida.Green.BalanceShare!.Value, frida.Green.DebtShare!.Value));
        Assert.Equal(["204515807", "324968983", "1784"], frida.Green.Narratives.Select(narrative => narrative.Id));
        Assert.All(frida.Green.Narratives, narrative => Assert.Equal("Green Bank", narrative.Bank));
        Assert.DoesNotContain(frida.Green.Narratives, narrative => narrative.Narrative.Contains("MongoDB", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Imported_banks_are_as_fresh_as_the_import_and_the_json_names_every_part()
    {
        await using var test = await InteropTestStore.CreateAsync();
        var frida = await FridaAsync(test);

        Assert.Equal(["Leafy Bank", "Green Bank", "MongoDB Bank"], frida.Freshness.Select(row => row.Bank));
        Assert.Null(frida.Freshness[0].LastSyncedAt);
        var imported = await test.Store.Collection(OpenFinanceCollections.ExternalAccounts).FindAsync(FridaId, cancellationToken: Cancel);
        var importedAt = imported.Max(account => account.Source!.RetrievedAt);
        Assert.All(frida.Freshness.Skip(1), row => Assert.Equal((importedAt, (DateTime?)null, (string?)null), (row.LastSyncedAt!.Value, row.LastAttemptAt, row.LastError)));

        using var json = System.Text.Json.JsonDocument.Parse(PositionJson.Serialize(frida));
        var root = json.RootElement;
        Assert.Equal("Debt", root.GetProperty("ByType")[2].GetProperty("Side").GetString());
        Assert.Equal(309.59m, root.GetProperty("Loans")[1].GetProperty("MonthlyPayment").GetDecimal());
        Assert.Equal("2040-10-23", root.GetProperty("Loans")[1].GetProperty("PayoffDate").GetString());
        Assert.Equal(0.5597m, root.GetProperty("Green").GetProperty("BalanceShare").GetDecimal());
        Assert.Equal(3, root.GetProperty("Freshness").GetArrayLength());
        Assert.Equal("2026-11-02", root.GetProperty("Rates").GetProperty("AsOf").GetString());
    }
}
