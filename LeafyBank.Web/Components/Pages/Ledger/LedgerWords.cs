using LeafyBank.Core.Domain;
using LeafyBank.Core.Ledger;

namespace LeafyBank.Web.Components.Pages.Ledger;

/// <summary>
/// The ledger's kinds and outcomes in the customer's words, in one place: the Ledger page and the downloaded receipt
/// (<see cref="Endpoints.LedgerReceipt"/>) must say the same of the same entry, so neither keeps words of its own.
/// </summary>
public static class LedgerWords
{
    /// <summary>What happened, as the page's "Event" column says it; a kind this code does not know yet is shown as stored rather than hidden.</summary>
    public static string Event(string kind) => kind switch
    {
        AuditKinds.ConsentRequested => "Consent requested",
        AuditKinds.ConsentGranted => "Consent granted",
        AuditKinds.ConsentRejected => "Consent not completed",
        AuditKinds.ConsentDeclined => "Consent not approved",
        AuditKinds.ConsentRenewed => "Consent renewed",
        AuditKinds.AccessRefreshed => "Access key refreshed",
        AuditKinds.ConsentRevoked => "Consent ended",
        AuditKinds.ConsentExpired => "Consent expired",
        AuditKinds.DataPulled => "Data read from the bank",
        AuditKinds.DataDeleted => "Bank data deleted",
        AuditKinds.DataImported => "Data imported",
        AuditKinds.AccountsRefused => "Accounts refused (not in your name)",
        _ => kind,
    };

    /// <summary>
    /// How it ended (a <see cref="LedgerOutcomes"/> value), as the page's outcome chip says it. A consent the customer did
    /// not approve at the bank (<paramref name="notApproved"/>) was their choice, said neutrally, not as a failure.
    /// </summary>
    public static string Outcome(string outcome, bool notApproved) => notApproved ? "Not approved" : outcome switch
    {
        LedgerOutcomes.Succeeded => "Succeeded",
        LedgerOutcomes.SentToBank => "Sent to the bank",
        LedgerOutcomes.AwaitingCustomer => "Waiting for you at the bank",
        LedgerOutcomes.NotFinished => "Not finished",
        _ => "Failed",
    };

    /// <summary>How <paramref name="row"/> ended, as the page's outcome chip says it.</summary>
    public static string Outcome(LedgerRow row) => Outcome(row.Outcome, row.NotApprovedAtBank);
}
