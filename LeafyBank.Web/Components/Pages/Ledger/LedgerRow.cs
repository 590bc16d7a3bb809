using LeafyBank.Core.Domain;

namespace LeafyBank.Web.Components.Pages.Ledger;

/// <summary>
/// One ledger entry as the page shows it, with the bank's name instead of its id; plain values, so
/// the prerender can hand the rows to the interactive render.
/// </summary>
public sealed record LedgerRow(DateTime At, string Kind, string? Bank, string Outcome, string Detail)
{
    public static LedgerRow From(AuditEvent entry, IReadOnlyDictionary<string, string> bankNames) =>
        new(entry.At, entry.Kind, entry.Bank is { } id ? bankNames.GetValueOrDefault(id, id) : null, entry.Outcome, entry.Detail);
}

/// <summary>What the ledger page read for the signed-in user, handed from the prerender to the interactive render.</summary>
public sealed record LedgerPageState(string SignedInAs, bool KnownCustomer, IReadOnlyList<LedgerRow> Rows);
