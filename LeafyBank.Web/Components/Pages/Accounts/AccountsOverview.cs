using LeafyBank.Core.Position;
using LeafyBank.Web.Components.Pages.Dashboard;

namespace LeafyBank.Web.Components.Pages.Accounts;

/// <summary>
/// Every account and loan of one customer, grouped by institution (Leafy Bank first, then the
/// linked banks by name), with the figures in the customer's base currency <see cref="Currency"/>:
/// the totals and each institution's subtotal are the global position's, as the dashboard shows them.
/// </summary>
public sealed record AccountsOverview(string Currency, IReadOnlyList<InstitutionAccounts> Institutions, GlobalPosition Position)
{
    public bool HasLinkedBanks => Institutions.Any(i => !i.Internal);

    /// <summary>
    /// The linked banks' connections (Core's one lifecycle), read beside the position for the page
    /// that lists the banks; null when not read or when they could not be read.
    /// </summary>
    public IReadOnlyList<BankConnection>? Connections { get; init; }

    public bool IsEmpty => Institutions.Count == 0;

    /// <summary>Whether the totals hold any converted amount, and so are approximate in <see cref="Currency"/>.</summary>
    public bool TotalsConverted => BalanceConverted || DebtConverted;

    /// <summary>
    /// Whether "What you have" holds a converted amount. Each side is marked on its own: a loan in another currency makes
    /// the debt approximate, not the balances.
    /// </summary>
    public bool BalanceConverted => Institutions.Any(i => i.IsConverted(Currency, loans: false));

    /// <summary>Whether "What you owe" holds a converted amount.</summary>
    public bool DebtConverted => Institutions.Any(i => i.IsConverted(Currency, loans: true));

    /// <summary>Whether some account or loan is listed but counted in no total (closed, or no longer active).</summary>
    public bool ListsUncounted => Institutions.Any(i => i.Rows.Any(r => !r.CountsInTotals));

    /// <summary>How current one institution's figures are: Leafy Bank's live, a linked bank's read against its connection.</summary>
    public FreshnessView FreshnessOf(string bank, bool isInternal, DateTime now, TimeZoneInfo? zone) => isInternal
        ? FreshnessView.For(Position, bank, true, now, zone)
        : FreshnessView.ForLinked(Position, bank, BankConnection.Of(Connections, bank), now, zone);

    /// <summary>How current one account or loan is: its bank's freshness, or, when the bank no longer shares it, that instead.</summary>
    public FreshnessView FreshnessOf(AccountRow row, DateTime now, TimeZoneInfo? zone) =>
        FreshnessView.ForRow(FreshnessOf(row.Bank, row.Internal, now, zone), row.Bank, row.NoLongerSharedSince, row.RetrievedAt, now, zone);

    /// <summary>One account or loan by its stored document's id, as the account page's address has it.</summary>
    public AccountRow? Find(string reference) =>
        Institutions.SelectMany(i => i.Rows).FirstOrDefault(r => string.Equals(r.Reference, reference, StringComparison.Ordinal));

    /// <summary>One account or loan by the bank's name and the bank's id for it, as the account page's address had them before.</summary>
    public AccountRow? Find(string bank, string id) =>
        Institutions.Where(i => string.Equals(i.Bank, bank, StringComparison.Ordinal))
            .SelectMany(i => i.Rows)
            .FirstOrDefault(r => string.Equals(r.Id, id, StringComparison.Ordinal));
}

/// <summary>One institution's accounts and loans, and how current its figures are.</summary>
public sealed record InstitutionAccounts(string Bank, bool Internal, IReadOnlyList<AccountRow> Rows)
{
    /// <summary>
    /// What the global position counts at this institution, in the base currency: the dashboard's own subtotal (each amount
    /// converted, then added, then rounded), not a sum of the rounded lines. Null when the position counts nothing here
    /// (only closed accounts or repaid loans).
    /// </summary>
    public InstitutionPosition? Totals { get; init; }

    /// <summary>
    /// Whether an amount in <see cref="Totals"/> was converted into <paramref name="baseCurrency"/>, among the loans or the
    /// accounts (<paramref name="loans"/>): that side of the subtotal is then approximate.
    /// </summary>
    public bool IsConverted(string baseCurrency, bool loans) =>
        Rows.Any(r => r.IsLoan == loans && r.CountsInTotals && r.AmountInBase is not null && r.IsConvertedTo(baseCurrency));

    /// <summary>
    /// The bank shares no balance of any account counted here: <see cref="Totals"/>' 0 is none known, and the page says so
    /// instead of the amount.
    /// </summary>
    public bool NoBalanceKnown => Totals is { } totals && BalanceSharingWords.NoBalanceKnown(totals);

    /// <summary>Whether an amount here has no rate to the base currency, so <see cref="Totals"/> leaves it out.</summary>
    public bool LeavesOutUnconverted => Rows.Any(r => r.CountsInTotals && r.AmountInBase is null);
}
