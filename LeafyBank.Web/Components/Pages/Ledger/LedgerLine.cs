namespace LeafyBank.Web.Components.Pages.Ledger;

/// <summary>
/// One line of the Ledger page: an entry shown on its own, or a run of routine entries at one bank folded into one line
/// (<see cref="LedgerRow.IsRoutine"/>: access key refreshes and successful data reads), newest first, which the customer can open
/// to see each. <paramref name="Rows"/> is never empty; only a run of two or more folds.
/// </summary>
public sealed record LedgerLine(IReadOnlyList<LedgerRow> Rows)
{
    /// <summary>The line's newest entry: the one shown when the line does not fold.</summary>
    public LedgerRow Newest => Rows[0];

    /// <summary>The line's oldest entry.</summary>
    public LedgerRow Oldest => Rows[^1];

    /// <summary>Whether this line stands for several routine entries.</summary>
    public bool Folds => Rows.Count > 1;

    /// <summary>
    /// What identifies a folded line while the page is open: its bank and its first entry, which later entries (added at the top
    /// of the run) do not change, so a line the customer opened stays open when the page reads the ledger again.
    /// </summary>
    public string Key => $"{Newest.BankId}|{Oldest.At.Ticks}";

    /// <summary>How many of the line's entries are of <paramref name="kind"/>.</summary>
    public int CountOf(string kind) => Rows.Count(row => row.Kind == kind);

    /// <summary>
    /// <paramref name="rows"/> (newest first) as the page's lines, in the same order: each entry the customer acts on or should know
    /// about on its own line, and each bank's routine entries between two such entries of that bank folded into one line, placed
    /// where its newest entry is. Another bank's entry does not split a run (that bank's own entries are the customer's concern
    /// there); an entry that names no bank ("Delete all my linked data") splits every bank's run. A run of one is shown as itself.
    /// Every entry of <paramref name="rows"/> is in exactly one line.
    /// </summary>
    public static IReadOnlyList<LedgerLine> Fold(IEnumerable<LedgerRow> rows)
    {
        var lines = new List<List<LedgerRow>>();
        var open = new Dictionary<string, List<LedgerRow>>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows)
        {
            if (row.IsRoutine && row.BankId is { } routineBank)
            {
                if (!open.TryGetValue(routineBank, out var run))
                {
                    open[routineBank] = run = [];
                    lines.Add(run);
                }
                run.Add(row);
                continue;
            }
            if (row.BankId is { } bank)
            {
                open.Remove(bank);
            }
            else
            {
                open.Clear();
            }
            lines.Add([row]);
        }
        return [.. lines.Select(line => new LedgerLine(line))];
    }
}
