using LeafyBank.Core.Persistence;
using MongoDB.Bson;

namespace LeafyBank.Core.Ledger;

/// <summary><see cref="ILedgerQuery"/> over the owner-scoped <c>audit_events</c>, the same code for both engines.</summary>
public sealed class LedgerQuery(IDocumentStore store) : ILedgerQuery
{
    public async Task<IReadOnlyList<LedgerEntry>> GetEntriesAsync(ObjectId ownerId, DateTime asOf, CancellationToken cancellationToken = default)
    {
        var events = await store.Collection(OpenFinanceCollections.AuditEvents).FindAsync(ownerId, cancellationToken: cancellationToken);
        // Consents outlive "Delete all my linked data", so a grant still names what it shared after the accounts are erased. All of
        // them (a customer has a handful): a renewal is compared with the consent it replaced, whose accounts may never have been read.
        var consents = await store.Collection(OpenFinanceCollections.Consents).FindAsync(ownerId, cancellationToken: cancellationToken);
        return LedgerEntry.Read([.. events
            .OrderByDescending(e => e.At)
            // Entries written in the same instant (an erase records several) keep the order they were written in.
            .ThenByDescending(e => e.Id)], asOf, consents);
    }
}
