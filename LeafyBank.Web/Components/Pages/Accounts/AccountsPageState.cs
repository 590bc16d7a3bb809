using LeafyBank.Web.Components.Pages.Dashboard;

namespace LeafyBank.Web.Components.Pages.Accounts;

/// <summary>
/// What the Accounts page read for the signed-in customer, handed from the prerender to the
/// interactive render (persistent component state) so the store is read once per visit and the
/// prerendered page already shows the accounts.
/// </summary>
/// <param name="SignedInAs">The user it was read for: the interactive render takes it only for the same user.</param>
/// <param name="KnownCustomer">Whether Leafy Bank has a customer for that user.</param>
/// <param name="ReadAt">When the prerender started reading: the live page asks what changed since (catch-up).</param>
public sealed record AccountsPageState(string SignedInAs, bool KnownCustomer, AccountsOverview? Overview, DateTime? ReadAt = null);

/// <summary>
/// What one account's page read (the account, the base currency, its latest transactions and its
/// bank's state), handed from the prerender to the interactive render for the same user and the same address.
/// </summary>
/// <param name="Address">The account part of the page's address (its reference, or the older bank and id).</param>
/// <param name="Source">The account's bank as the dashboard's sources read it (whether Leafy Bank still updates it); null for Leafy Bank's own.</param>
/// <param name="Freshness">How current the balance is, as the Accounts page heads its bank.</param>
/// <param name="ReadAt">When the prerender started reading: the live page asks what changed since (catch-up).</param>
public sealed record AccountPageState(
    string SignedInAs,
    string Address,
    string? Currency,
    AccountRow? Row,
    IReadOnlyList<TransactionRow> Transactions,
    long TransactionTotal,
    BankSource? Source,
    FreshnessView? Freshness,
    DateTime? ReadAt = null);
