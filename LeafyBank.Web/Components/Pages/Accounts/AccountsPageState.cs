using LeafyBank.Web.Components.Pages.Dashboard;

namespace LeafyBank.Web.Components.Pages.Accounts;

/// <summary>
/// What the Accounts page read for the signed-in customer, handed from the prerender to the
/// interactive render (persistent component state) so the store is read once per visit and the
/// prerendered page already shows the accounts.
/// </summary>
/// <param name="SignedInAs">The user it was read for: the interactive render takes it only for the same user.</param>
/// <param name="KnownCustomer">Whether Leafy Bank has a customer for that user.</param>
public sealed record AccountsPageState(string SignedInAs, bool KnownCustomer, AccountsOverview? Overview);

/// <summary>
/// What one account's page read (the account, the base currency and its latest transactions), handed
/// from the prerender to the interactive render for the same user and the same address.
/// </summary>
public sealed record AccountPageState(
    string SignedInAs,
    string Bank,
    string AccountId,
    string? Currency,
    AccountRow? Row,
    IReadOnlyList<TransactionRow> Transactions,
    long TransactionTotal);
