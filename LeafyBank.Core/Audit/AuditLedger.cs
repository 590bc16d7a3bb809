using LeafyBank.Core.Domain;
using LeafyBank.Core.Persistence;

namespace LeafyBank.Core.Audit;

/// <summary>
/// Writes the consent and access ledger (<c>audit_events</c>): one append-only entry per consent
/// event and data access, stamped with the time it happened. Details are plain words for the
/// customer and never carry a token or secret.
/// </summary>
public sealed class AuditLedger(IDocumentStore store, TimeProvider timeProvider)
{
    public Task RecordAsync(PartyReference customer, string kind, string? bankId, string? consentId, string outcome, string detail,
        CancellationToken cancellationToken = default) =>
        RecordAtAsync(timeProvider.GetUtcNow().UtcDateTime, customer, kind, bankId, consentId, outcome, detail, cancellationToken);

    /// <summary>The same, stamped with a given time (a batch, such as an import, shares one).</summary>
    public Task RecordAtAsync(DateTime at, PartyReference customer, string kind, string? bankId, string? consentId, string outcome, string detail,
        CancellationToken cancellationToken = default) =>
        store.Collection(OpenFinanceCollections.AuditEvents).InsertAsync(new AuditEvent
        {
            EventUser = customer,
            Kind = kind,
            Bank = bankId,
            ConsentId = consentId,
            At = at,
            Outcome = outcome,
            Detail = detail,
        }, cancellationToken);
}
