namespace LeafyBank.Tests.Web.Components.Pages.Dashboard;

/// <summary>Hand-built positions for the dashboard's states; the figures are chosen so the expected text can be written down.</summary>
public static class Positions
{
    public static readonly DateTime ComputedAt = TestTime.UtcNow.AddMinutes(-1);

    /// <summary>When Green Bank's loan is paid off: a one-year loan opened half a year before the suite's instant.</summary>
    public static readonly DateOnly LoanPayoff = DateOnly.FromDateTime(TestTime.UtcNow).AddMonths(6);

    public static readonly ExchangeRateInfo UsdRates = new(new DateOnly(2026, 11, 2),
        "Converted at fixed reference rates as of 2026-11-02 (one unit of each currency valued in USD), not live market rates.",
        [new CurrencyRate("USD", 1m)]);

    public static readonly GreenShare NoGreen = new(0, 0, null, null, "", []);

    /// <summary>Only Leafy Bank accounts (Frida's 1,100 + 2,975 + 550).</summary>
    public static GlobalPosition LeafyOnly() => new(
        "fridaklo", "USD", 4625m, 0m, 4625m,
        [new InstitutionPosition("Leafy Bank", 4625m, 0m, true, 3, 0)],
        [new TypePosition("Checking", PositionSide.Balance, 3525m, 2), new TypePosition("Savings", PositionSide.Balance, 1100m, 1)],
        [new CurrencyPosition("USD", 4625m, 0m, 1m, 4625m, 0m)],
        [],
        NoGreen,
        [new InstitutionFreshness("Leafy Bank", true, null, null, null)],
        UsdRates, [], ComputedAt);

    /// <summary>Leafy Bank and Green Bank (synced <paramref name="syncedAgo"/> before <paramref name="now"/>), with a loan.</summary>
    public static GlobalPosition WithGreenBank(DateTime now, TimeSpan syncedAgo, string? lastError = null) => new(
        "fridaklo", "USD", 12450m, 10700m, 1750m,
        [
            new InstitutionPosition("Leafy Bank", 4625m, 0m, true, 3, 0),
            new InstitutionPosition("Green Bank", 7825m, 10700m, false, 1, 1),
        ],
        [
            new TypePosition("Checking", PositionSide.Balance, 3525m, 2),
            new TypePosition("Savings", PositionSide.Balance, 8925m, 2),
            new TypePosition("Loan", PositionSide.Debt, 10700m, 1),
        ],
        [new CurrencyPosition("USD", 12450m, 10700m, 1m, 12450m, 10700m)],
        [
            new LoanPosition("1784", "Green Bank", "Loan", "USD", 10700m, 10700m, 3.75m, 12, LoanPayoff.AddMonths(-12),
                1510.62m, LoanPayoff, 1m, null, "A loan for energy-efficient home improvements", []),
        ],
        new GreenShare(7825m, 10700m, 0.6285m, 1m,
            "Balances and debt held in accounts and products that carry a green narrative, divided by total balance and total debt.",
            [
                new GreenNarrative("Green Bank", PositionSide.Balance, "204515807", "Savings", "Savings account focusing on sustainable banking at Green Bank", 7825m),
                new GreenNarrative("Green Bank", PositionSide.Debt, "1784", "Loan", "A loan for energy-efficient home improvements", 10700m),
            ]),
        [
            new InstitutionFreshness("Leafy Bank", true, null, null, null),
            new InstitutionFreshness("Green Bank", false, now - syncedAgo, lastError is null ? now - syncedAgo : now.AddMinutes(-5), lastError),
        ],
        UsdRates, [], ComputedAt);
}
