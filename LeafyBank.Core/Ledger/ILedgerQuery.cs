using MongoDB.Bson;

namespace LeafyBank.Core.Ledger;

/// <summary>
/// The one way the Ledger page and the ledger download read a customer's consent and access ledger
/// (<c>audit_events</c>, written by <see cref="Audit.AuditLedger"/>), so both say the same.
/// </summary>
public interface ILedgerQuery
{
    /// <summary>
    /// The customer's own entries only, newest first; entries of the same instant newest-written first. Each outcome
    /// is read as of <paramref name="asOf"/> (<see cref="LedgerEntry.Read"/>): the caller's clock, so a page and a download
    /// say what was true when they were made.
    /// </summary>
    Task<IReadOnlyList<LedgerEntry>> GetEntriesAsync(ObjectId ownerId, DateTime asOf, CancellationToken cancellationToken = default);
}
