using LeafyBank.Core.Accounts;
using LeafyBank.Core.Domain;
using LeafyBank.Web.Components.Pages.Dashboard;
using MongoDB.Bson;

namespace LeafyBank.Web.Components.Pages.Transactions;

/// <summary>
/// The accounts a customer's transactions belong to, named as every page names them ("Classic Current
/// Account •••• 0891"), never by the bank's internal id: read once, for the transactions page and its
/// CSV download alike, so the list on screen and the file say the same account. Each also has its page's
/// reference (the stored document's id), so a transaction links to its account without the bank's id
/// for it, which at some banks is the full account number, in the address.
/// </summary>
public sealed class TransactionAccountNames
{
    public static readonly TransactionAccountNames None = new();

    private readonly Dictionary<(string Bank, string AccountId), (string Label, string Reference)> accounts = [];
    private readonly Dictionary<string, (string Bank, string AccountId)> byReference = new(StringComparer.Ordinal);

    /// <summary>The accounts and loans their bank no longer shares (the customer unticked them there): their transactions stay, as read.</summary>
    private readonly HashSet<(string Bank, string AccountId)> noLongerShared = [];

    private TransactionAccountNames()
    {
    }

    /// <summary>The customer's linked accounts, loans and mortgages by (bank, id).</summary>
    public static async Task<TransactionAccountNames> ReadAsync(IAccountsQuery accounts, ObjectId ownerId, CancellationToken cancellationToken)
    {
        var known = await ReadAccountsAsync(accounts, ownerId, cancellationToken);
        foreach (var product in await accounts.GetProductsAsync(ownerId, cancellationToken))
        {
            known.Add(product.ProductBank, product.ProductId, AccountWords.Label(product), product.Id, product.NoLongerSharedSince is not null);
        }
        return known;
    }

    /// <summary>The customer's linked accounts only, in one read: enough to link transactions to their accounts' pages (the dashboard's few).</summary>
    public static async Task<TransactionAccountNames> ReadAccountsAsync(IAccountsQuery accounts, ObjectId ownerId, CancellationToken cancellationToken)
    {
        var known = new TransactionAccountNames();
        foreach (var account in await accounts.GetLinkedAccountsAsync(ownerId, cancellationToken))
        {
            known.Add(account.AccountBank, account.AccountId, AccountWords.Label(account), account.Id, account.NoLongerSharedSince is not null);
        }
        return known;
    }

    private void Add(string bank, string accountId, string label, ObjectId reference, bool notShared)
    {
        accounts[(bank, accountId)] = (label, reference.ToString());
        byReference[reference.ToString()] = (bank, accountId);
        if (notShared)
        {
            noLongerShared.Add((bank, accountId));
        }
    }

    /// <summary>
    /// What a transactions address's <c>account=</c> holds for this account: its reference, or, for an account the bank no
    /// longer lists (its transactions are kept), the bank's id for it, the only name left.
    /// </summary>
    public string AddressValue(string bank, string accountId) => accounts.TryGetValue((bank, accountId), out var account) ? account.Reference : accountId;

    /// <summary>Whether a transactions address's <c>account=</c> value is the reference of one of the customer's accounts.</summary>
    public bool Knows(string addressValue) => byReference.ContainsKey(addressValue);

    /// <summary>
    /// The bank and the bank's id of the account a transactions address names: by its reference, as every link has it;
    /// a value that is no reference of the customer's is taken as the bank's id itself (an account the bank no longer
    /// lists, or a link made before references), with no bank of its own.
    /// </summary>
    public (string? Bank, string AccountId) AccountOf(string addressValue) =>
        byReference.TryGetValue(addressValue, out var account) ? account : (null, addressValue);

    /// <summary>
    /// "Classic Current Account •••• 0891"; for an account the bank no longer lists (its transactions
    /// are kept) only its number is known: "Account •••• 0891".
    /// </summary>
    public string Label(string bank, string accountId) =>
        accounts.TryGetValue((bank, accountId), out var account) ? account.Label : AccountWords.Label(AccountWords.Type(""), AccountWords.Masked(accountId));

    /// <summary>
    /// "Thames Bank · Classic Current Account •••• 0891": the bank and the account in one line; one the bank no longer shares
    /// says so ("… •••• 9907 · no longer shared"), so its kept payments are not taken for a live account's.
    /// </summary>
    public string BankAndLabel(string bank, string accountId) =>
        // An account named only in an address (no bank of its own) is not given an empty bank in front of it.
        (bank.Length == 0 ? "" : $"{bank} · ") + Label(bank, accountId) + (noLongerShared.Contains((bank, accountId)) ? " · no longer shared" : "");

    /// <summary>The transaction as the pages list it, linked to its account's page when the bank still lists the account.</summary>
    public TransactionRow Row(ExternalTransaction transaction) =>
        TransactionRow.From(transaction, accounts.TryGetValue((transaction.TransactionBank, transaction.AccountId), out var account) ? account.Reference : null);
}
