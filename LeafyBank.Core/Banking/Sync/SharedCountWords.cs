using LeafyBank.Core.Domain;

namespace LeafyBank.Core.Banking.Sync;

/// <summary>
/// What a sync brought, as the customer reads it (the sync's message, the result page): a kind of data the consent
/// does not share is named as not shared, never counted as 0, which would read as "the bank had none" or as a fault.
/// </summary>
public static class SharedCountWords
{
    /// <summary>
    /// The counts of what is shared ("2 accounts and 1 loan or mortgage") and, when the consent leaves something out,
    /// the clause that says so ("transactions and balances are not shared"), else null. Accounts are always counted:
    /// every consent shares them.
    /// </summary>
    /// <param name="permissions">The consent's <see cref="Consent.Permissions"/>.</param>
    /// <param name="transaction">The word for one transaction ("transaction", or "recent transaction" after the first sync).</param>
    public static (string Counted, string? NotShared) Of(IReadOnlyCollection<string> permissions,
        int accounts, int products, int transactions, string transaction = "transaction")
    {
        var counted = new List<string> { CountWords.Count(accounts, "account") };
        var notShared = new List<string>();
        if (permissions.Contains(ConsentPermissions.Products))
        {
            counted.Add(CountWords.LoansOrMortgages(products));
        }
        if (permissions.Contains(ConsentPermissions.Transactions))
        {
            counted.Add(CountWords.Count(transactions, transaction));
        }
        else
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
        return (CountWords.List(counted), notShared.Count == 0 ? null : $"{CountWords.List(notShared)} are not shared");
    }

    /// <summary>The counts and what is not shared as one sentence's end: "2 accounts and 1 loan or mortgage; transactions are not shared".</summary>
    public static string Sentence(IReadOnlyCollection<string> permissions, int accounts, int products, int transactions, string transaction = "transaction")
    {
        var (counted, notShared) = Of(permissions, accounts, products, transactions, transaction);
        return notShared is null ? counted : $"{counted}; {notShared}";
    }

    /// <summary>
    /// The kind of data a step to "change what you share" should tick first: transactions, then balances, then loans and
    /// mortgages (the order a customer most misses them in); null when the consent shares them all.
    /// </summary>
    public static string? FirstNotShared(IReadOnlyCollection<string> permissions) =>
        new[] { ConsentPermissions.Transactions, ConsentPermissions.Balances, ConsentPermissions.Products }
            .FirstOrDefault(kind => !permissions.Contains(kind));
}
