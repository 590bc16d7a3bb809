using LeafyBank.Core.Domain;

namespace LeafyBank.Core.Banking.Connectors;

/// <summary>
/// Banks book a pending payment under a new id and say nothing about the old one (Berlin Group
/// and UK Open Banking both allow that). This finds, for each newly booked transaction, the
/// pending one it replaces — same account, amount, currency, counterparty and original date —
/// and records its id in <see cref="ExternalTransaction.PendingTransactionId"/>, so the sync can
/// delete the pending copy instead of counting the payment twice.
/// </summary>
public static class PendingTransactionMatcher
{
    /// <param name="knownPending">Pending transactions stored from earlier syncs.</param>
    /// <param name="fetched">This sync's transactions; booked ones that match get their link set.</param>
    /// <returns>The pending transactions that were booked (to be removed).</returns>
    public static IReadOnlyList<ExternalTransaction> LinkBooked(IEnumerable<ExternalTransaction> knownPending, IEnumerable<ExternalTransaction> fetched)
    {
        var fetchedList = fetched.ToList();
        var stillPending = fetchedList.Where(t => t.BookingStatus == BookingStatuses.Pending).Select(t => t.TransactionId).ToHashSet();
        // A pending id the bank still reports as pending has not been booked yet.
        var candidates = knownPending
            .Where(t => t.BookingStatus == BookingStatuses.Pending && !stillPending.Contains(t.TransactionId))
            .GroupBy(Key)
            .ToDictionary(group => group.Key, group => new Queue<ExternalTransaction>(group.OrderBy(t => t.TransactionId, StringComparer.Ordinal)));

        var replaced = new List<ExternalTransaction>();
        foreach (var booked in fetchedList.Where(t => t.BookingStatus == BookingStatuses.Booked && t.PendingTransactionId is null)
                     .OrderBy(t => t.TransactionId, StringComparer.Ordinal))
        {
            if (candidates.TryGetValue(Key(booked), out var queue) && queue.TryDequeue(out var pending))
            {
                booked.PendingTransactionId = pending.TransactionId;
                replaced.Add(pending);
            }
        }
        return replaced;
    }

    private static (string Bank, string Account, decimal Amount, string Currency, string Merchant, DateTime Date) Key(ExternalTransaction t) =>
        (t.TransactionBank, t.AccountId, t.Amount, t.Currency, (t.Merchant ?? t.Description).Trim().ToUpperInvariant(), (t.ValueDate ?? t.BookingDate).Date);
}
