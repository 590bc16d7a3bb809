using LeafyBank.Core.Domain;
using MongoDB.Bson;

namespace LeafyBank.Core.Ledger;

/// <summary>
/// The one way the Ledger page and the ledger download read a customer's consent and access ledger
/// (<c>audit_events</c>, written by <see cref="Audit.AuditLedger"/>).
/// </summary>
public interface ILedgerQuery
{
    /// <summary>The customer's own entries only, newest first; entries of the same instant newest-written first.</summary>
    Task<IReadOnlyList<AuditEvent>> GetEntriesAsync(ObjectId ownerId, CancellationToken cancellationToken = default);
}
