using LeafyBank.Core.Domain;
using LeafyBank.Core.Ledger;

namespace LeafyBank.Web.Components.Pages.Ledger;

/// <summary>
/// One ledger entry as the page shows it, with the bank's name instead of its id; plain values, so
/// the prerender can hand the rows to the interactive render.
/// </summary>
public sealed partial record LedgerRow(DateTime At, string Kind, string? Bank, string Outcome, string Detail, string? OutcomeNote = null, string? SharedAccounts = null)
{
    /// <summary>
    /// A consent the customer did not approve at the bank (declined, or cancelled there: OAuth's <c>access_denied</c> is
    /// both): their choice, not a failure. Core stores it as a failed <see cref="AuditKinds.ConsentRejected"/>, like a bank
    /// error or an approval that came too late, and only its detail says which; these are the words
    /// <c>ConnectionService</c> writes for it, now and (before 1 Dec 2026) "Declined at the bank.".
    /// </summary>
    public bool NotApprovedAtBank => Kind == AuditKinds.ConsentRejected && NotApprovedDetail().IsMatch(Detail);

    [System.Text.RegularExpressions.GeneratedRegex(@"^(Not approved at .+: declined or cancelled there\.|Declined at the bank\.)$")]
    private static partial System.Text.RegularExpressions.Regex NotApprovedDetail();

    public static LedgerRow From(LedgerEntry entry, IReadOnlyDictionary<string, string> bankNames) =>
        new(entry.At, entry.Kind, entry.Bank is { } id ? bankNames.GetValueOrDefault(id, id) : null, entry.Outcome, entry.Detail, entry.OutcomeNote,
            entry.SharedAccounts);
}

/// <summary>
/// What the ledger page read for the signed-in user, handed from the prerender to the interactive render;
/// <paramref name="NothingToDelete"/>: nothing from another bank is stored and no bank is linked.
/// </summary>
public sealed record LedgerPageState(string SignedInAs, bool KnownCustomer, IReadOnlyList<LedgerRow> Rows, bool NothingToDelete);
