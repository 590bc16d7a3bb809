namespace LeafyBank.Tests.Sandbox.Data;

/// <summary>
/// Arranges an instant at which the banks' books show what a test needs. The books move with the
/// clock (payments of the last two days are pending), so "Frida has a pending payment at Green
/// Bank" holds at some instants and not at others; a test that needs it starts its clock at the
/// first such instant instead of hoping the run's instant is one.
/// </summary>
public static class SandboxInstants
{
    /// <summary>How far ahead <see cref="FirstWithPending"/> looks; the sweep in <see cref="SandboxBooksOverAYearTests"/> proves it is enough.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromDays(7);

    private static readonly TimeSpan Step = TimeSpan.FromMinutes(30);

    /// <summary>
    /// The first instant at or after <paramref name="from"/> (in half-hour steps) at which every
    /// (bank, customer) pair has at least one pending payment, and which stays so for
    /// <paramref name="margin"/> so a test that runs for a while keeps it.
    /// </summary>
    public static DateTimeOffset FirstWithPending(DateTimeOffset from, TimeSpan margin, params (string BankId, string CustomerId)[] who)
    {
        for (var at = from; at - from <= Horizon; at += Step)
        {
            if (who.All(pair => HasPending(at, pair.BankId, pair.CustomerId) && HasPending(at + margin, pair.BankId, pair.CustomerId)))
            {
                return at;
            }
        }
        throw new InvalidOperationException($"No instant within {Horizon.TotalDays} days of {from:O} has a pending payment for {string.Join(", ", who)}.");
    }

    /// <summary>Whether the customer's checking account at the bank (their first account) shows a pending payment at <paramref name="at"/>.</summary>
    public static bool HasPending(DateTimeOffset at, string bankId, string customerId)
    {
        var books = new SandboxBankData(new FakeTimeProvider(at));
        var bank = SandboxBankCatalog.Find(bankId) ?? throw new ArgumentOutOfRangeException(nameof(bankId), bankId, "not a sandbox bank");
        var checking = books.Customer(bank, customerId)!.Accounts.First(account => account.Kind == SandboxAccountKind.Checking);
        // Only the last days can be pending: reading just those keeps a sweep over a year cheap.
        var since = DateOnly.FromDateTime(at.UtcDateTime).AddDays(-SandboxBankData.PendingDays);
        return books.Transactions(bank, customerId, checking.Id, since).Any(t => t.IsPending);
    }
}
