using LeafyBank.Core.Domain;

namespace LeafyBank.Core.Ledger;

/// <summary>
/// Which ledger entries are routine upkeep that Leafy Bank does on its own and that never need the customer: a successful swap of
/// the short-lived access key (<see cref="AuditKinds.AccessRefreshed"/>, every few minutes at some banks) and a successful read of
/// a bank (<see cref="AuditKinds.DataPulled"/>). The Ledger page folds them into one line per bank, with a way to see each; everything
/// else (a consent given, renewed, changed or ended, data deleted, a failed refresh or read, and any kind this code does not know
/// yet) is shown one by one. The stored trail and the download keep every entry either way.
/// </summary>
public static class RoutineEntries
{
    /// <summary>Whether an entry of <paramref name="kind"/> that ended <paramref name="outcome"/> is routine upkeep.</summary>
    public static bool IsRoutine(string kind, string outcome) =>
        outcome == LedgerOutcomes.Succeeded && kind is AuditKinds.AccessRefreshed or AuditKinds.DataPulled;
}
