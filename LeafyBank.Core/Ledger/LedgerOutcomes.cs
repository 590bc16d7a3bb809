using LeafyBank.Core.Domain;

namespace LeafyBank.Core.Ledger;

/// <summary>
/// How a ledger entry ended, as the page and the download say it. A stored event records only
/// succeeded or failed (<see cref="AuditOutcomes"/>), which for a consent request means "the bank
/// created it and the customer was sent there": to a customer "succeeded" there reads as a linked bank.
/// So a request is read from what followed it instead (<see cref="LedgerEntry.Read"/>).
/// </summary>
public static class LedgerOutcomes
{
    public const string Succeeded = AuditOutcomes.Succeeded;

    public const string Failed = AuditOutcomes.Failed;

    /// <summary>A consent request the bank answered: the grant or the refusal is an entry of its own.</summary>
    public const string SentToBank = "sent-to-bank";

    /// <summary>A consent request the customer can still approve or decline at the bank.</summary>
    public const string AwaitingCustomer = "awaiting-customer";

    /// <summary>A consent request nobody answered while the attempt stayed open: left at the bank, nothing shared.</summary>
    public const string NotFinished = "not-finished";
}
