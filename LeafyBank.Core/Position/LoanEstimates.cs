namespace LeafyBank.Core.Position;

/// <summary>
/// The figures a loan's bank may not state but that follow from what it did state: the
/// payments still due, the estimated monthly payment and the payoff date. Nothing here is
/// called when an input is missing; the position then says what was not reported.
/// </summary>
public static class LoanEstimates
{
    /// <summary>The payment method in words, for the page that shows the figure.</summary>
    public const string PaymentMethod =
        "Estimated monthly payment by the standard annuity formula P = L·r / (1 − (1 + r)^−n): L is the outstanding " +
        "amount the bank reports, r the yearly interest rate ÷ 12 ÷ 100, and n the monthly payments still due " +
        "(due dates are the opening date plus 1, 2, … term months; those after today count, at least one; for a loan the bank " +
        "no longer shares, those after the day it was last read, as the amount is from that day). " +
        "At a 0 % rate P = L / n. The payoff date is the opening date plus the term. An estimate, not the bank's schedule; " +
        "in the loan's own currency. When the bank did not report the rate, the term or the opening date, no estimate is made.";

    /// <summary>The opening date plus the term.</summary>
    public static DateOnly PayoffDate(DateOnly openingDate, int termMonths) => openingDate.AddMonths(termMonths);

    /// <summary>
    /// Monthly due dates are <paramref name="openingDate"/> + k months, k = 1…term; those after
    /// <paramref name="today"/> are still due. At least one: an overdue loan is due in full now.
    /// </summary>
    public static int RemainingPayments(DateOnly openingDate, int termMonths, DateOnly today)
    {
        var elapsed = (today.Year - openingDate.Year) * 12 + today.Month - openingDate.Month;
        if (elapsed > 0 && openingDate.AddMonths(elapsed) > today)
        {
            elapsed--;
        }
        elapsed = Math.Clamp(elapsed, 0, termMonths);
        return Math.Max(1, termMonths - elapsed);
    }

    /// <summary>P = L·r / (1 − (1 + r)^−n) with r = rate ÷ 12 ÷ 100; L / n at a 0 % rate. Unrounded.</summary>
    public static decimal MonthlyPayment(decimal outstanding, decimal yearlyRatePercent, int payments)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(payments, 1);
        if (yearlyRatePercent == 0m)
        {
            return outstanding / payments;
        }
        var r = yearlyRatePercent / 12m / 100m;
        // (1 + r)^−n = 1 / growth; written as L·r·growth / (growth − 1) to stay in decimal arithmetic.
        var growth = Power(1m + r, payments);
        if (growth is null)
        {
            // (1 + r)^n beyond 10^20: (1 + r)^−n is below decimal's resolution for money; only interest remains.
            return outstanding * r;
        }
        if (growth.Value == 1m)
        {
            return outstanding / payments;
        }
        return outstanding * r * growth.Value / (growth.Value - 1m);
    }

    /// <summary>x^n by squaring, exact to decimal's precision; null once it would exceed 10^20 (never overflows).</summary>
    private static decimal? Power(decimal x, int n)
    {
        const decimal Limit = 1e20m;
        const decimal SquareLimit = 1e10m;
        var result = 1m;
        var factor = x;
        while (n > 0)
        {
            if ((n & 1) == 1)
            {
                if (Math.Abs(factor) > 1m && Math.Abs(result) > Limit / Math.Abs(factor))
                {
                    return null;
                }
                result *= factor;
            }
            n >>= 1;
            if (n > 0)
            {
                if (Math.Abs(factor) > SquareLimit)
                {
                    // Another factor of at least factor² > 10^20 is still to come.
                    return null;
                }
                factor *= factor;
            }
        }
        return result;
    }
}
