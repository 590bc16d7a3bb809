using LeafyBank.Core.Domain;
using LeafyBank.Core.Ledger;

namespace LeafyBank.Web.Components.Pages.Ledger;

/// <summary>
/// One ledger entry as the page shows it, with the bank's name instead of its id; plain values, so
/// the prerender can hand the rows to the interactive render.
/// </summary>
public sealed record LedgerRow(DateTime At, string Kind, string? Bank, string Outcome, string Detail, string? OutcomeNote = null, string? SharedAccounts = null)
{
    /// <summary>
    /// A consent the customer did not approve at the bank (declined, or cancelled there: OAuth's <c>access_denied</c> is
    /// both): their choice, not a failure. <see cref="LedgerEntry"/> reads entries stored before that kind existed as it.
    /// </summary>
    public bool NotApprovedAtBank => Kind == AuditKinds.ConsentDeclined;

    public static LedgerRow From(LedgerEntry entry, IReadOnlyDictionary<string, string> bankNames) =>
        new(entry.At, entry.Kind, entry.Bank is { } id ? bankNames.GetValueOrDefault(id, id) : null, entry.Outcome, entry.Detail, entry.OutcomeNote,
            entry.SharedAccounts);
}

/// <summary>
/// What the ledger page read for the signed-in user, handed from the prerender to the interactive render;
/// <paramref name="NothingToDelete"/>: nothing from another bank is stored and no bank is linked.
/// </summary>
public sealed record LedgerPageState(string SignedInAs, bool KnownCustomer, IReadOnlyList<LedgerRow> Rows, bool NothingToDelete);
