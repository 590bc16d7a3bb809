using LeafyBank.Core.Accounts;
using LeafyBank.Core.Domain;
using MongoDB.Bson;

namespace LeafyBank.Web.Components.Pages.Transactions;

/// <summary>
/// The accounts a customer's transactions belong to, named as every page names them ("Classic Current
/// Account •••• 0891"), never by the bank's internal id: read once, for the transactions page and its
/// CSV download alike, so the list on screen and the file say the same account.
/// </summary>
public sealed class TransactionAccountNames
{
    public static readonly TransactionAccountNames None = new([]);

    private readonly Dictionary<(string Bank, string AccountId), string> labels;

    private TransactionAccountNames(Dictionary<(string Bank, string AccountId), string> labels) => this.labels = labels;

    /// <summary>The customer's linked accounts, loans and mortgages by (bank, id).</summary>
    public static async Task<TransactionAccountNames> ReadAsync(IAccountsQuery accounts, ObjectId ownerId, CancellationToken cancellationToken)
    {
        var labels = new Dictionary<(string Bank, string AccountId), string>();
        foreach (var account in await accounts.GetLinkedAccountsAsync(ownerId, cancellationToken))
        {
            labels[(account.AccountBank, account.AccountId)] = AccountWords.Label(account);
        }
        foreach (var product in await accounts.GetProductsAsync(ownerId, cancellationToken))
        {
            labels[(product.ProductBank, product.ProductId)] = AccountWords.Label(product);
        }
        return new TransactionAccountNames(labels);
    }

    /// <summary>
    /// "Classic Current Account •••• 0891"; for an account the bank no longer lists (its transactions
    /// are kept) only its number is known: "Account •••• 0891".
    /// </summary>
    public string Label(string bank, string accountId) =>
        labels.TryGetValue((bank, accountId), out var label) ? label : AccountWords.Label(AccountWords.Type(""), AccountWords.Masked(accountId));

    /// <summary>"Thames Bank · Classic Current Account •••• 0891": the bank and the account in one line.</summary>
    public string BankAndLabel(string bank, string accountId) => $"{bank} · {Label(bank, accountId)}";
}
