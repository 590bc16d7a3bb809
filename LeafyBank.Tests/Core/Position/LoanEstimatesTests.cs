namespace LeafyBank.Tests.Core.Position;

public sealed class LoanEstimatesTests
{
    [Theory]
    // Opened 2026-01-31, 12 months: due 02-28, 03-31, …; on 2026-03-30 only 02-28 is past: 11 left.
    [InlineData("2026-01-31", 12, "2026-03-30", 11)]
    // On the due date itself that payment counts as made: 2026-03-31 → 10 left.
    [InlineData("2026-01-31", 12, "2026-03-31", 10)]
    // Not started yet (opening in the future): all 12 are due.
    [InlineData("2027-01-01", 12, "2026-11-02", 12)]
    // Past its payoff date: the rest is due now, as one payment.
    [InlineData("2010-01-01", 12, "2026-11-02", 1)]
    public void Remaining_payments_count_the_due_dates_after_today(string opened, int term, string today, int expected) =>
        Assert.Equal(expected, LoanEstimates.RemainingPayments(DateOnly.Parse(opened), term, DateOnly.Parse(today)));

    [Fact]
    public void The_annuity_matches_a_textbook_case_and_zero_rate_is_straight_line()
    {
        // 200000 at 6 % over 360 months: the textbook 1199.10.
        Assert.Equal(1199.10m, decimal.Round(LoanEstimates.MonthlyPayment(200000m, 6m, 360), 2));
        Assert.Equal(100m, LoanEstimates.MonthlyPayment(1200m, 0m, 12));
        // n = 1: the whole amount plus one month's interest, 1000 × (1 + 0.12/12) = 1010.
        Assert.Equal(1010m, LoanEstimates.MonthlyPayment(1000m, 12m, 1));
    }

    [Fact]
    public void An_absurd_term_at_a_high_rate_does_not_overflow_and_leaves_only_the_interest()
    {
        // (1 + 0.25)^100000 is far beyond decimal: the payment tends to L·r = 1000 × 0.25.
        Assert.Equal(250m, LoanEstimates.MonthlyPayment(1000m, 300m, 100_000));
    }
}
