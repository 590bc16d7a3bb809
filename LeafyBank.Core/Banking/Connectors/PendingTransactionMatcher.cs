using LeafyBank.Core.Domain;

namespace LeafyBank.Core.Banking.Connectors;

/// <summary>
/// Banks book a pending payment under a new id and say nothing about the old one (Berlin Group
/// and UK Open Banking both allow that). This finds, for each newly booked transaction, the
/// pending one it replaces — same account, amount, currency, counterparty and original date —
/// and records its id in <see cref="ExternalTransaction.PendingTransactionId"/>, so the sync can
/// delete the pending copy instead of counting the payment twice.
/// <para>
/// A pending entry that came without any date (Berlin Group allows it; the connector dates it when it was read) cannot
/// match on its date: the booked copy carries the day the payment was made, before the pending one was last read. So a
/// booked transaction left unmatched then takes a pending one that is otherwise alike, no longer reported as pending,
/// and last dated on or up to <see cref="UndatedPendingDays"/> days after the booked one's date.
/// </para>
/// </summary>
public static class PendingTransactionMatcher
{
    /// <summary>How long after a payment its pending copy may have been last read (dated) and still be taken as it.</summary>
    public const int UndatedPendingDays = 7;

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
        var unmatched = new List<ExternalTransaction>();
        foreach (var booked in fetchedList.Where(t => t.BookingStatus == BookingStatuses.Booked && t.PendingTransactionId is null)
                     .OrderBy(t => t.TransactionId, StringComparer.Ordinal))
        {
            if (candidates.TryGetValue(Key(booked), out var queue) && queue.TryDequeue(out var pending))
            {
                Link(booked, pending);
            }
            else
            {
                unmatched.Add(booked);
            }
        }

        // Second pass, once every exact match is taken: a pending copy dated when it was read (see the summary).
        var left = candidates.Values.SelectMany(queue => queue).ToList();
        foreach (var booked in unmatched)
        {
            var day = Day(booked);
            var pending = left
                .Where(p => Alike(p, booked) && Day(p) >= day && Day(p) <= day.AddDays(UndatedPendingDays))
                .OrderBy(Day).ThenBy(p => p.TransactionId, StringComparer.Ordinal)
                .FirstOrDefault();
            if (pending is not null)
            {
                left.Remove(pending);
                Link(booked, pending);
            }
        }
        return replaced;

        void Link(ExternalTransaction booked, ExternalTransaction pending)
        {
            booked.PendingTransactionId = pending.TransactionId;
            replaced.Add(pending);
        }
    }

    private static DateTime Day(ExternalTransaction t) => (t.ValueDate ?? t.BookingDate).Date;

    private static bool Alike(ExternalTransaction a, ExternalTransaction b) => Payment(a) == Payment(b);

    private static ((string Bank, string Account, decimal Amount, string Currency, string Merchant) Payment, DateTime Date) Key(ExternalTransaction t) =>
        (Payment(t), Day(t));

    /// <summary>What the pending and the booked copy of one payment share, apart from its date.</summary>
    private static (string Bank, string Account, decimal Amount, string Currency, string Merchant) Payment(ExternalTransaction t) =>
        (t.TransactionBank, t.AccountId, t.Amount, t.Currency, (t.Merchant ?? t.Description).Trim().ToUpperInvariant());
}
