using System.Globalization;
using LeafyBank.Web.Components.Pages.Ledger;

namespace LeafyBank.Web.Endpoints;

/// <summary>
/// The downloaded ledger receipt (GDPR access), in the customer's words: a person or their lawyer reads it without
/// Leafy Bank's code, so every value is words, a date or the bank's own reference — never a stored kind's code, an
/// enum number or an internal id — and each entry says what the Ledger page says of it (<see cref="LedgerWords"/>,
/// <see cref="LedgerRow.ReadAsync"/>). Its shape is documented in <c>docs/data-model.md</c> and only ever grows:
/// every entry has every field, null where it does not apply. <see cref="FormatVersion"/> says which shape a file has.
/// </summary>
public sealed record LedgerReceipt(int FormatVersion, string About, string Customer, string GeneratedAt, IReadOnlyDictionary<string, string> Fields,
    IReadOnlyList<LedgerReceiptEntry> Entries)
{
    /// <summary>
    /// The receipt's shape, first in the file, so a program reading receipts kept over the years knows which fields to expect.
    /// Moved on by one whenever a field is added (fields are never removed or renamed); files made before 3 Dec 2026 carry none.
    /// </summary>
    public const int CurrentFormatVersion = 1;

    public const string AboutSentence =
        "Your Leafy Bank consent and access ledger: every consent you gave, renewed or ended at a bank, and every time Leafy Bank read a bank " +
        "for you, newest first, as the Ledger page shows them when this file was made (generatedAt), each one on its own: the page folds routine " +
        "upkeep (access key refreshes and successful data reads) into one line per bank, and this file lists every entry. Times are UTC (ISO 8601).";

    /// <summary>What each entry's field means, carried in the file itself so it reads without this documentation.</summary>
    public static readonly IReadOnlyDictionary<string, string> FieldGuide = new Dictionary<string, string>
    {
        ["at"] = "When it happened, in UTC (ISO 8601).",
        ["event"] = "What happened, as the Ledger page's Event column says it.",
        ["bank"] = "The bank it concerns, by name; null when it concerned no one bank (deleting all your linked data).",
        ["consentReference"] = "The bank's own reference for the consent: quote it when you write to that bank about this consent. Null when no consent was involved.",
        ["outcome"] = "How it ended, as the Ledger page says it.",
        ["outcomeExplained"] = "What that outcome means, when the word alone would leave you guessing (a request still waiting at the bank, or left there); otherwise null.",
        ["details"] = "What Leafy Bank recorded at the time, in words.",
        ["shared"] = "For a consent given or renewed: the accounts and loans it shared, by name and masked number (for a renewal, also those it no longer shares); otherwise null.",
    };

    /// <summary><paramref name="customer"/>'s receipt of <paramref name="rows"/> (newest first), read as of <paramref name="generatedAt"/>.</summary>
    public static LedgerReceipt From(string customer, DateTime generatedAt, IReadOnlyList<LedgerRow> rows) =>
        new(CurrentFormatVersion, AboutSentence, customer, Iso(generatedAt), FieldGuide, [.. rows.Select(LedgerReceiptEntry.From)]);

    /// <summary>"2026-12-03T07:30:05Z": to the second, which is as close as any bank's records go, and unambiguous in every country.</summary>
    public static string Iso(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

/// <summary>One entry of the <see cref="LedgerReceipt"/>; its fields are explained in <see cref="LedgerReceipt.FieldGuide"/>.</summary>
public sealed partial record LedgerReceiptEntry(string At, string Event, string? Bank, string? ConsentReference, string Outcome, string? OutcomeExplained,
    string Details, string? Shared)
{
    public static LedgerReceiptEntry From(LedgerRow row) =>
        new(LedgerReceipt.Iso(row.At), LedgerWords.Event(row), row.Bank, row.ConsentId, LedgerWords.Outcome(row), Plain(row.OutcomeNote),
            Plain(row.Detail)!, Plain(row.SharedAccounts));

    /// <summary>
    /// The page's words with its no-break spaces ("•••• 1234" held together on a narrow screen) as plain spaces: a file does
    /// not wrap, and JSON would write each one as "\u00A0", which a person opening the file cannot read past.
    /// </summary>
    private static string? Plain(string? words) => words is null ? null : NoBreakSpace().Replace(words, " ");

    [System.Text.RegularExpressions.GeneratedRegex(@"[\u00A0\u2007\u202F]")]
    private static partial System.Text.RegularExpressions.Regex NoBreakSpace();
}
