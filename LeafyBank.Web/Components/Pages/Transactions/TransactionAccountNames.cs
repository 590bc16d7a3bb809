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
    public static readonly TransactionAccountNames None = new([]);

    private readonly Dictionary<(string Bank, string AccountId), (string Label, string Reference)> accounts;

    private TransactionAccountNames(Dictionary<(string Bank, string AccountId), (string Label, string Reference)> accounts) => this.accounts = accounts;

    /// <summary>The customer's linked accounts, loans and mortgages by (bank, id).</summary>
    public static async Task<TransactionAccountNames> ReadAsync(IAccountsQuery accounts, ObjectId ownerId, CancellationToken cancellationToken)
    {
        var known = await ReadAccountsAsync(accounts, ownerId, cancellationToken);
        foreach (var product in await accounts.GetProductsAsync(ownerId, cancellationToken))
        {
            known.accounts[(product.ProductBank, product.ProductId)] = (AccountWords.Label(product), product.Id.ToString());
        }
        return known;
    }

    /// <summary>The customer's linked accounts only, in one read: enough to link transactions to their accounts' pages (the dashboard's few).</summary>
    public static async Task<TransactionAccountNames> ReadAccountsAsync(IAccountsQuery accounts, ObjectId ownerId, CancellationToken cancellationToken)
    {
        var known = new Dictionary<(string Bank, string AccountId), (string Label, string Reference)>();
        foreach (var account in await accounts.GetLinkedAccountsAsync(ownerId, cancellationToken))
        {
            known[(account.AccountBank, account.AccountId)] = (AccountWords.Label(account), account.Id.ToString());
        }
        return new TransactionAccountNames(known);
    }

    /// <summary>
    /// "Classic Current Account •••• 0891"; for an account the bank no longer lists (its transactions
    /// are kept) only its number is known: "Account •••• 0891".
    /// </summary>
    public string Label(string bank, string accountId) =>
        accounts.TryGetValue((bank, accountId), out var account) ? account.Label : AccountWords.Label(AccountWords.Type(""), AccountWords.Masked(accountId));

    /// <summary>"Thames Bank · Classic Current Account •••• 0891": the bank and the account in one line.</summary>
    public string BankAndLabel(string bank, string accountId) => $"{bank} · {Label(bank, accountId)}";

    /// <summary>The transaction as the pages list it, linked to its account's page when the bank still lists the account.</summary>
    public TransactionRow Row(ExternalTransaction transaction) =>
        TransactionRow.From(transaction, accounts.TryGetValue((transaction.TransactionBank, transaction.AccountId), out var account) ? account.Reference : null);
}
