using LeafyBank.Core.Banking;
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
        AuditKinds.UnsharedDataRemoved => "Account data removed",
        AuditKinds.DataImported => "Data imported",
        AuditKinds.AccountsRefused => "Accounts refused (not in your name)",
        _ => kind,
    };

    /// <summary>
    /// What happened to <paramref name="row"/>, as the page's "Event" column says it: a renewal that shares more or less than
    /// the consent it replaced says both that it renewed and what changed ("Renewed, and sharing changed: no longer shares
    /// Instant Saver •••• 9907"), never a plain "Consent renewed", and never only "Sharing changed" above details that begin
    /// "Renewed…"; a renewal that changed nothing (or whose accounts Leafy Bank has not read yet) is a plain "Consent renewed".
    /// </summary>
    public static string Event(LedgerRow row) => row is { Kind: AuditKinds.ConsentRenewed, Change: { ChangesSharing: true } change }
        ? SharingChanged(change)
        : Event(row.Kind);

    /// <summary>
    /// A kind in the "Kind of event" filter: a renewal's entries are titled "Consent renewed" or "Renewed, and sharing changed: …"
    /// (<see cref="Event(LedgerRow)"/>), and the one choice finds both.
    /// </summary>
    public static string KindChoice(string kind) => kind == AuditKinds.ConsentRenewed ? "Consent renewed or sharing changed" : Event(kind);

    /// <summary>A title names at most this many items in a clause; more are counted (the entry's shared line names every one).</summary>
    private const int NamedInTitle = 2;

    private static string SharingChanged(SharingChange change)
    {
        var clauses = new List<string>();
        if (Items(change.DataAdded, change.NowShared) is { Length: > 0 } added)
        {
            clauses.Add($"now also shares {added}");
        }
        if (Items(change.DataDropped, change.NoLongerShared) is { Length: > 0 } dropped)
        {
            clauses.Add($"no longer shares {dropped}");
        }
        return "Renewed, and sharing changed: " + string.Join("; ", clauses);
    }

    // Kinds of data in words ("transactions"), then accounts by name, or counted when there are too many to read in a title.
    private static string Items(IReadOnlyList<string> data, IReadOnlyList<string> accounts) => CountWords.List(
    [
        .. data.Select(PermissionWords.Word),
        .. accounts.Count > NamedInTitle ? [CountWords.Count(accounts.Count, "account or loan", "accounts or loans")] : accounts,
    ]);

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

    /// <summary>
    /// What a folded line of routine entries stands for, counted by kind ("Routine: 12 access key refreshes", "Routine: 30 data reads
    /// and 12 access key refreshes"): every entry it folds is counted, so the line says exactly what opening it shows.
    /// </summary>
    public static string Event(LedgerLine line)
    {
        if (!line.Folds)
        {
            return Event(line.Newest);
        }
        var reads = line.CountOf(AuditKinds.DataPulled);
        var refreshes = line.CountOf(AuditKinds.AccessRefreshed);
        var others = line.Rows.Count - reads - refreshes;
        List<string> counts = [];
        if (reads > 0)
        {
            counts.Add(CountWords.Count(reads, "data read"));
        }
        if (refreshes > 0)
        {
            counts.Add(CountWords.Count(refreshes, "access key refresh", "access key refreshes"));
        }
        if (others > 0)
        {
            counts.Add(CountWords.Count(others, "other routine entry", "other routine entries"));
        }
        return "Routine: " + CountWords.List(counts);
    }

    /// <summary>What a folded line's entries did, in the words of the entries themselves, and that none of them needs the customer.</summary>
    public static string FoldedDetail(LedgerLine line)
    {
        var bank = line.Newest.Bank ?? "the bank";
        var reads = line.CountOf(AuditKinds.DataPulled) > 0;
        var refreshes = line.CountOf(AuditKinds.AccessRefreshed) > 0;
        List<string> sentences =
        [
            (reads, refreshes) switch
            {
                (true, true) => $"Leafy Bank updated your accounts at {bank} and swapped its short-lived access key there on its own; your consent and its end date did not change.",
                (true, false) => $"Leafy Bank updated your accounts at {bank} on its own.",
                _ => $"Leafy Bank swapped its short-lived access key at {bank} for a new one on its own; your consent and its end date did not change.",
            },
            "All succeeded: nothing here needs you.",
        ];
        return string.Join(" ", sentences);
    }

    /// <summary>
    /// What the page shows of how many entries ("42 entries: 6 shown one by one, 36 routine ones folded into 2 lines."), so the
    /// customer knows that nothing is left out and where the rest are. <paramref name="total"/> is every entry; with a search or a
    /// kind chosen, <paramref name="matching"/> says how many of them match.
    /// </summary>
    public static string Totals(int total, int matching, IReadOnlyList<LedgerLine> lines, bool unfolded)
    {
        var entries = matching == total
            ? CountWords.Count(total, "entry", "entries")
            : $"{matching} of {CountWords.Count(total, "entry", "entries")} match";
        var folded = lines.Where(line => line.Folds).ToList();
        if (folded.Count == 0)
        {
            return $"{entries}, each shown below.";
        }
        var routine = folded.Sum(line => line.Rows.Count);
        return unfolded
            ? $"{entries}, each shown below, {routine} of them routine."
            : $"{entries}: {matching - routine} shown one by one, {routine} routine ones folded into {CountWords.Count(folded.Count, "line")}.";
    }
}
