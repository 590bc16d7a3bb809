using LeafyBank.Core.Banking;
using LeafyBank.Core.Domain;
using LeafyBank.Core.Ledger;
using MongoDB.Bson;

namespace LeafyBank.Web.Components.Pages.Ledger;

/// <summary>
/// One ledger entry as the page and the receipt show it, with the bank's name beside its id; plain values, so
/// the prerender can hand the rows to the interactive render. <paramref name="ConsentId"/> is the bank's own reference
/// for the consent (the receipt gives it, so the customer can quote it to their bank); <paramref name="Change"/> is what a renewal
/// changed in what is shared (<see cref="SharingChange"/>), which its title says.
/// </summary>
public sealed record LedgerRow(DateTime At, string Kind, string? BankId, string? Bank, string? ConsentId, string Outcome, string Detail,
    string? OutcomeNote = null, string? SharedAccounts = null, SharingChange? Change = null)
{
    /// <summary>
    /// A consent the customer did not approve at the bank (declined, or cancelled there: OAuth's <c>access_denied</c> is
    /// both): their choice, not a failure. <see cref="LedgerEntry"/> reads entries stored before that kind existed as it.
    /// </summary>
    public bool NotApprovedAtBank => Kind == AuditKinds.ConsentDeclined;

    /// <summary>Routine upkeep the page folds into one line per bank (<see cref="RoutineEntries"/>); the download lists it as any other.</summary>
    public bool IsRoutine => RoutineEntries.IsRoutine(Kind, Outcome);

    public static LedgerRow From(LedgerEntry entry, IReadOnlyDictionary<string, string> bankNames) =>
        new(entry.At, entry.Kind, entry.Bank, entry.Bank is { } id ? bankNames.GetValueOrDefault(id, id) : null, entry.ConsentId, entry.Outcome,
            entry.Detail, entry.OutcomeNote, entry.SharedAccounts, entry.Change);

    /// <summary>
    /// The customer's ledger as of <paramref name="asOf"/> (<see cref="ILedgerQuery"/>), with each bank named as the customer
    /// knows it (the directory's name; its id only when the directory cannot say). The page and the receipt both read
    /// through this, so they name every bank the same way.
    /// </summary>
    public static async Task<IReadOnlyList<LedgerRow>> ReadAsync(ILedgerQuery ledger, IBankDirectory directory, ObjectId ownerId, DateTime asOf,
        CancellationToken cancellationToken)
    {
        var entries = await ledger.GetEntriesAsync(ownerId, asOf, cancellationToken);
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var bankId in entries.Select(e => e.Bank).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase))
        {
            names[bankId] = await directory.NameOrIdAsync(bankId, cancellationToken);
        }
        return [.. entries.Select(e => From(e, names))];
    }
}

/// <summary>
/// What the ledger page read for the signed-in user, handed from the prerender to the interactive render;
/// <paramref name="NothingToDelete"/>: nothing from another bank is stored and no bank is linked; <paramref name="ReadAt"/>: when the
/// read began, so the interactive render's live subscription hears of a change made since (<c>PositionChangeNotifier.Subscribe</c>).
/// </summary>
public sealed record LedgerPageState(string SignedInAs, bool KnownCustomer, IReadOnlyList<LedgerRow> Rows, bool NothingToDelete, DateTime? ReadAt = null);
