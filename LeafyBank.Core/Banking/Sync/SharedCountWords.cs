using LeafyBank.Core.Domain;

namespace LeafyBank.Core.Banking.Sync;

/// <summary>
/// What a sync brought, as the customer reads it (the sync's message, the result page): what arrived is counted, a kind
/// the bank sent none of is said as "no loans or mortgages were shared", and a kind the consent does not share is named as
/// not shared. None is ever counted as 0, which reads as a fault ("0 loans or mortgages" when the customer unticked every
/// loan at the bank, or holds none there: Leafy Bank cannot tell which, and the words are true for both).
/// </summary>
public static class SharedCountWords
{
    /// <summary>
    /// The counts of what arrived ("2 accounts and 1 loan or mortgage"; empty when nothing did) and, besides them, else null:
    /// what the bank sent none of although the consent shares it ("no transactions were shared") and what the consent leaves
    /// out ("balances are not shared"), in that order.
    /// </summary>
    /// <param name="permissions">The consent's <see cref="Consent.Permissions"/>.</param>
    /// <param name="transaction">The word for one transaction ("transaction", or "recent transaction" after the first sync).</param>
    public static (string Counted, string? Besides) Of(IReadOnlyCollection<string> permissions,
        int accounts, int products, int transactions, string transaction = "transaction")
    {
        var counted = new List<string>();
        var noneSent = new List<string>();
        void Add(long count, string one, string many)
        {
            if (count > 0)
            {
                counted.Add(CountWords.Count(count, one, many));
            }
            else
            {
                noneSent.Add($"no {many}");
            }
        }

        // Every consent shares accounts, so they are always counted or said to be none.
        Add(accounts, "account", "accounts");
        if (permissions.Contains(ConsentPermissions.Products))
        {
            Add(products, "loan or mortgage", "loans or mortgages");
        }
        if (permissions.Contains(ConsentPermissions.Transactions))
        {
            Add(transactions, transaction, transaction + "s");
        }

        var notShared = new List<string>();
        if (!permissions.Contains(ConsentPermissions.Transactions))
        {
            notShared.Add("transactions");
        }
        // Balances come with the accounts, so they have no count: only their absence is worth saying.
        if (!permissions.Contains(ConsentPermissions.Balances))
        {
            notShared.Add("balances");
        }
        // Last, as two names: "transactions, balances, loans and mortgages", not "… and loans and mortgages".
        if (!permissions.Contains(ConsentPermissions.Products))
        {
            notShared.AddRange(["loans", "mortgages"]);
        }

        var rest = new List<string>();
        if (noneSent.Count > 0)
        {
            rest.Add($"{CountWords.List(noneSent)} were shared");
        }
        if (notShared.Count > 0)
        {
            rest.Add($"{CountWords.List(notShared)} are not shared");
        }
        return (CountWords.List(counted), rest.Count == 0 ? null : string.Join(", and ", rest));
    }

    /// <summary>
    /// The counts and what is said besides them as one sentence's end: "2 accounts and 184 transactions; no loans or mortgages were shared";
    /// just the latter when nothing arrived ("no accounts were shared").
    /// </summary>
    public static string Sentence(IReadOnlyCollection<string> permissions, int accounts, int products, int transactions, string transaction = "transaction")
    {
        var (counted, rest) = Of(permissions, accounts, products, transactions, transaction);
        return rest is null ? counted
            : counted.Length == 0 ? rest
            : $"{counted}; {rest}";
    }

    /// <summary>
    /// The kind of data a step to "change what you share" should tick first: transactions, then balances, then loans and
    /// mortgages (the order a customer most misses them in); null when the consent shares them all.
    /// </summary>
    public static string? FirstNotShared(IReadOnlyCollection<string> permissions) =>
        new[] { ConsentPermissions.Transactions, ConsentPermissions.Balances, ConsentPermissions.Products }
            .FirstOrDefault(kind => !permissions.Contains(kind));
}
